/**
 * The pathway editor keeps a minimum result's `resultDescription` (the result it is about) in a real
 * Chromium: a pathway made through the API with `minResult: { value, resultDescription }` opens in the
 * editor with both shown; the number is changed and the pathway saved as a new version; the API then
 * answers the new number with the same description. axe checks the editor with the field in it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launchChromium } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { demoAchievement } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const RESULT = 'urn:uuid:final-exam-score';
let server: E2eServer;
let browser: Browser;

async function apiJson(path: string, init: { method?: string; body?: unknown } = {}) {
  const answer = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.demo.apiKey}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const json = (await answer.json()) as Record<string, unknown>;
  expect(answer.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

describe('the pathway editor and a minimum result about one result', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the result description, and keeps it when the minimum is edited and saved', async () => {
    const unit1 = await demoAchievement(server, 'Unit 1: Foundations of Data');
    const unit2 = await demoAchievement(server, 'Unit 2: Visualising Data');
    const target = await demoAchievement(server, 'Unit 4: A Data Project');
    const created = await apiJson('/api/v1/pathways', {
      method: 'POST',
      body: {
        name: 'Scored path',
        targetAchievementId: target,
        requirements: {
          all: [
            { achievement: unit1, minResult: { value: 70, resultDescription: RESULT } },
            { achievement: unit2, minResult: 50 },
          ],
        },
      },
    });
    const id = created.id as string;

    const page = await signInToConsole(browser, server);
    await openConsolePage(page, server, `/console/pathways/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit “Scored path”', level: 1 }).waitFor();
    const minimum = page.getByLabel('Minimum result 1', { exact: false }).first();
    expect(await minimum.inputValue()).toBe('70');
    const description = page.getByLabel('Result it applies to 1', { exact: false }).first();
    expect(await description.inputValue()).toBe(RESULT);
    expect(await axe(page), 'pathway editor with a result description').toEqual([]);

    await minimum.fill('75');
    await page.getByText('The requirements are valid').waitFor();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('heading', { name: 'Scored path', level: 1, exact: true }).waitFor();
    const saved = await apiJson(`/api/v1/pathways/${id}`);
    expect(saved.version).toBe(2);
    expect(saved.requirements).toEqual({
      all: [
        { achievement: unit1, minResult: { value: 75, resultDescription: RESULT } },
        { achievement: unit2, minResult: 50 },
      ],
    });
    await page.close();
  });
});
