/**
 * Merging two accounts of one person. The learner is signed in to one (the session proves it) and proves
 * the other in the same flow: a merge link mailed to one of its addresses, or its password. Everything of
 * the other account — identities, imports, handle, password, chosen DID when this one has none — moves
 * here, and the other account is deleted. Credentials need no moving: the wallet finds them by identity.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import {
  deleteLearnerAccount,
  findAccountIdentity,
  findLearnerAccount,
  type LearnerAccount,
  moveAccountBelongings,
  normalizeAccountIdentity,
  updateLearnerAccount,
} from '../../storage/learner-accounts.repository.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { mailAccountLink } from './account-mail.js';
import { consumeOwnAccountToken } from './account-tokens.js';
import { authenticateAccountPassword } from './sign-in.js';

async function mergeInto(
  db: Kysely<Database>,
  into: LearnerAccount,
  from: LearnerAccount,
): Promise<LearnerAccount> {
  if (into.id === from.id) {
    throw new AppError('CONFLICT', 'Both are the same account');
  }
  await moveAccountBelongings(db, from.id, into.id);
  const handle = into.handle ?? from.handle;
  await deleteLearnerAccount(db, from.id);
  const merged = await updateLearnerAccount(db, into.id, {
    handle,
    display_name: into.display_name ?? from.display_name,
    password_hash: into.password_hash ?? from.password_hash,
    subject_did: into.subject_did ?? from.subject_did,
  });
  if (!merged) {
    throw new AppError('NOT_FOUND', 'The account is gone');
  }
  return merged;
}

async function otherAccountHolding(db: Kysely<Database>, account: LearnerAccount, email: string) {
  const held = await findAccountIdentity(db, 'email', email);
  if (!held) {
    throw new AppError('NOT_FOUND', 'No account holds this address: add it to yours instead');
  }
  if (held.account_id === account.id) {
    throw new AppError('CONFLICT', 'This address is already in your account');
  }
  return held.account_id;
}

/** Mails a merge link to an address of the other account. */
export async function requestMergeLink(
  ctx: AppContext,
  account: LearnerAccount,
  email: string,
  locale: string,
): Promise<void> {
  const value = normalizeAccountIdentity('email', email);
  await otherAccountHolding(ctx.db, account, value);
  await mailAccountLink(ctx, { kind: 'merge', accountId: account.id, to: value, locale });
}

/** Uses a merge link while signed in to the account that asked for it. */
export async function mergeByLink(
  ctx: AppContext,
  account: LearnerAccount,
  token: string,
): Promise<LearnerAccount> {
  return await withTransaction(ctx.db, async (trx) => {
    const used = await consumeOwnAccountToken(trx, ctx.clock(), token, 'merge', account.id);
    const otherId = await otherAccountHolding(trx, account, used.value);
    const other = await findLearnerAccount(trx, otherId);
    const current = await findLearnerAccount(trx, account.id);
    if (!other || !current) {
      throw new AppError('NOT_FOUND', 'The account is gone');
    }
    return await mergeInto(trx, current, other);
  });
}

/** Proves the other account by its password, then merges it into this one. */
export async function mergeByPassword(
  ctx: AppContext,
  account: LearnerAccount,
  email: string,
  password: string,
): Promise<LearnerAccount> {
  const other = await authenticateAccountPassword(ctx, email, password);
  return await withTransaction(ctx.db, async (trx) => {
    const current = await findLearnerAccount(trx, account.id);
    const fresh = await findLearnerAccount(trx, other.id);
    if (!current || !fresh) {
      throw new AppError('NOT_FOUND', 'The account is gone');
    }
    return await mergeInto(trx, current, fresh);
  });
}
