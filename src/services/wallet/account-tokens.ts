/**
 * Single-use secrets of learner accounts: the token goes in a link (or is the challenge a DID signs); the
 * database keeps its SHA-256 only. Consuming is one conditional UPDATE: a second use, a used or an expired
 * token is LINK_INVALID, the same answer for each so a guess learns nothing.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import {
  type AccountToken,
  findAccountToken,
  insertAccountToken,
  useAccountToken,
} from '../../storage/learner-account-tokens.repository.js';
import type { AccountTokenPurpose, Database } from '../../storage/tables.js';
import { randomToken, sha256Hex } from '../secrets.js';

/** How long each kind of token lives. */
export const TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  'sign-in': 30 * 60 * 1000,
  'verify-email': 24 * 60 * 60 * 1000,
  'did-challenge': 10 * 60 * 1000,
  merge: 30 * 60 * 1000,
};

export async function issueAccountToken(
  db: Kysely<Database>,
  now: Date,
  values: { purpose: AccountTokenPurpose; accountId: string | null; value: string; detail?: unknown },
): Promise<string> {
  const token = randomToken(values.purpose === 'did-challenge' ? 'chal' : 'link');
  await insertAccountToken(db, {
    id: sha256Hex(token),
    purpose: values.purpose,
    account_id: values.accountId,
    value: values.value,
    detail: values.detail === undefined ? null : JSON.stringify(values.detail),
    expires_at: new Date(now.getTime() + TOKEN_TTL_MS[values.purpose]),
  });
  return token;
}

/** Uses the token up and returns it; LINK_INVALID when it is unknown, of another purpose, used or expired. */
export async function consumeAccountToken(
  db: Kysely<Database>,
  now: Date,
  token: string,
  purpose: AccountTokenPurpose,
): Promise<AccountToken & { parsedDetail: Record<string, unknown> }> {
  const id = sha256Hex(token);
  const row = await findAccountToken(db, id, purpose);
  if (!row || !(await useAccountToken(db, id, now))) {
    throw new AppError('LINK_INVALID');
  }
  return { ...row, parsedDetail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {} };
}

/**
 * Consumes a token issued for `accountId`: a link is for the account that asked for it, so another
 * account's session cannot use it up (LINK_INVALID, and the token stays usable by its owner).
 */
export async function consumeOwnAccountToken(
  db: Kysely<Database>,
  now: Date,
  token: string,
  purpose: AccountTokenPurpose,
  accountId: string,
): Promise<AccountToken & { parsedDetail: Record<string, unknown> }> {
  const pending = await findAccountToken(db, sha256Hex(token), purpose);
  if (!pending || pending.account_id !== accountId) {
    throw new AppError('LINK_INVALID', 'Open the link in the browser where you asked for it');
  }
  return await consumeAccountToken(db, now, token, purpose);
}
