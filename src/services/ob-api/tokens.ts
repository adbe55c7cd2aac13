/**
 * The token endpoint (RFC 6749 §4.1.3 and §6, PKCE RFC 7636 §4.6), revocation (RFC 7009) and the bearer
 * check of the resource endpoints (RFC 6750). Codes are single use: a code presented twice revokes every
 * token it produced (RFC 6749 §4.1.2). Refresh tokens rotate: each refresh revokes the old pair, and a
 * rotated refresh token presented again revokes the whole family (OAuth 2.0 Security BCP §4.14).
 */
import { createHash } from 'node:crypto';
import { splitScope } from '../../core/ob-api/scopes.js';
import { newId } from '../../storage/ids.js';
import { findLearnerAccount, type LearnerAccount } from '../../storage/learner-accounts.repository.js';
import type { ObApiClientRow } from '../../storage/ob-api-clients.repository.js';
import {
  findObApiCode,
  findObApiTokenByHash,
  insertObApiToken,
  revokeObApiGrant,
  revokeObApiToken,
  useObApiCode,
} from '../../storage/ob-api-tokens.repository.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256Hex } from '../secrets.js';
import { ImsxError, OAuthError } from './oauth-error.js';

export const ACCESS_TOKEN_TTL_MS = 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type TokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
};

type Form = Record<string, unknown>;

function field(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(form: Form, name: string): string {
  const value = field(form, name);
  if (value === undefined) {
    throw new OAuthError('invalid_request', `${name} is required`);
  }
  return value;
}

async function issueTokens(
  ctx: AppContext,
  values: { clientId: string; accountId: string; grantId: string; scope: string },
): Promise<TokenResponse> {
  const access = randomToken('obat');
  const refresh = randomToken('obrt');
  const now = ctx.clock().getTime();
  await insertObApiToken(ctx.db, {
    id: newId(),
    client_id: values.clientId,
    account_id: values.accountId,
    grant_id: values.grantId,
    access_token_hash: sha256Hex(access),
    refresh_token_hash: sha256Hex(refresh),
    scope: values.scope,
    access_expires_at: new Date(now + ACCESS_TOKEN_TTL_MS),
    refresh_expires_at: new Date(now + REFRESH_TOKEN_TTL_MS),
  });
  return {
    access_token: access,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    refresh_token: refresh,
    scope: values.scope,
  };
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

async function exchangeCode(ctx: AppContext, client: ObApiClientRow, form: Form): Promise<TokenResponse> {
  const code = required(form, 'code');
  const redirectUri = required(form, 'redirect_uri');
  const verifier = required(form, 'code_verifier');
  const row = await findObApiCode(ctx.db, sha256Hex(code));
  if (!row || row.client_id !== client.id) {
    throw new OAuthError('invalid_grant', 'The code is unknown or was issued to another client');
  }
  const now = ctx.clock();
  // The code is spent by its first presentation, whatever follows: a wrong verifier gets no second try.
  if (!(await useObApiCode(ctx.db, row.id, now))) {
    await revokeObApiGrant(ctx.db, row.id, now);
    throw new OAuthError('invalid_grant', 'The code was used already; the tokens it gave are revoked');
  }
  if (Date.parse(row.expires_at) <= now.getTime()) {
    throw new OAuthError('invalid_grant', 'The code has expired');
  }
  if (row.redirect_uri !== redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri is not the one the code was issued for');
  }
  const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  if (!VERIFIER.test(verifier) || challenge !== row.code_challenge) {
    throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge');
  }
  return await issueTokens(ctx, {
    clientId: client.id,
    accountId: row.account_id,
    grantId: row.id,
    scope: row.scope,
  });
}

async function refreshTokens(ctx: AppContext, client: ObApiClientRow, form: Form): Promise<TokenResponse> {
  const refresh = required(form, 'refresh_token');
  const row = await findObApiTokenByHash(ctx.db, 'refresh', sha256Hex(refresh));
  if (!row || row.client_id !== client.id) {
    throw new OAuthError('invalid_grant', 'The refresh token is unknown or was issued to another client');
  }
  const now = ctx.clock();
  if (row.revoked_at !== null || !(await revokeObApiToken(ctx.db, row.id, now))) {
    await revokeObApiGrant(ctx.db, row.grant_id, now);
    throw new OAuthError('invalid_grant', 'The refresh token was used or revoked already');
  }
  if (Date.parse(row.refresh_expires_at) <= now.getTime()) {
    throw new OAuthError('invalid_grant', 'The refresh token has expired');
  }
  const granted = splitScope(row.scope);
  const asked = field(form, 'scope');
  const scopes = asked === undefined ? granted : splitScope(asked);
  if (scopes.length === 0 || !scopes.every((scope) => granted.includes(scope))) {
    throw new OAuthError('invalid_scope', 'A refresh may only narrow the scopes granted');
  }
  return await issueTokens(ctx, {
    clientId: client.id,
    accountId: row.account_id,
    grantId: row.grant_id,
    scope: scopes.join(' '),
  });
}

export async function tokenRequest(
  ctx: AppContext,
  client: ObApiClientRow,
  form: Form,
): Promise<TokenResponse> {
  const grantType = required(form, 'grant_type');
  if (grantType === 'authorization_code') {
    return await exchangeCode(ctx, client, form);
  }
  if (grantType === 'refresh_token') {
    return await refreshTokens(ctx, client, form);
  }
  throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

/**
 * RFC 7009: revokes the access or refresh token (and with it its pair). An unknown token, or one of
 * another client, is answered the same way (§2.2: 200), revoking nothing.
 */
export async function revokeToken(ctx: AppContext, client: ObApiClientRow, form: Form): Promise<void> {
  const token = required(form, 'token');
  const hint = field(form, 'token_type_hint');
  if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token') {
    throw new OAuthError('unsupported_token_type', 'token_type_hint must be access_token or refresh_token');
  }
  const hash = sha256Hex(token);
  const row =
    (await findObApiTokenByHash(ctx.db, 'access', hash)) ??
    (await findObApiTokenByHash(ctx.db, 'refresh', hash));
  if (row && row.client_id === client.id) {
    await revokeObApiToken(ctx.db, row.id, ctx.clock());
  }
}

export type BearerGrant = { account: LearnerAccount; clientId: string; scopes: string[] };

/** The grant behind `Authorization: Bearer`, for a resource endpoint that needs `scope`. */
export async function authenticateBearer(
  ctx: AppContext,
  authorization: string | undefined,
  scope: string,
): Promise<BearerGrant> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    throw new ImsxError(401, 'unauthorizedrequest', 'Send an access token as Authorization: Bearer');
  }
  const row = await findObApiTokenByHash(ctx.db, 'access', sha256Hex(match[1] as string));
  const now = ctx.clock().getTime();
  if (!row || row.revoked_at !== null || Date.parse(row.access_expires_at) <= now) {
    throw new ImsxError(
      401,
      'unauthorizedrequest',
      'The access token is unknown, expired or revoked',
      'invalid_token',
    );
  }
  const account = await findLearnerAccount(ctx.db, row.account_id);
  if (!account) {
    throw new ImsxError(
      401,
      'unauthorizedrequest',
      'The access token is unknown, expired or revoked',
      'invalid_token',
    );
  }
  const scopes = splitScope(row.scope);
  if (!scopes.includes(scope)) {
    throw new ImsxError(403, 'forbidden', `The access token lacks the scope ${scope}`, 'insufficient_scope');
  }
  return { account, clientId: row.client_id, scopes };
}
