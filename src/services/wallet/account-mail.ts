/**
 * The links the wallet mails (sign-in, e-mail verification, merge), sent through the mail service in the
 * caller's transaction. The token travels in the URL's fragment, so it never reaches a server log or a
 * Referer header; the wallet page reads it and posts it.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { issueAccountToken } from './account-tokens.js';

export type AccountLinkKind = 'sign-in' | 'verify-email' | 'merge';

export function accountLinkUrl(publicUrl: string, kind: AccountLinkKind, token: string): string {
  return `${publicUrl}/wallet/${kind}#token=${encodeURIComponent(token)}`;
}

export async function sendAccountLink(
  _db: Kysely<Database>,
  _ctx: AppContext,
  _message: { to: string; kind: AccountLinkKind; token: string; locale: string },
): Promise<void> {
  throw new AppError('INTERNAL', 'Mail is not available yet');
}

/** Issues a link token for the account and mails it, in one transaction. */
export async function mailAccountLink(
  ctx: AppContext,
  values: { kind: 'verify-email' | 'merge'; accountId: string; to: string; locale: string },
): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    const token = await issueAccountToken(trx, ctx.clock(), {
      purpose: values.kind,
      accountId: values.accountId,
      value: values.to,
    });
    await sendAccountLink(trx, ctx, { to: values.to, kind: values.kind, token, locale: values.locale });
  });
}
