/**
 * The authorization endpoint's rules (RFC 6749 §4.1, PKCE RFC 7636, OB 3.0 §"Authorization Code Grant"):
 * which requests may be answered with a redirect and which must stop on Cairn's own page, the consent
 * token that ties the consent form to the learner's session and to the very request shown, and the code
 * an "Allow" produces.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isObScope, splitScope } from '../../core/ob-api/scopes.js';
import type { ObApiClientRow } from '../../storage/ob-api-clients.repository.js';
import { insertObApiCode } from '../../storage/ob-api-tokens.repository.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256Hex } from '../secrets.js';
import { clientRedirectUris, findClient } from './clients.js';

/** A code lives long enough for a redirect and one token request (RFC 6749 §4.1.2: at most 10 minutes). */
export const CODE_TTL_MS = 5 * 60 * 1000;

export type AuthorizationRequest = {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
};

export type AuthorizationCheck =
  /** The client or its redirect URI cannot be trusted: say so on Cairn's page, never redirect. */
  | { kind: 'stop'; reason: 'unknown-client' | 'bad-redirect-uri' }
  /** A bad request from a known client: tell it through its redirect URI. */
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; request: AuthorizationRequest; client: ObApiClientRow };

type Query = Record<string, unknown>;

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

/** The client's redirect URI with these parameters added (its own query kept; RFC 6749 §3.1.2). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(name, value);
    }
  }
  return url.href;
}

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export async function checkAuthorizationRequest(ctx: AppContext, query: Query): Promise<AuthorizationCheck> {
  const clientId = text(query, 'client_id');
  const client = clientId ? await findClient(ctx, clientId) : undefined;
  if (!client) {
    return { kind: 'stop', reason: 'unknown-client' };
  }
  const redirectUri = text(query, 'redirect_uri');
  // Exact string match with a registered URI (OAuth 2.0 Security BCP, RFC 9700 §4.1.3).
  if (!redirectUri || !clientRedirectUris(client).includes(redirectUri)) {
    return { kind: 'stop', reason: 'bad-redirect-uri' };
  }
  const state = text(query, 'state');
  const fail = (error: string, description: string): AuthorizationCheck => ({
    kind: 'redirect',
    location: redirectWith(redirectUri, { error, error_description: description, state }),
  });
  if (text(query, 'response_type') !== 'code') {
    return fail('unsupported_response_type', 'response_type must be code');
  }
  if (!state || state.length > 500) {
    return fail('invalid_request', 'state is required (at most 500 characters)');
  }
  const challenge = text(query, 'code_challenge');
  if (!challenge || text(query, 'code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'PKCE is required: code_challenge with code_challenge_method=S256');
  }
  if (!CODE_CHALLENGE.test(challenge)) {
    return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier');
  }
  const scopes = splitScope(text(query, 'scope'));
  const registered = splitScope(client.scope);
  if (scopes.length === 0 || !scopes.every((scope) => isObScope(scope) && registered.includes(scope))) {
    return fail('invalid_scope', 'scope must name some of the scopes the client registered');
  }
  return {
    kind: 'ok',
    client,
    request: { clientId: client.id, redirectUri, scopes, state, codeChallenge: challenge },
  };
}

function consentMessage(request: AuthorizationRequest): string {
  return JSON.stringify([
    request.clientId,
    request.redirectUri,
    request.scopes,
    request.state,
    request.codeChallenge,
  ]);
}

/**
 * The consent form's CSRF token: an HMAC of the request shown, keyed by the learner's session id (the
 * SHA-256 of the session cookie's secret, never sent to a browser). Only a page rendered for this session
 * and this very request can post a valid decision; another site cannot, and a tampered form fails.
 */
export function consentToken(sessionId: string, request: AuthorizationRequest): string {
  return createHmac('sha256', sessionId).update(consentMessage(request)).digest('base64url');
}

export function isConsentTokenValid(
  sessionId: string,
  request: AuthorizationRequest,
  token: string,
): boolean {
  const expected = Buffer.from(consentToken(sessionId, request));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** "Allow": a single-use code bound to the client, redirect URI, scopes and PKCE challenge. */
export async function grantCode(
  ctx: AppContext,
  accountId: string,
  request: AuthorizationRequest,
): Promise<string> {
  const code = randomToken('obcode');
  await insertObApiCode(ctx.db, {
    id: sha256Hex(code),
    client_id: request.clientId,
    account_id: accountId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
    code_challenge: request.codeChallenge,
    expires_at: new Date(ctx.clock().getTime() + CODE_TTL_MS),
  });
  return redirectWith(request.redirectUri, { code, state: request.state });
}

export function deniedRedirect(request: AuthorizationRequest): string {
  return redirectWith(request.redirectUri, {
    error: 'access_denied',
    error_description: 'The learner did not allow access',
    state: request.state,
  });
}
