/**
 * The wallet's "Load more" in a real Chromium against a real Cairn: a learner holding more credentials
 * than one page (20) sees the first page, then all of them after "Load more", each once; the button goes
 * when there is nothing more. The page passes axe with the button; a screenshot is saved.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { issueCredential, learnerSession } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const LEARNER = 'many.cards@example.org';
const COUNT = 23;
let server: E2eServer;
let browser: Browser;

describe('the wallet in pages', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    for (let i = 0; i < COUNT; i++) {
      await issueCredential(server, { email: LEARNER });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows 20 cards, then the rest after "Load more", each once', async () => {
    const session = await learnerSession(server, LEARNER);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.addCookies([
      { name: 'cairn_wallet', value: session.token, url: server.url },
      { name: 'cairn_wallet_csrf', value: session.csrfToken, url: server.url },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/wallet`);
    await page.getByRole('heading', { name: 'My credentials', level: 1 }).waitFor();
    const cards = page.locator('ul.card-grid > li h2');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(20);
    const more = page.getByRole('button', { name: 'Load more' });
    await more.waitFor();
    expect(await axe(page), 'wallet with Load more').toEqual([]);
    await screenshot(page, 'wallet-load-more');

    await more.click();
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(COUNT);
    expect(await more.count()).toBe(0);
    const links = await page
      .locator('ul.card-grid > li h2 a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    expect(new Set(links).size).toBe(COUNT);
    await context.close();
  });
});
