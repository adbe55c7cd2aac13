/**
 * Pathways in a real browser: a 4-unit course built in the visual editor (two units, then "at least 2
 * of 3"), an impossible "at least 4 of 3" refused next to its group, the retroactive preview, saved;
 * the units issued through the API, the learner's progress followed in the console up to the award;
 * a new version; and the public page /p/{id} showing the stack, in English and Spanish. axe-core
 * checks each page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAchievement } from '../../src/storage/achievements.repository.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { demoAchievement, issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let page: Page;
let pathwayId = '';

const UNITS = [
  'Unit 1: Foundations of Data',
  'Unit 2: Visualising Data',
  'Unit 3: Statistics in Practice',
  'Unit 4: A Data Project',
];

/** An active achievement of the demo organization, made directly in the database. */
async function addAchievement(name: string, type: string): Promise<void> {
  const unit = await server.server.ctx.db
    .selectFrom('achievements')
    .select(['organization_id', 'issuer_id'])
    .where('name', '=', UNITS[0] as string)
    .executeTakeFirstOrThrow();
  await insertAchievement(server.server.ctx.db, {
    organization_id: unit.organization_id,
    issuer_id: unit.issuer_id,
    status: 'active',
    name,
    achievement_type: type,
    document: { name, description: `${name}.`, criteria: { narrative: 'Pass.' }, achievementType: type },
  });
}

describe('pathways in the console', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const names = await server.server.ctx.db.selectFrom('achievements').select('name').execute();
    for (const unit of UNITS) {
      expect(names.map((row) => row.name)).toContain(unit);
    }
    await addAchievement('Elective: Data Ethics', 'MicroCredential');
    await addAchievement('Certificate in Data Practice', 'Certificate');
    browser = await launchChromium();
    page = await signInToConsole(browser, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds a 4-unit pathway with an at-least-2-of-3 group, refusing an impossible n-of', async () => {
    await page.getByRole('link', { name: 'Pathways', exact: true }).click();
    await page.getByRole('heading', { name: 'Pathways', level: 1 }).waitFor();
    // The demo's pathway, with its figures from /stats.
    const demo = page.locator('tbody tr').filter({ hasText: 'Applied Data Analysis' });
    await demo.getByText('Nobody in progress').waitFor();
    expect(await axe(page), 'pathway list').toEqual([]);

    await page.getByRole('link', { name: 'New pathway' }).click();
    await page.getByRole('heading', { name: 'New pathway', level: 1 }).waitFor();
    await page.getByLabel('Awards').selectOption({ label: 'Certificate in Data Practice' });
    await page.getByLabel(/^Name/).fill('Data Practice');
    await page.getByLabel('When a component credential is revoked').selectOption('flag');
    const addToRoot = page.getByRole('button', { name: 'Add an achievement', exact: true });
    await addToRoot.click();
    await page.getByLabel('Achievement 1', { exact: true }).selectOption({ label: UNITS[0] as string });
    await addToRoot.click();
    await page.getByLabel('Achievement 2', { exact: true }).selectOption({ label: UNITS[1] as string });
    await page.getByRole('button', { name: 'Add a group', exact: true }).click();
    await page.getByLabel('Group needs 3').selectOption('atLeast');
    for (let n = 1; n <= 3; n += 1) {
      await page.getByRole('button', { name: 'Add an achievement 3', exact: true }).click();
    }
    await page.getByLabel('Achievement 3.1', { exact: true }).selectOption({ label: UNITS[2] as string });
    await page.getByLabel('Achievement 3.2', { exact: true }).selectOption({ label: UNITS[3] as string });
    await page
      .getByLabel('Achievement 3.3', { exact: true })
      .selectOption({ label: 'Elective: Data Ethics' });

    // At least 4 of 3: refused, and the message is on the group it concerns.
    await page.getByLabel('How many 3').fill('4');
    const group = page.getByRole('group', { name: /^3 · At least 4 of these/ });
    await group.getByText('asks for 4 of a list of 3: it can never be met').first().waitFor();
    await page.getByText('Problems to fix before saving: 1.').waitFor();
    await expect(page.getByRole('button', { name: 'Save pathway' }).isDisabled()).resolves.toBe(true);
    expect(await page.getByLabel('How many 3').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page), 'editor with an error').toEqual([]);
    await screenshot(page, 'console-pathway-editor-error');

    // Reorder: the first unit down and back up again.
    await page.getByRole('button', { name: 'Move down 1', exact: true }).click();
    await expect(page.getByLabel('Achievement 1', { exact: true }).inputValue()).resolves.toBe(
      await demoAchievement(server, UNITS[1]),
    );
    await page.getByRole('button', { name: 'Move up 2', exact: true }).click();
    await expect(page.getByLabel('Achievement 1', { exact: true }).inputValue()).resolves.toBe(
      await demoAchievement(server, UNITS[0]),
    );

    await page.getByLabel('How many 3').fill('2');
    await page.getByText('The requirements are valid: 5 achievements, at least 4 to complete.').waitFor();
    await page.getByRole('button', { name: 'Preview awards' }).click();
    await page.getByText('No learner meets it yet').waitFor();
    expect(await axe(page), 'valid editor with its preview').toEqual([]);
    await screenshot(page, 'console-pathway-editor');
    await page.getByRole('button', { name: 'Save pathway' }).click();
    await page.getByRole('heading', { name: 'Data Practice', level: 1 }).waitFor();
    pathwayId = page.url().split('/').pop() ?? '';
    const saved = await fetch(`${server.url}/api/v1/pathways/${pathwayId}`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    const ids = await Promise.all(UNITS.map((unit) => demoAchievement(server, unit)));
    const elective = await demoAchievement(server, 'Elective: Data Ethics');
    expect((await saved.json()) as { requirements: unknown; revocationPolicy: string }).toMatchObject({
      revocationPolicy: 'flag',
      requirements: {
        all: [
          { achievement: ids[0] },
          { achievement: ids[1] },
          { atLeast: 2, of: [{ achievement: ids[2] }, { achievement: ids[3] }, { achievement: elective }] },
        ],
      },
    });
  });

  it('follows a learner to the award as the units are issued through the API', async () => {
    const ids = await Promise.all(UNITS.map((unit) => demoAchievement(server, unit)));
    const ada = { email: 'ada@example.org', name: 'Ada Lovelace' };
    for (const id of ids.slice(0, 3)) {
      await issueCredential(server, ada, id);
    }
    await openConsolePage(page, server, `/console/pathways/${pathwayId}`);
    await page.getByLabel('Learner’s e-mail address').fill('ada@example.org');
    await page.getByRole('button', { name: 'Show progress' }).click();
    const bar = page.getByRole('progressbar', { name: 'Progress toward this pathway' });
    await bar.waitFor();
    const partial = Number(await bar.getAttribute('aria-valuenow'));
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(100);
    await page
      .getByText(UNITS[3] as string)
      .first()
      .waitFor();

    // The fourth unit completes it: its issue returns the certificate, and the console shows the award.
    const last = (await issueCredential(server, ada, ids[3])) as unknown as {
      awarded: { achievementId: string }[];
    };
    expect(last.awarded).toHaveLength(2);
    await page.reload();
    await page.getByLabel('Learner’s e-mail address').fill('ada@example.org');
    await page.getByRole('button', { name: 'Show progress' }).click();
    await page.getByText('Completed and awarded.').waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    const figures = page.locator('.pathway-figures');
    expect(await figures.locator('dt').allTextContents()).toContain('Completed');
    const values = Object.fromEntries(
      await figures
        .locator('div')
        .evaluateAll((items) =>
          items.map((item) => [item.querySelector('dt')?.textContent, item.querySelector('dd')?.textContent]),
        ),
    );
    expect(values).toMatchObject({ 'Learners started': '1', Completed: '1', Awarded: '1' });
    expect(await axe(page), 'pathway detail with a learner').toEqual([]);
    await screenshot(page, 'console-pathway-detail');
    await page.getByRole('link', { name: 'View the awarded credential' }).click();
    await page.getByText('Certificate in Data Practice').first().waitFor();
  });

  it('editing the tree publishes a new version', async () => {
    await openConsolePage(page, server, `/console/pathways/${pathwayId}/edit`);
    await page.getByRole('heading', { name: 'Edit “Data Practice”', level: 1 }).waitFor();
    await page.getByLabel('Achievement 3.3', { exact: true }).waitFor();
    await page.getByLabel('Earned within (months) 3').fill('12');
    await page.getByText('The requirements are valid').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('heading', { name: 'Data Practice', level: 1, exact: true }).waitFor();
    const answer = await fetch(`${server.url}/api/v1/pathways/${pathwayId}`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    const saved = (await answer.json()) as { version: number; versions?: unknown[] };
    expect(saved.version).toBe(2);
    await page.getByText('Version 2 —').waitFor();
  });

  it('shows the stack on the public page /p/{id}, in English and Spanish', async () => {
    for (const [locale, expected] of [
      ['en-US', 'Any 2 of these 3'],
      ['es-ES', 'Cualesquiera 2 de estos 3'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
      const visitor = await context.newPage();
      await visitor.goto(`${server.url}/p/${pathwayId}`);
      await visitor.getByRole('heading', { name: 'Data Practice', level: 1 }).waitFor();
      await visitor.getByText(expected).waitFor();
      for (const name of [...UNITS, 'Elective: Data Ethics']) {
        await visitor.getByRole('link', { name }).waitFor();
      }
      expect(await visitor.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      expect(await visitor.locator('meta[property="og:title"]').getAttribute('content')).toBe(
        'Data Practice',
      );
      expect(await axe(visitor), `/p/{id} (${locale})`).toEqual([]);
      await screenshot(visitor, `public-pathway${locale === 'en-US' ? '' : '-es'}`);
      await context.close();
    }
  });
});
