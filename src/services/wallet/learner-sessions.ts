/**
 * Wallet sessions: their own table and cookie (`cairn_wallet`), so a learner is never mistaken for a
 * console user nor the reverse. Like the console's, the cookie holds a random token whose SHA-256 is the
 * session id, and each session has a CSRF token for cookie-authenticated writes (double submit).
 */
import type { Kysely } from 'kysely';
import { findLearnerAccount, type LearnerAccount } from '../../storage/learner-accounts.repository.js';
import {
  deleteLearnerSession,
  findLiveLearnerSession,
  insertLearnerSession,
} from '../../storage/learner-sessions.repository.js';
import type { Database } from '../../storage/tables.js';
import type { AppContext } from '../context.js';
import { randomToken, sha256Hex } from '../secrets.js';

export const LEARNER_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type NewLearnerSession = {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  account: LearnerAccount;
};

export async function startLearnerSession(
  db: Kysely<Database>,
  now: Date,
  account: LearnerAccount,
): Promise<NewLearnerSession> {
  const token = randomToken('wsess');
  const csrfToken = randomToken('wcsrf');
  const expiresAt = new Date(now.getTime() + LEARNER_SESSION_TTL_MS);
  await insertLearnerSession(db, {
    id: sha256Hex(token),
    account_id: account.id,
    csrf_token_hash: sha256Hex(csrfToken),
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt, account };
}

export type SignedInLearner = { account: LearnerAccount; csrfTokenHash: string; sessionId: string };

export async function authenticateLearner(
  ctx: AppContext,
  token: string,
): Promise<SignedInLearner | undefined> {
  const session = await findLiveLearnerSession(ctx.db, sha256Hex(token), ctx.clock());
  if (!session) {
    return undefined;
  }
  const account = await findLearnerAccount(ctx.db, session.account_id);
  return account ? { account, csrfTokenHash: session.csrf_token_hash, sessionId: session.id } : undefined;
}

export async function endLearnerSession(ctx: AppContext, token: string): Promise<void> {
  await deleteLearnerSession(ctx.db, sha256Hex(token));
}
