/**
 * Issuing with the keyboard alone: no mouse, no clicks — Tab, typing, arrows and Enter — from the skip
 * link to the signed credential's public page, with the focus visible all the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.js';
import { demoAchievement, hasAchievementsApi } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let page: Page;

type Focused = { tag: string; id: string; text: string; outline: string; boxShadow: string };

async function focused(target: Page): Promise<Focused> {
  return await target.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const style = element ? getComputedStyle(element) : undefined;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      text: (element?.textContent ?? '').trim().slice(0, 80),
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
      boxShadow: style?.boxShadow ?? '',
    };
  });
}

/** Presses Tab until `matches` holds (at most `limit` times); fails if the focus never gets there. */
async function tabTo(target: Page, matches: (element: Focused) => boolean, limit = 40): Promise<Focused> {
  for (let step = 0; step < limit; step += 1) {
    await target.keyboard.press('Tab');
    const element = await focused(target);
    if (matches(element)) {
      return element;
    }
  }
  throw new Error(`Tab never reached the element (last: ${JSON.stringify(await focused(target))})`);
}

function visibleFocus(element: Focused): boolean {
  return (
    (!element.outline.startsWith('none') && !element.outline.endsWith(' 0px')) || element.boxShadow !== 'none'
  );
}

describe('keyboard only', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, issues a credential and opens its page without a pointer', async () => {
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { name: 'Sign in to Cairn' }).waitFor();

    // The first Tab reaches the skip link, which moves the focus to the main content.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip.text).toBe('Skip to content');
    expect(visibleFocus(skip)).toBe(true);

    const email = await tabTo(page, (element) => element.id === 'sign-in-email');
    expect(visibleFocus(email)).toBe(true);
    await page.keyboard.type(server.demo.login.email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('sign-in-password');
    await page.keyboard.type(server.demo.login.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();

    const link = await tabTo(page, (element) => element.tag === 'a' && element.text === 'Issue a credential');
    expect(visibleFocus(link)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Issue a credential', level: 1 }).waitFor();
    // After navigating, the focus is on the new page's heading, not left behind in the menu.
    await expect.poll(async () => (await focused(page)).id).toBe('issue-title');

    if (await hasAchievementsApi(server)) {
      const select = await tabTo(page, (element) => element.id === 'issue-achievement');
      expect(visibleFocus(select)).toBe(true);
      // Arrow keys choose another achievement in the list.
      await page.keyboard.press('ArrowDown');
    } else {
      await tabTo(page, (element) => element.id === 'issue-achievement');
      await page.keyboard.type(await demoAchievement(server, 'Unit 2: Visualising Data'));
    }
    // A wrong address first: the errors are announced and the focus goes to their summary.
    await tabTo(page, (element) => element.id === 'issue-email');
    await page.keyboard.type('grace@');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/Enter an e-mail address, like/)
      .waitFor();
    const summary = await focused(page);
    expect(summary.text).toMatch(/^Please correct the following/);
    await screenshot(page, 'keyboard-issue-errors');
    // Its link leads back to the field.
    await tabTo(page, (element) => element.tag === 'a' && element.text.startsWith('E-mail address'), 3);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('issue-email');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('grace@example.org');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('issue-name');
    await page.keyboard.type('Grace Hopper');
    await page.keyboard.press('Enter');
    await page.getByText(/was issued\./).waitFor();
    await screenshot(page, 'keyboard-issued');

    await tabTo(page, (element) => element.tag === 'a' && element.text === 'Open the public page');
    await page.keyboard.press('Enter');
    await page.getByTestId('verdict').getByText('Verified').waitFor({ timeout: 30_000 });
    await page.getByText('Grace Hopper').first().waitFor();
    // The page's own controls are reachable too.
    const copy = await tabTo(page, (element) => element.tag === 'button' && element.text === 'Copy link');
    expect(visibleFocus(copy)).toBe(true);
  });
});
