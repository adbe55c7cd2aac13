/**
 * The organization's settings page in a real Chromium against a real Cairn (the development mailbox):
 * the admin sets the language of e-mail to learners to Spanish and saves; a credential issued afterwards
 * is mailed in Spanish. The page passes axe in English and Spanish; screenshots are saved.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;

describe('organization settings in the console', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets the mail language to Spanish; the next credential is mailed in Spanish', async () => {
    const page = await signInToConsole(browser, server);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organization settings' }).waitFor();
    const select = page.getByLabel('Language of e-mail to learners');
    expect(await select.inputValue()).toBe('');
    expect(await axe(page), 'settings').toEqual([]);
    await screenshot(page, 'console-settings');

    await select.selectOption('es');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await openConsolePage(page, server, '/console/settings');
    expect(await page.getByLabel('Language of e-mail to learners').inputValue()).toBe('es');

    await issueCredential(server, { email: 'ines@example.org', name: 'Inés' });
    const subjects = async () => {
      const answer = await fetch(`${server.url}/api/v1/dev/mailbox?to=ines@example.org`, {
        headers: { authorization: `Bearer ${server.demo.apiKey}` },
      });
      return ((await answer.json()) as { items: { subject: string }[] }).items.map((item) => item.subject);
    };
    await waitFor(async () => (await subjects()).length > 0, { message: 'the mail to ines@example.org' });
    expect((await subjects()).some((subject) => subject.startsWith('Has obtenido'))).toBe(true);
    await page.close();
  });

  it('in Spanish, the page passes axe', async () => {
    const page = await signInToConsole(browser, server);
    await openConsolePage(page, server, '/console/settings');
    await page.locator('#console-language').selectOption('es');
    await page.getByRole('heading', { level: 1, name: 'Ajustes de la organización' }).waitFor();
    expect(await axe(page), 'settings (es)').toEqual([]);
    await screenshot(page, 'console-settings-es');
    await page.close();
  });
});
