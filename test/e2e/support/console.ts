/** The console's sign-in, as the demo organization's admin would do it. */
import type { Page } from 'playwright-core';
import type { E2eServer } from './server.js';

export async function signInAsDemoAdmin(page: Page, server: E2eServer): Promise<void> {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('E-mail address').fill(server.demo.login.email);
  await page.getByLabel('Password').fill(server.demo.login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();
}
