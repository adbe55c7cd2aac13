/**
 * The console's other duties in a real browser: switching organizations (a new one starts empty and
 * says what to do first), setting up an issuer, adding a team member (the password shown once), and an
 * API key shown once, then revoked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/services/organizations.js';
import { launchChromium, screenshot } from './support/browser.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let page: Page;

describe('the console', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    // The demo admin also owns a second, empty organization.
    await createOrganization(server.server.ctx, {
      name: 'Harbour College',
      owner: { email: server.demo.login.email },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${server.url}/console`);
    await page.getByLabel('E-mail address').fill(server.demo.login.email);
    await page.getByLabel('Password').fill(server.demo.login.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('switches organization; a new one starts with its first steps', async () => {
    const switcher = page.getByLabel('Organization');
    await expect(switcher.locator('option').allTextContents()).resolves.toEqual([
      'Demo Academy',
      'Harbour College',
    ]);
    await switcher.selectOption({ label: 'Harbour College' });
    await page.getByText('Issuing for Harbour College.').waitFor();
    await page.getByRole('link', { name: 'Issuers', exact: true }).click();
    await page.getByRole('heading', { name: 'No issuer yet' }).waitFor();
    await screenshot(page, 'console-empty-issuers');
    await page.getByRole('link', { name: 'Credentials', exact: true }).click();
    await page.getByRole('heading', { name: 'No credential issued yet' }).waitFor();
    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'No credential issued yet' }).waitFor();
    await expect(page.getByLabel('Organization').inputValue()).resolves.not.toBe('');
  });

  it('sets up an issuer with its did:web and key, and rotates the key', async () => {
    await page.getByRole('link', { name: 'Issuers', exact: true }).click();
    await page.getByRole('link', { name: 'New issuer' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Harbour College School of Navigation');
    await expect(page.getByLabel('Short name in web addresses').inputValue()).resolves.toBe(
      'harbour-college-school-of-navigation',
    );
    await page.getByLabel('Website').fill('not a url');
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await page
      .getByRole('alert')
      .getByText(/Enter a full web address/)
      .waitFor();
    await page.getByLabel('Website').fill('https://harbour.example');
    await page.getByRole('button', { name: 'Create issuer' }).click();
    await page.getByRole('heading', { name: 'Harbour College School of Navigation', level: 1 }).waitFor();
    await page
      .getByText(/did:web:localhost%3A\d+:i:harbour-college-school-of-navigation/)
      .first()
      .waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByText('The key was rotated').waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    // Only its own section is marked current in the navigation.
    await expect(page.locator('.console-nav [aria-current="page"]').allTextContents()).resolves.toEqual([
      'Issuers',
    ]);
    await screenshot(page, 'console-issuer');
  });

  it('adds a team member, whose password is shown once, and changes their role', async () => {
    await page.getByRole('link', { name: 'Team', exact: true }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    await page.getByLabel('E-mail address').fill('grace@harbour.example');
    await page.getByRole('textbox', { name: /^Name/ }).fill('Grace Hopper');
    await page.getByLabel('Role', { exact: true }).selectOption('issuer');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('grace@harbour.example was added.').waitFor();
    const password = (await page.locator('code.secret').textContent()) ?? '';
    expect(password.length).toBeGreaterThan(10);
    await page.getByLabel('Role of Grace Hopper').selectOption('viewer');
    await page.getByText('Grace Hopper is now Viewer.').waitFor();
    await screenshot(page, 'console-team');

    // The new member signs in with that password and, as a viewer, cannot issue.
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await other.goto(`${server.url}/console/issue`);
    await other.getByLabel('E-mail address').fill('grace@harbour.example');
    await other.getByLabel('Password').fill(password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('Your role (viewer) can look, not issue.').waitFor();
    await expect(other.getByRole('link', { name: 'Team' }).count()).resolves.toBe(0);
    await other.close();
  });

  it('creates an API key shown once, which works, and revokes it', async () => {
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('Moodle');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Copy it now: it is shown this once').waitFor();
    const key = (await page.locator('code.secret').textContent()) ?? '';
    expect(key).toMatch(/^cairn_/);
    const asKey = await fetch(`${server.url}/api/v1/issuers`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(asKey.status).toBe(200);
    await screenshot(page, 'console-api-keys');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: /^Revoke\b.*Moodle/ }).click();
    await page.getByText('The key “Moodle” was revoked.').waitFor();
    const revoked = await fetch(`${server.url}/api/v1/issuers`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
  });
});
