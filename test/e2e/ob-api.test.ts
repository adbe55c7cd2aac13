/**
 * The Open Badges 3.0 API's consent in a real Chromium, with a real client on 127.0.0.1: the client sends
 * the learner to Cairn's authorization endpoint; signed out, the wallet's sign-in takes over, the sign-in
 * mail arrives over SMTP and its link returns to the request; the consent page names the client and its
 * scopes (axe, screenshot, also in Spanish); Allow lands on the client's redirect URI with code and state,
 * which the client exchanges (PKCE) for a token that reads the learner's credential. The wallet lists
 * the connected app, and disconnecting it revokes the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  authorizeUrl,
  type Client,
  clientMetadata,
  pkce,
  register,
  tokenRequest,
} from '../support/ob-api.js';
import { makePng } from '../support/png-fixtures.js';
import { TestSmtpServer } from '../support/smtp.js';
import { waitFor } from '../support/wait.js';
import { axe, launchChromium, screenshot } from './support/browser.js';
import { issueCredential } from './support/fixtures.js';
import { type E2eServer, startE2eServer } from './support/server.js';

const LEARNER = 'ana.app@example.org';

function bodyOf(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

/** The third-party client: its site, logo and redirect URI, recording every callback it receives. */
class ClientReceiver {
  readonly callbacks: URLSearchParams[] = [];
  private server: Server | undefined;
  host = '';

  async start(): Promise<void> {
    const logo = makePng();
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', `http://${this.host}`);
      if (url.pathname === '/logo.png') {
        response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(logo));
        return;
      }
      if (url.pathname === '/callback') {
        this.callbacks.push(url.searchParams);
      }
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><title>Test Wallet</title><h1>Test Wallet: ${url.pathname}</h1></html>`,
        );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let smtp: TestSmtpServer;
let server: E2eServer;
let receiver: ClientReceiver;
let browser: Browser;
let page: Page;
let client: Client;
let accessToken = '';
const signInMail = () => smtp.to(LEARNER).find((mail) => /\/wallet\/sign-in#token=/.test(bodyOf(mail.raw)));

describe('connecting an app to the wallet (OB 3.0 API consent)', () => {
  beforeAll(async () => {
    smtp = new TestSmtpServer();
    await smtp.start();
    server = await startE2eServer({
      env: { CAIRN_SMTP_URL: smtp.url, CAIRN_MAIL_FROM: 'Cairn <no-reply@example.org>' },
    });
    receiver = new ClientReceiver();
    await receiver.start();
    const registration = await register(server.url, clientMetadata(receiver.host));
    expect(registration.status).toBe(201);
    client = (await registration.json()) as Client;
    await issueCredential(server, { email: LEARNER, name: 'Ana App' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.stop();
    await smtp?.stop();
  });

  it('signs in through the wallet, asks for consent, and sends the code back to the client', async () => {
    const { verifier, challenge } = pkce();
    const redirect = client.redirect_uris[0] as string;
    await page.goto(
      authorizeUrl(server.url, {
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirect,
        scope: ALL_SCOPES,
        state: 'state-e2e',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    // Signed out: the wallet's sign-in, which remembers the request.
    await page.getByRole('heading', { name: 'Your wallet', level: 1 }).waitFor();
    await page.getByLabel('E-mail address').fill(LEARNER);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('status').getByText(`we sent a sign-in link to ${LEARNER}`).waitFor();
    await waitFor(() => signInMail() !== undefined, { message: 'the sign-in mail never arrived' });
    const link = /(http:\/\/localhost:\d+\/wallet\/sign-in#token=[A-Za-z0-9_%-]+)/.exec(
      bodyOf(signInMail()?.raw ?? ''),
    )?.[1];
    expect(link).toBeDefined();
    await page.goto(link as string);

    // Back on the request: the consent page.
    await page.getByRole('heading', { name: 'Test Wallet wants to use your wallet', level: 1 }).waitFor();
    await page.getByText('Read every credential in your wallet').waitFor();
    await page.getByText('Change the name on your profile').waitFor();
    await page.getByText(`You will then go back to ${receiver.host}.`).waitFor();
    // The logo is shown by the browser from the client's own host.
    await page.waitForFunction(
      () => ((document.querySelector('img.consent-logo') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
    );
    await screenshot(page, 'ob-api-consent');
    expect(await axe(page), 'consent page').toEqual([]);

    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${redirect}?**`);
    await page.getByRole('heading', { name: 'Test Wallet: /callback' }).waitFor();
    expect(receiver.callbacks).toHaveLength(1);
    const callback = receiver.callbacks[0] as URLSearchParams;
    expect(callback.get('state')).toBe('state-e2e');
    const code = callback.get('code') as string;

    const tokens = await tokenRequest(server.url, client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirect,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    accessToken = ((await tokens.json()) as { access_token: string }).access_token;
    const credentials = await fetch(`${server.url}/ims/ob/v3p0/credentials`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(credentials.status).toBe(200);
    expect(((await credentials.json()) as { credential: unknown[] }).credential).toHaveLength(1);
  });

  it('shows the consent page in Spanish, accessible, and Deny says access_denied to the client', async () => {
    const { challenge } = pkce();
    await page.goto(
      authorizeUrl(server.url, {
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: client.redirect_uris[0],
        scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
        state: 'state-es',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    // The language switch keeps the request.
    await page.getByRole('link', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Test Wallet quiere usar tu cartera', level: 1 }).waitFor();
    await page.getByText('Leer todas las credenciales de tu cartera').waitFor();
    await screenshot(page, 'ob-api-consent-es');
    expect(await axe(page), 'consent page (es)').toEqual([]);
    await page.getByRole('button', { name: 'Rechazar' }).click();
    await page.waitForURL(`${client.redirect_uris[0]}?**`);
    const denied = receiver.callbacks.at(-1) as URLSearchParams;
    expect(denied.get('error')).toBe('access_denied');
    expect(denied.get('state')).toBe('state-es');
    expect(denied.get('code')).toBeNull();
    // Back to English for the wallet.
    await page.goto(`${server.url}/?lang=en`);
  });

  it('an unknown client is stopped on Cairn’s page, never redirected', async () => {
    const answer = await page.goto(
      authorizeUrl(server.url, {
        response_type: 'code',
        client_id: 'unknown',
        redirect_uri: 'https://evil.example/cb',
      }),
    );
    expect(answer?.status()).toBe(400);
    expect(new URL(page.url()).host).toBe(new URL(server.url).host);
    await page.getByRole('heading', { name: 'This connection request cannot be used', level: 1 }).waitFor();
    expect(await axe(page), 'consent error page').toEqual([]);
  });

  it('the wallet lists the connected app; disconnecting it revokes the token', async () => {
    await page.goto(`${server.url}/wallet/account`);
    await page.getByRole('heading', { name: 'Connected apps', level: 2 }).waitFor();
    await page.getByText('Test Wallet', { exact: true }).waitFor();
    await screenshot(page, 'wallet-connected-apps');
    expect(await axe(page), 'wallet account with a connected app').toEqual([]);
    await page.getByRole('button', { name: 'Disconnect Test Wallet' }).click();
    await page.getByRole('status').getByText('Test Wallet is disconnected.').waitFor();
    await page.getByText('No app is connected to your wallet.').waitFor();
    const after = await fetch(`${server.url}/ims/ob/v3p0/credentials`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(after.status).toBe(401);
  });
});
