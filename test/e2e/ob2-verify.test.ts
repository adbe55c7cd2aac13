/**
 * Open Badges 2.0 on /verify in a real Chromium: badges baked by an independent OB 2.0 issuer (a real
 * HTTP server on 127.0.0.1, test/support/ob2-issuer.ts) are dropped on the page and verified in the
 * browser, which reads the issuer's documents through Cairn's /api/v1/fetch (here allowed onto loopback).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../src/node/guarded-fetch.js';
import { bakeOb2Png, bakeOb2Svg, type Ob2Issuer, startOb2Issuer } from '../support/ob2-issuer.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let issuer: Ob2Issuer;
let server: E2eServer;
let browser: Browser;
let page: Page;

async function choose(name: string, mimeType: string, content: Uint8Array | string): Promise<void> {
  await page.getByLabel('Or choose a file').setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
}

describe('Open Badges 2.0 on /verify', () => {
  beforeAll(async () => {
    issuer = await startOb2Issuer();
    server = await startE2eServer({
      fetch: createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true }),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuer?.close();
  });

  it('verifies a signed OB 2.0 badge baked in a PNG, and shows what it says', async () => {
    await page.goto(`${server.url}/verify`);
    await page.getByRole('heading', { name: 'Verify a credential', level: 1 }).waitFor();
    await page.waitForFunction(
      () => !(document.querySelector('input[type=file]') as HTMLInputElement).disabled,
    );
    await choose('robotics.png', 'image/png', bakeOb2Png(await issuer.signed('ada@example.org')));
    await page.getByTestId('verdict').getByText('Verified').waitFor({ timeout: 30_000 });
    for (const row of ['format', 'signature', 'issuer', 'validity', 'status']) {
      await expect(page.locator(`[data-check="${row}"]`).getAttribute('class')).resolves.toContain(
        'check-passed',
      );
    }
    await page.getByRole('heading', { name: 'What the credential says', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Robotics Basics', level: 3 }).waitFor();
    await page.getByText('Issued by Example Maker Society').waitFor();
    await page.getByText('Awarded to a learner (e-mail address kept private)').waitFor();
    await screenshot(page, 'verify-ob2-signed-png');
    expect(await axe(page)).toEqual([]);
  });

  it('finds a hosted OB 2.0 badge (its URL baked in an SVG) revoked by its issuer', async () => {
    const assertion = issuer.hosted('ada@example.org');
    issuer.revokeHosted(assertion, 'Awarded in error');
    await choose('revoked.svg', 'image/svg+xml', bakeOb2Svg(assertion.id as string));
    const verdict = page.getByTestId('verdict');
    await verdict.getByText('Revoked by its issuer').waitFor({ timeout: 30_000 });
    await expect(verdict.textContent()).resolves.toMatch(/Awarded in error/);
    await screenshot(page, 'verify-ob2-hosted-revoked');
  });

  it('a hosted badge whose copy was changed is not valid', async () => {
    const assertion = issuer.hosted('ada@example.org');
    await choose(
      'changed.png',
      'image/png',
      bakeOb2Png(JSON.stringify({ ...assertion, issuedOn: '2020-01-01T00:00:00Z' })),
    );
    await page
      .getByTestId('verdict')
      .getByText('Not valid: the credential was changed after it was signed')
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-check="signature"]').getAttribute('class')).resolves.toContain(
      'check-failed',
    );
  });
});
