/**
 * A credential's files as a reader gets them: open /c/{id} in Chromium, click each download (PNG, SVG,
 * PDF), and hold every file to Cairn's verifier — the credential extracted from it is the one issued,
 * and POST /api/v1/verify with the file uploaded says it is verified. The PDF names the learner in its
 * text and its QR code leads to the credential's page. The page, the badge and the PDF's first page are
 * saved to test-results/screenshots to be looked at.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCredential } from '../../src/core/baking/index.js';
import { pdfFirstPage, pdfFirstPagePng, pdfText } from '../support/pdf.js';
import { launchChromium, SCREENSHOTS, screenshot } from './support/browser.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let reader: Page;
let issued: Awaited<ReturnType<typeof issueCredential>>;

async function download(label: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([
    reader.waitForEvent('download'),
    reader.getByRole('link', { name: label }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

async function verifyFile(bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
  const response = await fetch(`${server.url}/api/v1/verify`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  return (await response.json()) as { verified: boolean; verdict: string; container?: string };
}

function saveShot(name: string, bytes: Uint8Array): void {
  writeFileSync(join(SCREENSHOTS.pathname, name), bytes);
}

describe('downloads in a real browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    issued = await issueCredential(server, { email: 'ada@example.org', name: 'Ada Lovelace' });
    browser = await launchChromium();
    reader = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      acceptDownloads: true,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the credential page and sees it verified', async () => {
    await reader.goto(issued.url);
    await reader.getByTestId('verdict').getByText('Verified').waitFor({ timeout: 30_000 });
    await screenshot(reader, 'download-credential-page');
  });

  it.each([
    ['Download badge (PNG)', 'png', 'image/png'],
    ['Download badge (SVG)', 'svg', 'image/svg+xml'],
    ['Download certificate (PDF)', 'pdf', 'application/pdf'],
  ])('%s: the file carries the issued credential, and Cairn verifies it', async (label, extension, type) => {
    const file = await download(label);
    // Named for the achievement (Content-Disposition), not by an opaque id.
    expect(file.name).toBe(`Unit-1-Foundations-of-Data.${extension}`);
    const extracted = extractCredential(file.bytes);
    expect(JSON.parse(extracted.text)).toEqual(issued.credential);
    const report = await verifyFile(file.bytes, file.name, type);
    expect(report).toMatchObject({ verified: true, verdict: 'valid' });
    if (extension === 'png') {
      saveShot('download-badge.png', file.bytes);
    }
    if (extension === 'pdf') {
      expect(await pdfText(file.bytes)).toContain('Ada Lovelace');
      const first = await pdfFirstPage(file.bytes);
      expect(first.qr).toBe(issued.url);
      saveShot('download-certificate-page-1.png', await pdfFirstPagePng(file.bytes));
    }
  });
});
