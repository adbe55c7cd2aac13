/**
 * Changing credentials' status from the console, in a real browser: suspend, lift, renew and the history
 * on a credential's page; several at once from the list; every credential a filter matches, after a
 * confirmation that gives the count. Each change is then seen where a verifier looks: the public page
 * (verified in the reader's browser) and POST /api/v1/verify.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { signInAsDemoAdmin } from './support/console.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

type Issued = Awaited<ReturnType<typeof issueCredential>>;

let server: E2eServer;
let browser: Browser;
let page: Page;
const issued: Record<string, Issued> = {};

async function apiAsDemo(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.demo.apiKey}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** What Cairn's verifier says of the credential as issued (its signed JSON, checked against the lists). */
async function verdictOf(credential: Issued): Promise<{ verified: boolean; verdict: string }> {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credential.credential),
  });
  return (await response.json()) as { verified: boolean; verdict: string };
}

/** The public page, verified in a fresh browser page: its verdict's text. */
async function publicVerdict(credential: Issued, wanted: string): Promise<void> {
  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await reader.goto(credential.url);
  await reader.getByTestId('verdict').getByText(wanted).waitFor({ timeout: 30_000 });
  await reader.close();
}

/** Accepts the next confirmation the page asks for; resolves with its question. */
function acceptNextDialog(): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    });
  });
}

async function openDetail(credential: Issued): Promise<void> {
  await page.goto(`${server.url}/console/credentials/${encodeURIComponent(credential.id)}`);
  await page.getByRole('heading', { name: 'History', level: 2 }).waitFor();
}

describe('credential status in the console', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const issuers = (await apiAsDemo('/api/v1/issuers')) as { items: { id: string }[] };
    for (const issuer of issuers.items) {
      await apiAsDemo(`/api/v1/issuers/${issuer.id}`, { method: 'PATCH', body: { suspensionEnabled: true } });
    }
    issued.ada = await issueCredential(server, { email: 'ada@example.org', name: 'Ada Lovelace' });
    issued.grace1 = await issueCredential(server, { email: 'grace@example.org', name: 'Grace Hopper' });
    issued.grace2 = await issueCredential(server, { email: 'grace@example.org', name: 'Grace Hopper' });
    for (const index of [1, 2, 3]) {
      issued[`linus${index}`] = await issueCredential(server, {
        email: 'linus@example.org',
        name: 'Linus Pauling',
      });
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await signInAsDemoAdmin(page, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('suspends and lifts the suspension from the detail page; verifiers follow', async () => {
    const ada = issued.ada as Issued;
    await openDetail(ada);
    await page.getByLabel('Reason', { exact: true }).fill('Under review');
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await page.getByText('The credential was suspended.').waitFor();
    await page.locator('.page-head').getByText('Suspended').waitFor();
    await expect(verdictOf(ada)).resolves.toMatchObject({ verified: false, verdict: 'suspended' });
    await publicVerdict(ada, 'Suspended by its issuer');

    await page.getByRole('button', { name: 'Lift the suspension' }).click();
    await page.getByText('The suspension was lifted.').waitFor();
    await page.locator('.page-head').getByText('Active').waitFor();
    await expect(verdictOf(ada)).resolves.toMatchObject({ verified: true, verdict: 'valid' });
  });

  it('renews with a new end of validity, keeping the id; the history lists every change', async () => {
    const ada = issued.ada as Issued;
    await page.getByLabel('New end of validity').fill('2031-12-31');
    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    await page.getByText('The credential was renewed.').waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('cell', { name: 'Renewed' }).waitFor();
    await history.getByText('Valid until December 31, 2031').waitFor();
    const actions = await history.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(actions).toEqual(['Renewed', 'Suspension lifted', 'Suspended', 'Issued']);
    await history.getByText('Reason: Under review').waitFor();
    await screenshot(page, 'console-credential-history');
    expect(await axe(page)).toEqual([]);

    // The public JSON is the renewed credential: same id, new validity; it verifies.
    const renewed = (await (await fetch(`${server.url}/c/${ada.id}.json`)).json()) as Record<string, unknown>;
    expect(renewed.id).toBe(ada.credential.id);
    expect(renewed.validUntil).toBe('2031-12-31T23:59:59Z');
    expect(renewed.awardedDate).toBe(ada.credential.awardedDate);
    await expect(verdictOf({ ...ada, credential: renewed })).resolves.toMatchObject({ verified: true });
    await publicVerdict(ada, 'Verified');
  });

  it('suspends, then revokes, several credentials selected in the list', async () => {
    const [first, second] = [issued.grace1 as Issued, issued.grace2 as Issued];
    await page.goto(`${server.url}/console/credentials`);
    await page.getByRole('heading', { name: 'Act on several credentials' }).waitFor();
    const rows = page.getByRole('checkbox', { name: /^Select .*Grace Hopper$/ });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await rows.nth(0).check();
    await rows.nth(1).check();
    await page.getByText('2 selected').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Exam under review');
    // One request for both: the bulk API, not one call per credential.
    const posts: string[] = [];
    const record = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && request.url().includes('/api/v1/credentials/')) {
        posts.push(new URL(request.url()).pathname);
      }
    };
    page.on('request', record);
    await page.getByRole('button', { name: 'Suspend selected' }).click();
    await page.getByText('2 credentials were suspended.').waitFor();
    page.off('request', record);
    expect(posts).toEqual(['/api/v1/credentials/bulk-suspend']);
    await expect(verdictOf(first)).resolves.toMatchObject({ verdict: 'suspended' });
    await expect(verdictOf(second)).resolves.toMatchObject({ verdict: 'suspended' });
    await expect(
      page
        .getByRole('row', { name: /Grace Hopper/ })
        .first()
        .textContent(),
    ).resolves.toContain('Suspended');

    await rows.nth(0).check();
    await rows.nth(1).check();
    // Revoking needs a reason; then a confirmation that says how many.
    await page.getByRole('button', { name: 'Revoke selected' }).click();
    await page.getByText('Give the reason for revoking it.').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Exam invalidated');
    const asked = acceptNextDialog();
    await page.getByRole('button', { name: 'Revoke selected' }).click();
    await expect(asked).resolves.toBe('Revoke the 2 selected credentials? This cannot be undone.');
    await page.getByText('2 credentials were revoked.').waitFor();
    await expect(verdictOf(first)).resolves.toMatchObject({ verified: false, verdict: 'revoked' });
    await expect(verdictOf(second)).resolves.toMatchObject({ verified: false, verdict: 'revoked' });
    await publicVerdict(second, 'Revoked by its issuer');
  });

  it('revokes every credential a filter matches, after a confirmation that states the count', async () => {
    await page.getByLabel('Learner’s e-mail address').fill('linus@example.org');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('3 credentials shown').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Course withdrawn');
    await page.getByLabel('Show the reason on the credential’s public page').check();
    await screenshot(page, 'console-credentials-bulk');
    expect(await axe(page)).toEqual([]);

    // Declined first: nothing happens.
    const declined = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    const revokeMatching = page.getByRole('button', { name: 'Revoke all matching this filter' });
    await revokeMatching.click();
    await expect(declined).resolves.toMatch(/^Revoke 3 credentials/);
    // The panel is idle again once the answer is handled: nothing was sent.
    await expect.poll(() => revokeMatching.isEnabled()).toBe(true);
    await expect(verdictOf(issued.linus1 as Issued)).resolves.toMatchObject({ verdict: 'valid' });

    const asked = acceptNextDialog();
    await page.getByRole('button', { name: 'Revoke all matching this filter' }).click();
    await expect(asked).resolves.toBe('Revoke 3 credentials matching this filter? This cannot be undone.');
    await page.getByText('3 credentials were revoked.').waitFor();
    for (const index of [1, 2, 3]) {
      await expect(verdictOf(issued[`linus${index}`] as Issued)).resolves.toMatchObject({
        verdict: 'revoked',
      });
    }
    await expect.poll(() => page.getByRole('row', { name: /Revoked/ }).count(), { timeout: 10_000 }).toBe(3);
    const reader = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await reader.goto((issued.linus3 as Issued).url);
    await reader.getByTestId('verdict').getByText('Revoked by its issuer').waitFor({ timeout: 30_000 });
    await reader.getByText('Reason given: Course withdrawn').waitFor();
    await screenshot(reader, 'revoked-in-bulk-credential-page');
    await reader.close();

    // Nothing left to revoke: said so, and no confirmation is asked.
    await page.getByLabel('Reason', { exact: true }).fill('Again');
    await page.getByRole('button', { name: 'Revoke all matching this filter' }).click();
    await page.getByText('No credential matching this filter is left to revoke.').waitFor();
  });
});
