/**
 * Claim links: how a learner who received a credential by e-mail takes it into their wallet.
 *
 * The contract (the claim page and the wallet build on it):
 *
 * - `createClaimLink(ctx, trx, credential)` makes a link `{publicUrl}/claim/{token}` for a credential
 *   issued to an e-mail address, inside the caller's transaction (issuing calls it with the credential's
 *   own transaction, so the link in the e-mail always names a stored credential). The token is 256
 *   random bits; only its SHA-256 is stored, so a copy of the database cannot claim anything. It expires
 *   after `CAIRN_CLAIM_TTL_DAYS` (default 30).
 * - `checkClaimToken(ctx, db, token)` says what the token would claim without using it (to show the
 *   credential on the claim page before the learner signs in).
 * - `consumeClaimToken(ctx, db, token)` uses it: once. Call it in the transaction that adds the
 *   credential to the wallet, so a failure there leaves the link usable. Two requests with one token:
 *   exactly one succeeds (one conditional UPDATE).
 *
 * Both answer `{ credentialId, organizationId, email }` and throw AppError NOT_FOUND (no such token),
 * CLAIM_USED or CLAIM_EXPIRED. The credential is valid and shareable whether or not it is ever claimed:
 * claiming only adds it to a wallet.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.js';
import {
  type ClaimToken,
  findClaimToken,
  insertClaimToken,
  useClaimToken,
} from '../storage/claim-tokens.repository.js';
import { toTimestamp } from '../storage/codec.js';
import type { Credential } from '../storage/credentials.repository.js';
import type { Database } from '../storage/tables.js';
import type { AppContext } from './context.js';
import { randomToken, sha256Hex } from './secrets.js';

export type ClaimLink = { url: string; token: string; expiresAt: string };

export type ClaimTarget = { credentialId: string; organizationId: string; email: string };

const DAY_MS = 24 * 3600 * 1000;

/** The claim page of a token. */
export function claimUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/claim/${encodeURIComponent(token)}`;
}

/** Throws INVALID_INPUT when the credential was issued to no e-mail address (a DID holder claims nothing). */
export async function createClaimLink(
  ctx: AppContext,
  trx: Kysely<Database>,
  credential: Pick<Credential, 'id' | 'organization_id' | 'recipient_email'>,
): Promise<ClaimLink> {
  if (!credential.recipient_email) {
    throw new AppError('INVALID_INPUT', 'A claim link needs a credential issued to an e-mail address');
  }
  const token = randomToken('clm');
  const now = ctx.clock();
  const expiresAt = toTimestamp(now.getTime() + ctx.config.mail.claimTtlDays * DAY_MS);
  await insertClaimToken(trx, {
    token_hash: sha256Hex(token),
    organization_id: credential.organization_id,
    credential_id: credential.id,
    email: credential.recipient_email,
    expires_at: expiresAt,
    created_at: toTimestamp(now),
  });
  return { url: claimUrl(ctx.config.publicUrl, token), token, expiresAt };
}

function target(row: ClaimToken): ClaimTarget {
  return { credentialId: row.credential_id, organizationId: row.organization_id, email: row.email };
}

/** Why a token cannot be used: NOT_FOUND, CLAIM_USED or CLAIM_EXPIRED (in that order). */
function refusal(row: ClaimToken | undefined, now: Date): AppError | undefined {
  if (!row) {
    return new AppError('NOT_FOUND', 'No such claim link');
  }
  if (row.used_at !== null) {
    return new AppError('CLAIM_USED', 'This claim link was used already; sign in to see the credential');
  }
  if (row.expires_at <= toTimestamp(now)) {
    return new AppError('CLAIM_EXPIRED', 'This claim link has expired; the credential itself is still valid');
  }
  return undefined;
}

/** What the token would claim, without using it. Throws NOT_FOUND, CLAIM_USED, CLAIM_EXPIRED. */
export async function checkClaimToken(
  ctx: AppContext,
  db: Kysely<Database>,
  token: string,
): Promise<ClaimTarget> {
  const row = await findClaimToken(db, sha256Hex(token));
  const error = refusal(row, ctx.clock());
  if (error) {
    throw error;
  }
  return target(row as ClaimToken);
}

/** Uses the token, once. Throws NOT_FOUND, CLAIM_USED, CLAIM_EXPIRED. */
export async function consumeClaimToken(
  ctx: AppContext,
  db: Kysely<Database>,
  token: string,
): Promise<ClaimTarget> {
  const hash = sha256Hex(token);
  const now = ctx.clock();
  const used = await useClaimToken(db, hash, now);
  if (used) {
    return target(used);
  }
  throw refusal(await findClaimToken(db, hash), now) ?? new AppError('CLAIM_USED');
}
