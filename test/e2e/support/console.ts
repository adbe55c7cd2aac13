/** The console in the browser: signing in as the demo organization's admin, and waiting for a page. */
import type { Browser, Page } from 'playwright-core';
import type { E2eServer } from './server.js';

export async function signInToConsole(browser: Browser, server: E2eServer, locale = 'en-US'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale });
  await signInAsDemoAdmin(page, server);
  return page;
}

/** A console page opened by its address, once its data has loaded. */
export async function openConsolePage(page: Page, server: E2eServer, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    () => !document.querySelector('[role="status"].note')?.textContent?.match(/^(Loading|Cargando)/),
  );
}

/** The console's sign-in in an open page, as the demo organization's admin would do it. */
export async function signInAsDemoAdmin(page: Page, server: E2eServer): Promise<void> {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('E-mail address').fill(server.demo.login.email);
  await page.getByLabel('Password').fill(server.demo.login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();
}
