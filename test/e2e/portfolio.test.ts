/**
 * The public portfolio `/u/{handle}` in a real Chromium: a learner who made a credential public and
 * turned the portfolio on (through the wallet API, as the wallet does) has a page listing it, with the
 * pathway progress; axe-core finds no violations in English and Spanish, nor on a 375 px phone (where
 * nothing is wider than the screen); screenshots of each.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { issueCredential, learnerSession } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const LEARNER = 'mae.portfolio@example.org';
const HANDLE = 'mae-jemison';
let server: E2eServer;
let browser: Browser;
let credentialName = '';

describe('the public portfolio', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    const issued = await issueCredential(server, { email: LEARNER, name: 'Mae Jemison' });
    credentialName = (issued.credential.credentialSubject as { achievement: { name: string } }).achievement
      .name;
    const session = await learnerSession(server, LEARNER);
    const wallet = async (method: string, path: string, body: unknown) => {
      const answer = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          cookie: `cairn_wallet=${session.token}; cairn_wallet_csrf=${session.csrfToken}`,
          'x-csrf-token': session.csrfToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      expect(answer.status, await answer.clone().text()).toBe(200);
    };
    await wallet('PATCH', '/api/v1/wallet/profile', {
      handle: HANDLE,
      displayName: 'Mae Jemison',
      portfolioPublic: true,
      portfolioPathways: true,
    });
    await wallet('PUT', `/api/v1/wallet/credentials/${encodeURIComponent(issued.id)}/visibility`, {
      visibility: 'public',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no axe violations in English and Spanish; screenshots', async () => {
    for (const locale of ['en-US', 'es-ES']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
      const page = await context.newPage();
      const answer = await page.goto(`${server.url}/u/${HANDLE}`);
      expect(answer?.status()).toBe(200);
      await page.getByRole('heading', { name: 'Mae Jemison', level: 1 }).waitFor();
      await page.getByRole('link', { name: credentialName }).first().waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      expect(await axe(page), `/u/${HANDLE} (${locale})`).toEqual([]);
      await screenshot(page, `public-portfolio${locale === 'en-US' ? '' : '-es'}`);
      await context.close();
    }
  });

  it('fits a 375 px phone, with no axe violations', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/u/${HANDLE}`);
    await page.getByRole('heading', { name: 'Mae Jemison', level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(page), `/u/${HANDLE} (phone)`).toEqual([]);
    await screenshot(page, 'public-portfolio-phone');
    await context.close();
  });
});
