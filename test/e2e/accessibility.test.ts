/**
 * axe-core on every key page (WCAG 2.0–2.2 A and AA, and axe's best practices): no violations, in
 * English and in Spanish; and the pages on a phone (375 px wide) with nothing wider than the screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { hasAchievementsApi, issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let credential: { id: string; url: string };
let issuerId = '';

async function signedIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/console`);
  await page.getByLabel('E-mail address').fill(server.demo.login.email);
  await page.getByLabel('Password').fill(server.demo.login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent !== 'Sign in to Cairn');
  return page;
}

/** Opens a page and waits for it to settle: verification done, data loaded. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.locator('h1').first().waitFor();
  if (path.startsWith('/c/')) {
    await page.locator('.verification[data-phase="done"]').waitFor({ timeout: 30_000 });
  }
  await page.waitForFunction(
    () => !document.querySelector('[role="status"].note')?.textContent?.match(/^(Loading|Cargando)/),
  );
  await page.waitForTimeout(150);
}

describe('accessibility and small screens', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    credential = await issueCredential(server, { email: 'ada@example.org', name: 'Ada Lovelace' });
    const issuers = await fetch(`${server.url}/api/v1/issuers`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    issuerId = ((await issuers.json()) as { items: { id: string }[] }).items[0]?.id ?? '';
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds no axe violations on the public pages, in English and Spanish', async () => {
    for (const locale of ['en-US', 'es-ES']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
      const page = await context.newPage();
      const suffix = locale === 'en-US' ? '' : '-es';
      for (const [name, path] of [
        ['home', '/'],
        ['verify', '/verify'],
        ['credential', `/c/${credential.id}`],
        ['issuer', '/i/demo-academy'],
      ] as const) {
        await open(page, path);
        expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
        expect(await axe(page), `${path} (${locale})`).toEqual([]);
        await screenshot(page, `public-${name}${suffix}`);
      }
      // The verifier with a result on it, failed and passed.
      await open(page, `/verify?url=${encodeURIComponent(credential.url)}`);
      await page.locator('.verification[data-phase="done"]').waitFor({ timeout: 30_000 });
      expect(await axe(page), `verify with a result (${locale})`).toEqual([]);
      await page.getByRole('textbox').fill('{"not": "a credential"}');
      await page
        .getByRole('button', { name: locale === 'en-US' ? 'Verify' : 'Verificar', exact: true })
        .click();
      await page.locator('.verdict-bad').waitFor();
      // Something that is no credential at all has no claims to show.
      expect(await page.locator('.claims').count()).toBe(0);
      expect(await axe(page), `verify with a failure (${locale})`).toEqual([]);
      await screenshot(page, `public-verify-failed${suffix}`);
      await context.close();
    }
  });

  it('finds no axe violations in the console', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const signIn = await context.newPage();
    await open(signIn, '/console');
    expect(await axe(signIn), 'sign-in').toEqual([]);
    await signIn.close();
    const page = await signedIn(context);
    const paths = [
      '/console',
      '/console/issue',
      '/console/credentials',
      `/console/credentials/${credential.id}`,
      '/console/issuers',
      `/console/issuers/${issuerId}`,
      '/console/issuers/new',
      '/console/team',
      '/console/api-keys',
    ];
    if (await hasAchievementsApi(server)) {
      paths.push('/console/achievements', '/console/achievements/new');
    }
    for (const path of paths) {
      await open(page, path);
      expect(await axe(page), path).toEqual([]);
    }
    // A form showing its errors.
    await open(page, '/console/issue');
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page.getByRole('alert').waitFor();
    expect(await axe(page), 'issue form with errors').toEqual([]);
    // The console in Spanish, through its language switch.
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Emitir una credencial', level: 1 }).waitFor();
    // The form's own messages follow the language.
    await page.getByRole('alert').getByText('Escribe su correo electrónico (o un DID).').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await axe(page), 'issue form in Spanish').toEqual([]);
    await screenshot(page, 'console-issue-es');
    await page.getByLabel('Idioma').selectOption('en');
    await context.close();
  });

  it('fits a phone screen (375 px) without sideways scrolling', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    const page = await context.newPage();
    // Nothing wider than the screen: the page's scrollable width is the phone's (a mobile browser would
    // otherwise widen its layout viewport to the widest element).
    const fits = (target: Page) => target.evaluate(() => document.documentElement.scrollWidth <= 375);
    for (const [name, path] of [
      ['credential', `/c/${credential.id}`],
      ['verify', '/verify'],
      ['issuer', '/i/demo-academy'],
    ] as const) {
      await open(page, path);
      expect(await fits(page), path).toBe(true);
      expect(await axe(page), `${path} on a phone`).toEqual([]);
      await screenshot(page, `phone-${name}`);
    }
    await page.close();
    const consolePage = await signedIn(context);
    for (const [name, path] of [
      ['console-home', '/console'],
      ['console-issue', '/console/issue'],
      ['console-credentials', '/console/credentials'],
    ] as const) {
      await open(consolePage, path);
      expect(await fits(consolePage), path).toBe(true);
      expect(await axe(consolePage), `${path} on a phone`).toEqual([]);
      await screenshot(consolePage, `phone-${name}`);
    }
    await context.close();
  });
});
