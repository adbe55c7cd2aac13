/**
 * The verified identities of a learner account: e-mail addresses (proved by a link sent to them, or by a
 * claim link, which went to the address) and DIDs (proved by a presentation signed by the DID's key for
 * the server's challenge and domain: DID Authentication). An identity belongs to one account at most.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import { isUniqueViolation } from '../../storage/errors.js';
import { findAccountToken } from '../../storage/learner-account-tokens.repository.js';
import {
  type AccountIdentity,
  deleteAccountIdentity,
  findAccountIdentity,
  insertAccountIdentity,
  type LearnerAccount,
  listAccountIdentities,
  normalizeAccountIdentity,
  updateLearnerAccount,
} from '../../storage/learner-accounts.repository.js';
import type { AccountIdentityType, Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AccountRecipients } from '../../storage/wallet-credentials.repository.js';
import type { AppContext } from '../context.js';
import { localDidDocuments } from '../issuers.js';
import { sha256Hex } from '../secrets.js';
import { createPresentationVerifier } from '../verifier.js';
import { mailAccountLink } from './account-mail.js';
import { consumeAccountToken, consumeOwnAccountToken, issueAccountToken } from './account-tokens.js';

/** The account's e-mail addresses and DIDs: whose credentials are in the wallet. */
export async function accountRecipients(db: Kysely<Database>, accountId: string): Promise<AccountRecipients> {
  const identities = await listAccountIdentities(db, accountId);
  return {
    emails: identities.filter((entry) => entry.type === 'email').map((entry) => entry.value),
    dids: identities.filter((entry) => entry.type === 'did').map((entry) => entry.value),
  };
}

/**
 * Adds a proven identity to the account (nothing when it has it already). IDENTITY_TAKEN when another
 * account holds it: proving an address does not take it from its account; merging does.
 */
export async function attachIdentity(
  db: Kysely<Database>,
  account: LearnerAccount,
  type: AccountIdentityType,
  value: string,
  now: Date,
): Promise<AccountIdentity> {
  const held = await findAccountIdentity(db, type, value);
  if (held) {
    if (held.account_id !== account.id) {
      throw new AppError('IDENTITY_TAKEN', 'Sign in to the other account too and merge them');
    }
    return held;
  }
  try {
    const identity = await insertAccountIdentity(db, {
      account_id: account.id,
      type,
      value,
      verified_at: now.toISOString(),
    });
    if (type === 'did' && account.subject_did === null) {
      // The first DID a learner proves is the one new credentials name (they may choose another).
      await updateLearnerAccount(db, account.id, { subject_did: identity.value });
    }
    return identity;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('IDENTITY_TAKEN', 'Sign in to the other account too and merge them');
    }
    throw error;
  }
}

/** Sends a verification link to the address. IDENTITY_TAKEN when another account holds it. */
export async function requestEmailVerification(
  ctx: AppContext,
  account: LearnerAccount,
  email: string,
  locale: string,
): Promise<void> {
  const value = normalizeAccountIdentity('email', email);
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
    throw new AppError('INVALID_INPUT', 'This is not an e-mail address');
  }
  const held = await findAccountIdentity(ctx.db, 'email', value);
  if (held?.account_id === account.id) {
    throw new AppError('CONFLICT', 'This address is already in your wallet');
  }
  if (held) {
    throw new AppError('IDENTITY_TAKEN', 'This address has its own account: merge the two accounts instead');
  }
  await mailAccountLink(ctx, { kind: 'verify-email', accountId: account.id, to: value, locale });
}

export async function verifyEmail(
  ctx: AppContext,
  account: LearnerAccount,
  token: string,
): Promise<AccountIdentity> {
  return await withTransaction(ctx.db, async (trx) => {
    const used = await consumeOwnAccountToken(trx, ctx.clock(), token, 'verify-email', account.id);
    return await attachIdentity(trx, account, 'email', used.value, ctx.clock());
  });
}

const DID_PATTERN = /^did:(key|web):[A-Za-z0-9._:%-]+$/;

export type DidChallenge = { did: string; challenge: string; domain: string; expiresIn: number };

/** A challenge for proving control of a DID: sign a presentation with `holder: did` for it. */
export async function startDidProof(
  ctx: AppContext,
  account: LearnerAccount,
  did: string,
): Promise<DidChallenge> {
  const value = did.trim();
  if (!DID_PATTERN.test(value)) {
    throw new AppError('DID_UNSUPPORTED', 'Give a did:key or did:web');
  }
  const held = await findAccountIdentity(ctx.db, 'did', value);
  if (held && held.account_id !== account.id) {
    throw new AppError('IDENTITY_TAKEN', 'This DID has its own account: merge the two accounts instead');
  }
  const challenge = await issueAccountToken(ctx.db, ctx.clock(), {
    purpose: 'did-challenge',
    accountId: account.id,
    value,
  });
  return { did: value, challenge, domain: new URL(ctx.config.publicUrl).host, expiresIn: 600 };
}

/**
 * Checks a presentation signed for a challenge of `startDidProof`: proof purpose authentication, the
 * server's domain and the challenge, signed by a key of the DID it names as holder. Then the DID is the
 * account's. DID_PROOF_FAILED (with each failed check) otherwise; LINK_INVALID for an unknown challenge.
 */
export async function completeDidProof(
  ctx: AppContext,
  account: LearnerAccount,
  presentation: Record<string, unknown>,
): Promise<AccountIdentity> {
  const proofs = Array.isArray(presentation.proof) ? presentation.proof : [presentation.proof];
  const challenge = proofs
    .map((proof) =>
      typeof proof === 'object' && proof !== null ? (proof as { challenge?: unknown }).challenge : undefined,
    )
    .find((value): value is string => typeof value === 'string');
  if (!challenge) {
    throw new AppError('DID_PROOF_FAILED', 'The presentation carries no challenge: ask for one first');
  }
  const pending = await findAccountToken(ctx.db, sha256Hex(challenge), 'did-challenge');
  if (!pending || pending.account_id !== account.id || pending.used_at !== null) {
    throw new AppError('LINK_INVALID', 'The challenge is unknown, used or expired: ask for a new one');
  }
  const verify = createPresentationVerifier({
    crypto: ctx.crypto,
    fetch: ctx.fetch,
    localDidDocument: localDidDocuments(ctx),
  });
  const report = await verify(presentation, {
    now: ctx.clock(),
    domain: new URL(ctx.config.publicUrl).host,
    challenge,
  });
  const failed = report.checks.filter((check) => check.status !== 'passed');
  if (!report.verified || report.holder !== pending.value) {
    throw new AppError(
      'DID_PROOF_FAILED',
      `The presentation must name ${pending.value} as holder and be signed by it`,
      {
        cause: [
          ...failed.map((check) => ({ path: check.check, message: check.detail ?? check.status })),
          ...(report.holder !== pending.value
            ? [
                {
                  path: 'holder',
                  message: `the holder is ${report.holder ?? 'missing'}, not ${pending.value}`,
                },
              ]
            : []),
        ],
      },
    );
  }
  return await withTransaction(ctx.db, async (trx) => {
    const used = await consumeAccountToken(trx, ctx.clock(), challenge, 'did-challenge');
    return await attachIdentity(trx, account, 'did', used.value, ctx.clock());
  });
}

/** Removes an identity; the last e-mail address stays (it is how the learner signs in). */
export async function removeIdentity(ctx: AppContext, account: LearnerAccount, id: string): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    const identities = await listAccountIdentities(trx, account.id);
    const identity = identities.find((entry) => entry.id === id);
    if (!identity) {
      throw new AppError('NOT_FOUND', 'No such identity in your account');
    }
    if (identity.type === 'email' && identities.filter((entry) => entry.type === 'email').length === 1) {
      throw new AppError('CONFLICT', 'Keep at least one e-mail address: it is how you sign in');
    }
    await deleteAccountIdentity(trx, account.id, id);
    if (identity.type === 'did' && account.subject_did === identity.value) {
      await updateLearnerAccount(trx, account.id, { subject_did: null });
    }
  });
}
