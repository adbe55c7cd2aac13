/**
 * The Open Badges 3.0 API as a third-party client sees it: a real Cairn server listening on 127.0.0.1
 * (its public URL is that address), plain `fetch` for every call, PKCE made here, and the official
 * OpenAPI's schemas to judge the answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DIALECTS } from './databases.js';
import { readFixtureJson } from './fixtures.js';
import { startTestServer, type TestServer } from './http.js';
import { freePort } from './serve-process.js';

export const SCOPE = {
  read: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
  upsert: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert',
  profileRead: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly',
  profileUpdate: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update',
} as const;
export const ALL_SCOPES = Object.values(SCOPE).join(' ');

export type ListeningServer = TestServer & { base: string };

/** One describe block per dialect with a server listening on 127.0.0.1 (public URL = its address). */
export function forEachListeningServer(name: string, body: (server: () => ListeningServer) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${dialect}: ${name}`, () => {
      let server: ListeningServer | undefined;
      beforeAll(async () => {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const config = loadConfig({
          CAIRN_PUBLIC_URL: base,
          CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-obapi-')),
          NODE_ENV: 'test',
          CAIRN_LOG_LEVEL: 'silent',
        });
        const started = await startTestServer(dialect, { config });
        await started.app.listen({ host: '127.0.0.1', port });
        server = { ...started, base };
      });
      afterAll(async () => {
        await server?.app.close();
        await server?.database.destroy();
      });
      body(() => {
        if (!server) {
          throw new Error('The test server is not ready');
        }
        return server;
      });
    });
  }
}

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export type Client = { client_id: string; client_secret: string; redirect_uris: string[] } & Record<
  string,
  unknown
>;

export function clientMetadata(host = '127.0.0.1:9', overrides: Record<string, unknown> = {}) {
  return {
    client_name: 'Test Wallet',
    client_uri: `http://${host}/`,
    logo_uri: `http://${host}/logo.png`,
    tos_uri: `http://${host}/tos`,
    policy_uri: `http://${host}/privacy`,
    software_id: 'test-wallet',
    software_version: '1.0.0',
    redirect_uris: [`http://${host}/callback`],
    scope: ALL_SCOPES,
    ...overrides,
  };
}

export async function register(base: string, metadata: Record<string, unknown>): Promise<Response> {
  return await fetch(`${base}/ims/ob/v3p0/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
}

export async function registeredClient(
  base: string,
  overrides: Record<string, unknown> = {},
): Promise<Client> {
  const response = await register(base, clientMetadata('127.0.0.1:9', overrides));
  expect(response.status).toBe(201);
  return (await response.json()) as Client;
}

export function basic(client: Pick<Client, 'client_id' | 'client_secret'>): string {
  const encode = (value: string) => encodeURIComponent(value);
  return `Basic ${Buffer.from(`${encode(client.client_id)}:${encode(client.client_secret)}`).toString('base64')}`;
}

export function authorizeUrl(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${base}/ims/ob/v3p0/auth/authorize`);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(name, value);
    }
  }
  return url.href;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#x27;': "'",
  '&lt;': '<',
  '&gt;': '>',
};

/** The hidden fields of the consent form, as a browser would post them. */
export function consentFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[match[1] as string] = (match[2] as string).replace(
      /&amp;|&quot;|&#x27;|&lt;|&gt;/g,
      (entity) => ENTITIES[entity] as string,
    );
  }
  return fields;
}

/**
 * The learner's side: opens the authorize URL with the wallet session cookie, reads the consent page and
 * posts the decision. Returns the Location Cairn redirects to.
 */
export async function consent(
  url: string,
  cookie: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  const page = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  expect(page.status, page.headers.get('location') ?? '').toBe(200);
  const fields = consentFields(await page.text());
  const posted = await fetch(`${new URL(url).origin}/ims/ob/v3p0/auth/authorize`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, decision }).toString(),
    redirect: 'manual',
  });
  expect(posted.status).toBe(303);
  return new URL(posted.headers.get('location') as string);
}

export async function tokenRequest(
  base: string,
  client: Pick<Client, 'client_id' | 'client_secret'>,
  form: Record<string, string>,
): Promise<Response> {
  return await fetch(`${base}/ims/ob/v3p0/auth/token`, {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export type Tokens = { access_token: string; refresh_token: string; scope: string; expires_in: number };

/** The whole grant: authorize, consent (allow), code → tokens with PKCE. */
export async function connect(
  base: string,
  client: Client,
  cookie: string,
  scope = ALL_SCOPES,
): Promise<Tokens> {
  const { verifier, challenge } = pkce();
  const redirect = client.redirect_uris[0] as string;
  const location = await consent(
    authorizeUrl(base, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: redirect,
      scope,
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
    cookie,
  );
  const code = location.searchParams.get('code') as string;
  const response = await tokenRequest(base, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirect,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as FormatsPlugin;

let openApiAjv: Ajv | undefined;

/** Validates `value` against a schema of the official OB 3.0 OpenAPI (`components.schemas.<name>`). */
export function openApiErrors(name: string, value: unknown): string[] {
  if (!openApiAjv) {
    // OpenAPI 3.0 schemas are a JSON Schema dialect with extra `x-` keywords: not strict.
    openApiAjv = new Ajv({ strict: false, allErrors: true });
    addFormats(openApiAjv);
    openApiAjv.addSchema({
      ...readFixtureJson<Record<string, unknown>>('standards/openapi/ob-v3p0-openapi.json'),
      $id: 'ob-openapi',
    });
  }
  const validate = openApiAjv.getSchema(`ob-openapi#/components/schemas/${name}`);
  if (!validate) {
    throw new Error(`No schema ${name}`);
  }
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
