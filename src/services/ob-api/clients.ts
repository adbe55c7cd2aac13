/**
 * OAuth 2.0 clients of the Open Badges 3.0 API: dynamic registration (RFC 7591, no initial access
 * token, as OB 3.0's security section requires) and client authentication (`client_secret_basic` only).
 *
 * Registration rules (OB 3.0 §"Dynamic Client Registration"): every metadata field below is required;
 * every URL is https and on one hostname (the client_uri's), so a client cannot borrow another site's
 * name for its consent screen. Outside production, http is allowed for loopback hosts (a wallet under
 * development on 127.0.0.1), as RFC 8252 allows native apps. Nothing here is ever fetched: the logo is a
 * URL the learner's browser may show.
 */
import { timingSafeEqual } from 'node:crypto';
import { ALL_OB_SCOPES, isObScope, splitScope } from '../../core/ob-api/scopes.js';
import { newId } from '../../storage/ids.js';
import {
  findObApiClient,
  insertObApiClient,
  type ObApiClientRow,
} from '../../storage/ob-api-clients.repository.js';
import type { ObApiClientTable } from '../../storage/tables.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256Hex } from '../secrets.js';
import { OAuthError } from './oauth-error.js';

const TEXT_FIELDS = ['client_name', 'software_id', 'software_version'] as const;
const URL_FIELDS = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri'] as const;
const MAX_TEXT = 200;
const MAX_URL = 2000;
const MAX_REDIRECT_URIS = 10;

/** The RFC 7591 metadata OB 3.0 requires, as registered (the table's columns, redirect URIs as a list). */
export type ClientMetadata = Omit<ObApiClientTable, 'id' | 'secret_hash' | 'created_at' | 'redirect_uris'> & {
  redirect_uris: string[];
};

export type RegisteredClient = ClientMetadata & {
  client_id: string;
  client_secret: string;
  client_id_issued_at: number;
  client_secret_expires_at: 0;
  token_endpoint_auth_method: 'client_secret_basic';
  grant_types: ['authorization_code', 'refresh_token'];
  response_types: ['code'];
};

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Whether http is acceptable for this URL: loopback hosts outside production only. */
export function allowsHttp(ctx: AppContext, url: URL): boolean {
  return ctx.config.env !== 'production' && isLoopbackHost(url.hostname);
}

function checkUrl(ctx: AppContext, value: unknown, field: string, redirect: boolean): URL {
  const error = redirect ? 'invalid_redirect_uri' : 'invalid_client_metadata';
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL) {
    throw new OAuthError(error, `${field} must be a URL of at most ${MAX_URL} characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OAuthError(error, `${field} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowsHttp(ctx, url))) {
    throw new OAuthError(error, `${field} must be an https URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OAuthError(error, `${field} must not carry a user name or password`);
  }
  if (redirect && url.hash !== '') {
    // RFC 6749 §3.1.2: a redirection endpoint MUST NOT include a fragment.
    throw new OAuthError(error, `${field} must not have a fragment`);
  }
  return url;
}

/** Validates RFC 7591 metadata by OB 3.0's rules; throws invalid_client_metadata / invalid_redirect_uri. */
function checkMetadata(ctx: AppContext, body: unknown): ClientMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_client_metadata', 'Send the client metadata as a JSON object');
  }
  const metadata = body as Record<string, unknown>;
  for (const field of TEXT_FIELDS) {
    const value = metadata[field];
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
      throw new OAuthError(
        'invalid_client_metadata',
        `${field} is required (text of at most ${MAX_TEXT} characters)`,
      );
    }
  }
  const urls = Object.fromEntries(
    URL_FIELDS.map((field) => [field, checkUrl(ctx, metadata[field], field, false)]),
  ) as Record<(typeof URL_FIELDS)[number], URL>;
  const redirects = metadata.redirect_uris;
  if (!Array.isArray(redirects) || redirects.length === 0 || redirects.length > MAX_REDIRECT_URIS) {
    throw new OAuthError(
      'invalid_redirect_uri',
      `redirect_uris is required: an array of 1 to ${MAX_REDIRECT_URIS} URLs`,
    );
  }
  const redirectUrls = redirects.map((value, index) => checkUrl(ctx, value, `redirect_uris[${index}]`, true));
  const hostname = urls.client_uri.hostname;
  for (const [field, url] of Object.entries(urls)) {
    if (url.hostname !== hostname) {
      throw new OAuthError(
        'invalid_client_metadata',
        `${field} must be on the client_uri's host, ${hostname}`,
      );
    }
  }
  redirectUrls.forEach((url, index) => {
    if (url.hostname !== hostname) {
      throw new OAuthError(
        'invalid_redirect_uri',
        `redirect_uris[${index}] must be on the client_uri's host, ${hostname}`,
      );
    }
  });
  if (typeof metadata.scope !== 'string') {
    throw new OAuthError('invalid_client_metadata', 'scope is required: the OB 3.0 scopes, space separated');
  }
  const scopes = splitScope(metadata.scope);
  const unknown = scopes.filter((scope) => !isObScope(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new OAuthError(
      'invalid_client_metadata',
      unknown.length > 0
        ? `Unknown scope ${unknown[0]}; the scopes are: ${ALL_OB_SCOPES.join(' ')}`
        : 'scope names no scope',
    );
  }
  const method = metadata.token_endpoint_auth_method;
  if (method !== undefined && method !== 'client_secret_basic') {
    throw new OAuthError('invalid_client_metadata', 'token_endpoint_auth_method must be client_secret_basic');
  }
  const grantTypes = metadata.grant_types;
  if (
    grantTypes !== undefined &&
    (!Array.isArray(grantTypes) ||
      !grantTypes.every((grant) => grant === 'authorization_code' || grant === 'refresh_token'))
  ) {
    throw new OAuthError(
      'invalid_client_metadata',
      'grant_types may only be authorization_code and refresh_token',
    );
  }
  const responseTypes = metadata.response_types;
  if (
    responseTypes !== undefined &&
    (!Array.isArray(responseTypes) || !responseTypes.every((type) => type === 'code'))
  ) {
    throw new OAuthError('invalid_client_metadata', 'response_types may only be code');
  }
  return {
    client_name: (metadata.client_name as string).trim(),
    client_uri: metadata.client_uri as string,
    logo_uri: metadata.logo_uri as string,
    tos_uri: metadata.tos_uri as string,
    policy_uri: metadata.policy_uri as string,
    software_id: metadata.software_id as string,
    software_version: metadata.software_version as string,
    redirect_uris: redirects as string[],
    scope: scopes.join(' '),
  };
}

/** Registers a client; the secret is in the answer only (stored as its SHA-256). */
export async function registerClient(ctx: AppContext, body: unknown): Promise<RegisteredClient> {
  const metadata = checkMetadata(ctx, body);
  const secret = randomToken('obsecret');
  const row = await insertObApiClient(ctx.db, {
    id: newId(),
    secret_hash: sha256Hex(secret),
    ...metadata,
    redirect_uris: JSON.stringify(metadata.redirect_uris),
  });
  return {
    client_id: row.id,
    client_secret: secret,
    client_id_issued_at: Math.floor(Date.parse(row.created_at) / 1000),
    client_secret_expires_at: 0,
    ...metadata,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

export function clientRedirectUris(client: ObApiClientRow): string[] {
  return JSON.parse(client.redirect_uris) as string[];
}

export async function findClient(ctx: AppContext, clientId: string): Promise<ObApiClientRow | undefined> {
  return clientId.length > 100 ? undefined : await findObApiClient(ctx.db, clientId);
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded, then joined by a colon and base64 encoded. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * The client authenticated by `Authorization: Basic` (client_secret_basic, the only method OB 3.0
 * allows). invalid_client (401) for anything else.
 */
export async function authenticateClient(
  ctx: AppContext,
  authorization: string | undefined,
): Promise<ObApiClientRow> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    throw new OAuthError('invalid_client', 'Authenticate the client with HTTP Basic (client_secret_basic)');
  }
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  let clientId: string;
  let secret: string;
  try {
    clientId = formDecode(decoded.slice(0, colon));
    secret = formDecode(decoded.slice(colon + 1));
  } catch {
    throw new OAuthError('invalid_client', 'The client credentials are not form-encoded');
  }
  const client = colon > 0 ? await findClient(ctx, clientId) : undefined;
  const expected = Buffer.from(client?.secret_hash ?? sha256Hex('no client'), 'hex');
  const given = Buffer.from(sha256Hex(secret), 'hex');
  if (!client || !timingSafeEqual(expected, given)) {
    throw new OAuthError('invalid_client', 'Unknown client or wrong secret');
  }
  return client;
}
