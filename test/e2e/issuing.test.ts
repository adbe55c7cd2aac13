/**
 * The path a new issuer takes, in a real browser against a real server: sign in, create an achievement
 * with an image, issue it, open its public page and watch the browser verify it; then tamper with the
 * downloaded JSON, drop it on /verify, and see it fail with the reason.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.js';
import { demoAchievement, hasAchievementsApi } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const BADGE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200"><circle cx="100" cy="100" r="92" fill="#2f4b6e"/><circle cx="100" cy="100" r="70" fill="#98c1d9"/><path d="M60 120h80l-40-60z" fill="#17202b"/></svg>`;

let server: E2eServer;
let browser: Browser;
let page: Page;
let credentialUrl = '';
let credentialJson = '';
let certificatePdf: Buffer = Buffer.alloc(0);
/** The achievement issued: made in the console when this server has the achievements API, else a demo one. */
let achievement = { name: 'Unit 1: Foundations of Data', created: false };

async function signIn(target: Page, base: string, email: string, password: string): Promise<void> {
  await target.goto(`${base}/console`);
  await target.getByLabel('E-mail address').fill(email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();
}

describe('issuing and verifying in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in to the console', async () => {
    await page.goto(`${server.url}/console`);
    await page.getByRole('heading', { name: 'Sign in to Cairn' }).waitFor();
    await screenshot(page, 'console-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Enter your e-mail address/);
    await page.getByLabel('E-mail address').fill(server.demo.login.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That e-mail address and password do not match an account.').waitFor();
    await signIn(page, server.url, server.demo.login.email, server.demo.login.password);
    await screenshot(page, 'console-get-started');
  });

  it('creates an achievement with an image, with a live preview', async (context) => {
    if (!(await hasAchievementsApi(server))) {
      context.skip('this server has no achievements API yet: a demo achievement is issued instead');
    }
    await page.goto(`${server.url}/console/achievements/new`);
    await page.getByRole('heading', { name: 'New achievement', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Dry-Stone Walling');
    // The preview follows the form as it is typed.
    await page.locator('.preview').getByRole('heading', { name: 'Dry-Stone Walling' }).waitFor();
    await page.getByLabel('Type').selectOption('MicroCredential');
    await page.getByLabel('Description', { exact: true }).fill('Builds a wall that stands without mortar.');
    await page
      .getByLabel('Criteria', { exact: true })
      .fill('Build one metre of wall that passes inspection.');
    await page.getByLabel('Choose an image (PNG or SVG)').setInputFiles({
      name: 'wall.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from(BADGE_SVG),
    });
    await page.getByText('The image was uploaded.').waitFor();
    await page.getByLabel('Image description (alt text)').fill('A stone wall on a blue badge');
    await page.getByLabel('Tags').fill('masonry, heritage');
    await page.getByRole('button', { name: 'Add a skill' }).click();
    await page.getByLabel('Skill 1: name').fill('Stone selection');
    await page.getByLabel('Skill 1: web address').fill('https://skills.example/stone-selection');
    await expect(page.locator('.preview img.badge-image').first().getAttribute('src')).resolves.toMatch(
      /^\/images\//,
    );
    await page.locator('.preview').getByText('Stone selection').waitFor();
    await screenshot(page, 'console-achievement-editor');
    await page.getByRole('button', { name: 'Create achievement' }).click();
    await page.getByText('The achievement was created.').waitFor();
    await page.getByRole('heading', { name: 'Dry-Stone Walling', level: 1 }).waitFor();
    achievement = { name: 'Dry-Stone Walling', created: true };
  });

  it('issues it and shows what was issued', async () => {
    if (achievement.created) {
      await page.getByRole('link', { name: 'Issue', exact: true }).click();
      await page.getByRole('heading', { name: 'Issue a credential', level: 1 }).waitFor();
      await expect(
        page.getByLabel('Achievement', { exact: true }).locator('option:checked').textContent(),
      ).resolves.toBe('Dry-Stone Walling');
    } else {
      await page.getByRole('link', { name: 'Issue a credential' }).first().click();
      await page.getByRole('heading', { name: 'Issue a credential', level: 1 }).waitFor();
      await page.getByLabel('Achievement ID').fill(await demoAchievement(server));
    }
    // Validation first: no learner, and a malformed address.
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page.getByRole('alert').getByText('Enter the learner’s e-mail address (or a DID).').waitFor();
    await page.getByLabel('E-mail address').fill('ada@');
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page
      .getByRole('alert')
      .getByText(/Enter an e-mail address, like/)
      .waitFor();
    await expect(page.getByLabel('E-mail address').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'console-issue-errors');
    await page.getByLabel('E-mail address').fill('ada@example.org');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Ada Lovelace');
    await page.getByLabel('Link to the work').fill('https://example.org/ada/wall');
    await page.getByRole('button', { name: 'Issue credential' }).click();
    await page.getByText(/was issued\./).waitFor();
    await screenshot(page, 'console-issued');
    const link = page.getByRole('link', { name: 'Open the public page' });
    credentialUrl = new URL((await link.getAttribute('href')) as string, server.url).href;

    await page.goto(`${server.url}/console/credentials`);
    await page.getByRole('cell', { name: /^Ada Lovelace/ }).waitFor();
    await screenshot(page, 'console-credentials');
  });

  it('opens the public page and sees the browser verify the credential', async () => {
    const reader = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const problems: string[] = [];
    reader.on('pageerror', (error) => problems.push(error.message));
    reader.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(message.text());
      }
    });
    const requests: string[] = [];
    reader.on('request', (request) => requests.push(request.url()));
    const response = await reader.goto(credentialUrl);
    expect(response?.status()).toBe(200);
    // Server-rendered: the content and the preview tags are in the HTML itself.
    const html = (await response?.text()) ?? '';
    expect(html).toContain(`<meta property="og:title" content="${achievement.name} — Demo Academy">`);
    expect(html).toContain('Ada Lovelace');
    const verdict = reader.getByTestId('verdict');
    await verdict.getByText('Verified').waitFor({ timeout: 30_000 });
    for (const check of ['format', 'signature', 'issuer', 'validity', 'status']) {
      await expect(reader.locator(`[data-check="${check}"]`).getAttribute('class')).resolves.toContain(
        'check-passed',
      );
    }
    await expect(reader.locator('.verification [aria-live]').textContent()).resolves.toMatch(/^Verified/);
    // The page fetched the credential's own JSON and the issuer's DID document itself.
    expect(requests.some((url) => url.endsWith('.json') && url.includes('/c/'))).toBe(true);
    expect(requests.some((url) => url.includes('/i/demo-academy/did.json'))).toBe(true);
    expect(requests.some((url) => url.includes('/api/v1/verify'))).toBe(false);
    // The badge baked for this very credential, drawn by the server from the achievement's design.
    const badge = reader.locator('.credential img.badge-image');
    await expect(badge.getAttribute('src')).resolves.toBe(`${new URL(credentialUrl).pathname}.png`);
    await expect
      .poll(() => badge.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    if (achievement.created) {
      await reader.getByText('Stone selection').waitFor();
    }
    expect(problems).toEqual([]);
    await screenshot(reader, 'issued-credential-page');
    const download = await reader.request.get(`${credentialUrl}.json`);
    credentialJson = await download.text();
    certificatePdf = await (await reader.request.get(`${credentialUrl}.pdf`)).body();
    await reader.close();
  });

  it('fails a tampered credential dropped on /verify, and says why', async () => {
    const tampered = JSON.parse(credentialJson) as { credentialSubject: { achievement: { name: string } } };
    expect(tampered.credentialSubject.achievement.name).toBe(achievement.name);
    tampered.credentialSubject.achievement.name = 'Master Mason';
    await page.goto(`${server.url}/verify`);
    await page.getByRole('heading', { name: 'Verify a credential', level: 1 }).waitFor();
    await page.waitForFunction(
      () => !(document.querySelector('input[type=file]') as HTMLInputElement).disabled,
    );
    const dataTransfer = await page.evaluateHandle(
      (text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'tampered.json', { type: 'application/json' }));
        return transfer;
      },
      JSON.stringify(tampered, null, 2),
    );
    await page.dispatchEvent('[data-testid="dropzone"]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer });
    const verdict = page.getByTestId('verdict');
    await verdict
      .getByText('Not valid: the credential was changed after it was signed')
      .waitFor({ timeout: 30_000 });
    await expect(verdict.textContent()).resolves.toMatch(/Reason: .*signature/i);
    await expect(page.locator('[data-check="signature"]').getAttribute('class')).resolves.toContain(
      'check-failed',
    );
    await page.getByText('Read from the file tampered.json.').waitFor();
    // What it claims is shown, and said not to be trusted.
    await page.getByRole('heading', { name: 'What the credential claims', level: 2 }).waitFor();
    await page.getByText('It did not verify, so none of this can be trusted').waitFor();
    await page.getByRole('heading', { name: 'Master Mason', level: 3 }).waitFor();
    await screenshot(page, 'verify-tampered');

    // The certificate PDF, chosen as a file: the credential attached to it verifies.
    await page.getByLabel('Or choose a file').setInputFiles({
      name: 'certificate.pdf',
      mimeType: 'application/pdf',
      buffer: certificatePdf,
    });
    await page.getByText('Read from the certificate certificate.pdf (PDF).').waitFor();
    await page.getByTestId('verdict').getByText('Verified').waitFor({ timeout: 30_000 });
    await screenshot(page, 'verify-pdf');

    // The untouched credential, pasted as a link, verifies.
    await page.getByLabel('Or paste a credential (JSON or JWT) or a link to one').fill(credentialUrl);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByTestId('verdict').getByText('Verified').waitFor({ timeout: 30_000 });
    await screenshot(page, 'verify-link');
  });

  it('revokes it in the console, and the public page shows the browser finding it revoked', async () => {
    await page.goto(`${server.url}/console/credentials`);
    await page.getByRole('link', { name: /^Details\b.*ada@example\.org/ }).click();
    await page.getByRole('heading', { name: 'Revoke or suspend' }).waitFor();
    // Sharing, from the rendering routes: LinkedIn's add-to-profile link, the files, an embed snippet.
    await expect(
      page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/www\.linkedin\.com\//);
    await expect(page.getByLabel('Embed on a web page').inputValue()).resolves.toContain('<img');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('Give the reason for revoking it.').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Awarded by mistake');
    await page.getByLabel('Show the reason on the credential’s public page').check();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByText('The credential was revoked.').waitFor();
    await page.locator('h1 + .action-row, .page-head').getByText('Revoked').first().waitFor();
    await screenshot(page, 'console-credential-revoked');

    const reader = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await reader.goto(credentialUrl);
    await reader.getByTestId('verdict').getByText('Revoked by its issuer').waitFor({ timeout: 30_000 });
    await expect(reader.locator('[data-check="status"]').getAttribute('class')).resolves.toContain(
      'check-failed',
    );
    await expect(reader.locator('[data-check="signature"]').getAttribute('class')).resolves.toContain(
      'check-passed',
    );
    await reader
      .getByText('The issuer has revoked this credential. Reason given: Awarded by mistake')
      .waitFor();
    await screenshot(reader, 'revoked-credential-page');
    await reader.close();
  });
});
