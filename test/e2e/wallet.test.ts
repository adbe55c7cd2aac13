/**
 * The learner's journey in a real Chromium against a real server whose mail goes to a real SMTP server
 * (`smtp-server` on 127.0.0.1): a credential is issued through the API; its e-mail arrives over SMTP with
 * the claim link; the claim page; "send me a
 * sign-in link"; the sign-in mail arrives over SMTP; its link creates the wallet, which opens on the
 * credential; the learner makes it public; the share link opens logged-out; the claim link refuses a
 * second use. axe-core checks each new page; screenshots go to test-results/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSmtpServer } from '../support/smtp.js';
import { waitFor } from '../support/wait.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const LEARNER = 'lee.learner@example.org';

/** The text of a raw message, quoted-printable soft breaks and `=3D` undone. */
function bodyOf(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

let smtp: TestSmtpServer;
const signInMail = () => smtp.to(LEARNER).find((mail) => /\/wallet\/sign-in#token=/.test(bodyOf(mail.raw)));
let server: E2eServer;
let browser: Browser;
let page: Page;
let claimUrl = '';
let credential = { id: '', url: '', name: '' };

describe('the learner journey: claim, wallet, share', () => {
  beforeAll(async () => {
    smtp = new TestSmtpServer();
    await smtp.start();
    server = await startE2eServer({
      env: { CAIRN_SMTP_URL: smtp.url, CAIRN_MAIL_FROM: 'Cairn <no-reply@example.org>' },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const issued = await issueCredential(server, { email: LEARNER, name: 'Lee Learner' });
    // The "issued" e-mail arrives over SMTP with the claim link.
    await waitFor(() => smtp.to(LEARNER).length > 0, { message: 'the issued mail never arrived' });
    claimUrl =
      /(http:\/\/localhost:\d+\/claim\/[A-Za-z0-9_%-]+)/.exec(bodyOf(smtp.to(LEARNER)[0]!.raw))?.[1] ?? '';
    expect(claimUrl).not.toBe('');
    const achievement = (issued.credential.credentialSubject as { achievement: { name: string } })
      .achievement;
    credential = { id: issued.id, url: issued.url, name: achievement.name };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
  });

  it('the claim page shows the credential and sends a sign-in link, which arrives over SMTP', async () => {
    await page.goto(claimUrl);
    await page.getByRole('heading', { name: credential.name, level: 1 }).waitFor();
    await page.getByText(`We will send a link to ${LEARNER}`).waitFor();
    await screenshot(page, 'claim-page');
    expect(await axe(page), 'claim page').toEqual([]);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('status').getByText(`we sent a sign-in link to ${LEARNER}`).waitFor();
    await waitFor(() => signInMail() !== undefined, { message: 'the sign-in mail never arrived' });
    expect(signInMail()?.headers.subject).toBe('Your sign-in link');
  });

  it('the link creates the wallet, which opens on the credential; the learner makes it public', async () => {
    const link = /(http:\/\/localhost:\d+\/wallet\/sign-in#token=[A-Za-z0-9_%-]+)/.exec(
      bodyOf(signInMail()?.raw ?? ''),
    )?.[1];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.waitForURL(`**/wallet/credentials/${encodeURIComponent(credential.id)}`);
    await page.getByRole('heading', { name: credential.name, level: 1 }).waitFor();
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'wallet-credential');
    expect(await axe(page), 'wallet credential').toEqual([]);
    await page.getByLabel('Who sees it').selectOption('public');
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByRole('link', { name: 'Back to my credentials' }).click();
    await page.getByRole('heading', { name: 'My credentials', level: 1 }).waitFor();
    await page.getByRole('link', { name: credential.name }).waitFor();
    await screenshot(page, 'wallet');
    expect(await axe(page), 'wallet').toEqual([]);
    await page.goto(`${server.url}/wallet/imports`);
    await page.getByRole('heading', { name: 'Imported credentials', level: 1 }).waitFor();
    expect(await axe(page), 'wallet imports').toEqual([]);
    await page.goto(`${server.url}/wallet/account`);
    await page.getByRole('heading', { name: 'Account and privacy', level: 1 }).waitFor();
    await page.getByText(LEARNER).first().waitFor();
    await screenshot(page, 'wallet-account');
    expect(await axe(page), 'wallet account').toEqual([]);
  });

  it('the share link opens logged-out; the claim link refuses a second use; signed out, the wallet asks to sign in', async () => {
    const visitor = await browser.newContext({ locale: 'en-US' });
    const stranger = await visitor.newPage();
    const answer = await stranger.goto(credential.url);
    expect(answer?.status()).toBe(200);
    await stranger.getByRole('heading', { name: credential.name }).first().waitFor();
    const claim = await stranger.goto(claimUrl);
    expect(claim?.status()).toBe(410);
    await stranger.getByRole('heading', { name: 'This claim link was used already' }).waitFor();
    expect(await axe(stranger), 'used claim link').toEqual([]);
    await stranger.goto(`${server.url}/wallet`);
    await stranger.getByRole('heading', { name: 'Your wallet', level: 1 }).waitFor();
    await screenshot(stranger, 'wallet-sign-in');
    expect(await axe(stranger), 'wallet sign-in').toEqual([]);
    await visitor.close();
  });
});
