/**
 * "Resend" in a real Chromium against a real Cairn whose mail goes to a real SMTP server on 127.0.0.1
 * that refuses the address for good (550) until the test lets it in: the Mail page lists the failed e-mail,
 * the Resend button queues a fresh copy, the SMTP server receives it, and the log shows it sent beside the
 * failure. The page passes axe with the button in it; a screenshot is saved.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSmtpServer } from '../support/smtp.js';
import { waitFor } from '../support/wait.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const ADDRESS = 'sol@example.org';
let server: E2eServer;
let browser: Browser;
const smtp = new TestSmtpServer();
/** Whether the SMTP server refuses the address (until the issuer is about to resend). */
let refusing = true;

describe('resending a failed e-mail from the console', () => {
  beforeAll(async () => {
    await smtp.start();
    smtp.answer = (address) =>
      address === ADDRESS && refusing ? { code: 550, message: 'Mailbox unavailable' } : undefined;
    server = await startE2eServer({ env: { CAIRN_SMTP_URL: smtp.url } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('the failed e-mail has a Resend button; the fresh copy reaches the SMTP server', async () => {
    const credential = await issueCredential(server, { email: ADDRESS, name: 'Sol Reyes' });
    const ctx = server.server.ctx;
    await waitFor(async () => {
      const row = await ctx.db
        .selectFrom('mail_messages')
        .select('status')
        .where('credential_id', '=', credential.id)
        .where('kind', '=', 'credential.issued')
        .executeTakeFirst();
      return row?.status === 'failed';
    });
    const page = await signInToConsole(browser, server);
    await openConsolePage(page, server, '/console/mail');
    await page.getByLabel('Status').selectOption('failed');
    const row = page.getByRole('row', { name: /sol@example\.org You earned/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('550');
    expect(await axe(page), 'mail with a failed e-mail').toEqual([]);
    await screenshot(page, 'console-mail-failed');

    refusing = false;
    await row.getByRole('button', { name: `Resend the e-mail to ${ADDRESS}` }).click();
    await page.getByText('Queued again: a fresh copy is on its way.').waitFor();
    await waitFor(() => smtp.to(ADDRESS).length === 1, { message: 'the resent e-mail' });
    expect(smtp.to(ADDRESS)[0]?.raw).toContain('/claim/clm_');

    await openConsolePage(page, server, `/console/credentials/${credential.id}`);
    await page.getByText('E-mail to the learner').waitFor();
    for (let attempt = 0; attempt < 40; attempt++) {
      const text = await page.locator('dt:has-text("E-mail to the learner") + dd').textContent();
      if (text?.includes('Sent')) {
        break;
      }
      await openConsolePage(page, server, `/console/credentials/${credential.id}`);
    }
    expect(await page.locator('dt:has-text("E-mail to the learner") + dd').textContent()).toContain('Sent');
    await page.close();
  });
});
