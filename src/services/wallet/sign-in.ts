/**
 * Signing in to the wallet: by a magic link sent to a verified e-mail address (which also creates the
 * account the first time: the link proves the address), or by password when the learner set one.
 */
import { AppError } from '../../errors.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import {
  findAccountIdentity,
  findLearnerAccount,
  insertLearnerAccount,
  type LearnerAccount,
  normalizeAccountIdentity,
  updateLearnerAccount,
} from '../../storage/learner-accounts.repository.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { hashPassword, verifyPassword } from '../secrets.js';
import { sendAccountLink } from './account-mail.js';
import { consumeAccountToken, issueAccountToken } from './account-tokens.js';
import { attachIdentity } from './identities.js';
import { type NewLearnerSession, startLearnerSession } from './learner-sessions.js';

export const MIN_PASSWORD_LENGTH = 10;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('INVALID_INPUT', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

/**
 * Mails a sign-in link to the address, whether or not an account holds it (the answer is the same, so
 * nobody learns who has an account). A password given here is set on the account the link creates.
 */
export async function requestSignInLink(
  ctx: AppContext,
  input: { email: string; password?: string; locale: string; next?: string },
): Promise<void> {
  const email = normalizeAccountIdentity('email', input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new AppError('INVALID_INPUT', 'This is not an e-mail address');
  }
  if (input.password !== undefined) {
    checkPassword(input.password);
  }
  const held = await findAccountIdentity(ctx.db, 'email', email);
  const passwordHash =
    input.password !== undefined && !held ? await hashPassword(input.password, ctx.passwordCost) : undefined;
  await withTransaction(ctx.db, async (trx) => {
    const token = await issueAccountToken(trx, ctx.clock(), {
      purpose: 'sign-in',
      accountId: held?.account_id ?? null,
      value: email,
      detail: { ...(passwordHash ? { passwordHash } : {}), ...(input.next ? { next: input.next } : {}) },
    });
    await sendAccountLink(trx, ctx, { to: email, kind: 'sign-in', token, locale: input.locale });
  });
  notifyJobsQueued();
}

export type SignedIn = NewLearnerSession & { created: boolean; next: string | undefined };

/** Uses a sign-in link: signs in to the account holding the address, or creates it. */
export async function completeSignIn(ctx: AppContext, token: string): Promise<SignedIn> {
  return await withTransaction(ctx.db, async (trx) => {
    const used = await consumeAccountToken(trx, ctx.clock(), token, 'sign-in');
    const next = typeof used.parsedDetail.next === 'string' ? used.parsedDetail.next : undefined;
    const held = await findAccountIdentity(trx, 'email', used.value);
    let account: LearnerAccount | undefined = held
      ? await findLearnerAccount(trx, held.account_id)
      : undefined;
    let created = false;
    if (!account) {
      const passwordHash = used.parsedDetail.passwordHash;
      account = await insertLearnerAccount(trx, {
        password_hash: typeof passwordHash === 'string' ? passwordHash : null,
      });
      await attachIdentity(trx, account, 'email', used.value, ctx.clock());
      created = true;
    }
    const session = await startLearnerSession(trx, ctx.clock(), account);
    return { ...session, created, next };
  });
}

let decoyHash: Promise<string> | undefined;

/** INVALID_CREDENTIALS for an unknown address, an account without password, or a wrong one. */
export async function authenticateAccountPassword(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<LearnerAccount> {
  const held = await findAccountIdentity(ctx.db, 'email', email);
  const account = held ? await findLearnerAccount(ctx.db, held.account_id) : undefined;
  if (!account?.password_hash) {
    decoyHash ??= hashPassword('decoy', ctx.passwordCost);
    await verifyPassword(password, await decoyHash);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(password, account.password_hash))) {
    throw new AppError('INVALID_CREDENTIALS');
  }
  return account;
}

export async function signInWithPassword(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<NewLearnerSession> {
  const account = await authenticateAccountPassword(ctx, email, password);
  return await startLearnerSession(ctx.db, ctx.clock(), account);
}

/** Sets (or changes) the password; changing one needs the current one. */
export async function setAccountPassword(
  ctx: AppContext,
  account: LearnerAccount,
  password: string,
  currentPassword: string | undefined,
): Promise<void> {
  checkPassword(password);
  if (account.password_hash) {
    if (currentPassword === undefined || !(await verifyPassword(currentPassword, account.password_hash))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
  }
  await updateLearnerAccount(ctx.db, account.id, {
    password_hash: await hashPassword(password, ctx.passwordCost),
  });
}
