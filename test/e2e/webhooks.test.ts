/**
 * Webhooks in a real browser, against a real receiver on 127.0.0.1: the endpoint is added in the
 * console (its secret shown once), a credential issued through the API reaches the receiver signed
 * with that secret, the delivery shows in the log with its response code and duration, and Resend
 * sends the same event again. Then the events are edited, the endpoint disabled and deleted.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/core/webhooks/signature.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { openConsolePage, signInToConsole } from './support/console.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

let server: E2eServer;
let browser: Browser;
let page: Page;
let receiver: Server;
let receiverUrl = '';
const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];

describe('webhooks in the console', () => {
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cairn-hook`;
    // A receiver on loopback is refused unless this development switch is on (docs/webhooks.md).
    server = await startE2eServer({ env: { CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'on' } });
    browser = await launchChromium();
    page = await signInToConsole(browser, server);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('adds an endpoint, whose secret is shown once, and delivers a signed event to it', async () => {
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'No endpoint yet' }).waitFor();
    expect(await axe(page), 'empty webhook list').toEqual([]);
    await page.getByLabel('Address (URL)').fill(receiverUrl);
    await page.getByLabel(/^Description/).fill('Registrar');
    await page.getByLabel('All events, including those added later').uncheck();
    await page.getByLabel(/^credential\.issued/).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(`The endpoint ${receiverUrl} was added.`).waitFor();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Copy the secret' }).click();
    await page.getByText('The secret was copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await axe(page), 'the new endpoint with its secret').toEqual([]);
    await screenshot(page, 'console-webhook-created');
    // Listed, and the secret is not shown again.
    const row = page.locator('tbody tr').first();
    expect((await row.locator('td').allTextContents()).slice(1, 3)).toEqual(['credential.issued', 'Enabled']);
    await openConsolePage(page, server, '/console/webhooks');
    expect(await page.locator('code.secret').count()).toBe(0);

    // A credential issued through the API reaches the receiver, signed with that secret.
    const credential = await issueCredential(server, { email: 'ada@example.org', name: 'Ada Lovelace' });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const first = received[0] as (typeof received)[number];
    expect(first.headers['cairn-event']).toBe('credential.issued');
    expect(
      verifyWebhookSignature(secret, String(first.headers['cairn-signature']), first.body, new Date()),
    ).toMatchObject({ valid: true });
    const event = JSON.parse(first.body.toString('utf8')) as { id: string; data: { credentialId: string } };
    expect(event.data.credentialId).toBe(credential.id);

    // The delivery log: delivered, 204, a duration; Resend sends the same event again.
    await page.getByRole('link', { name: receiverUrl }).click();
    await page.getByRole('heading', { name: receiverUrl, level: 1 }).waitFor();
    const log = page.getByRole('region', { name: 'Delivery log' }).locator('tbody tr');
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return (await log.first().locator('td').allTextContents()).join('|');
      })
      .toMatch(/^credential\.issued\|.+\|Delivered\|204\|\d+ ms\|1\|Resend/);
    expect(await axe(page), 'endpoint with its delivery log').toEqual([]);
    await screenshot(page, 'console-webhook-deliveries');
    await page.getByRole('button', { name: /^Resend/ }).click();
    await page.getByText('The event was sent again, as a new delivery.').waitFor();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    const again = JSON.parse((received[1] as (typeof received)[number]).body.toString('utf8')) as {
      id: string;
    };
    expect(again.id).toBe(event.id);
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return log.filter({ hasText: 'Delivered' }).count();
      })
      .toBe(2);
    await page.getByText('(resent)').waitFor();
  });

  it('edits the events, disables the endpoint, and deletes it', async () => {
    await page.getByLabel(/^credential\.revoked/).check();
    await page.getByRole('button', { name: 'Save events' }).click();
    await page.getByText('The events were saved.').waitFor();
    const answer = await fetch(`${server.url}/api/v1/webhooks`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    const [endpoint] = ((await answer.json()) as { items: { id: string; events: string[] }[] }).items;
    expect(endpoint?.events.sort()).toEqual(['credential.issued', 'credential.revoked']);

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('The endpoint is disabled: nothing is sent to it.').waitFor();
    await page.getByText('Disabled', { exact: true }).waitFor();
    await issueCredential(server, { email: 'grace@example.org', name: 'Grace Hopper' });
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('The endpoint is enabled.').waitFor();
    // No delivery was even queued for the credential issued while it was disabled.
    const id = endpoint?.id ?? '';
    const log = await fetch(`${server.url}/api/v1/webhooks/${id}/deliveries`, {
      headers: { authorization: `Bearer ${server.demo.apiKey}` },
    });
    expect(((await log.json()) as { items: unknown[] }).items).toHaveLength(2);
    expect(received).toHaveLength(2);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('heading', { name: 'No endpoint yet' }).waitFor();
  });
});
