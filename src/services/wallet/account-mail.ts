/**
 * The links the wallet mails (sign-in, e-mail verification, merge), queued through the mail outbox
 * (`enqueueMail`, docs/mail.md) in the caller's transaction. They are the installation's own mail (no
 * organization) and essential (no unsubscribe). The token travels in the URL's fragment, so it never
 * reaches a server log or a Referer header; the wallet page reads it and posts it.
 */
import type { Kysely } from 'kysely';
import { isLocale, type MessageKey, translator } from '../../i18n/index.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { enqueueMail } from '../mail/outbox.js';
import { issueAccountToken, TOKEN_TTL_MS } from './account-tokens.js';

export type AccountLinkKind = 'sign-in' | 'verify-email' | 'merge';

export function accountLinkUrl(publicUrl: string, kind: AccountLinkKind, token: string): string {
  return `${publicUrl}/wallet/${kind}#token=${encodeURIComponent(token)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The e-mail for one link: a sentence, a button-like link, the URL in full, and what to do if unasked. */
export function accountLinkMail(kind: AccountLinkKind, locale: string, url: string) {
  const lang = isLocale(locale) ? locale : 'en';
  const t = translator(lang);
  const key = (part: string) => `mail.wallet.${kind}.${part}` as MessageKey;
  const minutes = Math.round(TOKEN_TTL_MS[kind] / 60_000);
  const subject = t(key('subject'));
  const lead = t(key('lead'), { minutes });
  const action = t(key('action'));
  const ignore = t('mail.wallet.ignore');
  const text = `${lead}\n\n${action}: ${url}\n\n${ignore}\n`;
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b2733"><p>${escapeHtml(lead)}</p><p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#3d5a80;color:#ffffff;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p><p style="font-size:13px">${escapeHtml(url)}</p><p style="font-size:13px;color:#52606d">${escapeHtml(ignore)}</p></body></html>`;
  return { subject, text, html, locale: lang };
}

export async function sendAccountLink(
  db: Kysely<Database>,
  ctx: AppContext,
  message: { to: string; kind: AccountLinkKind; token: string; locale: string },
): Promise<void> {
  const url = accountLinkUrl(ctx.config.publicUrl, message.kind, message.token);
  const mail = accountLinkMail(message.kind, message.locale, url);
  await enqueueMail(db, null, {
    to: message.to,
    ...mail,
    kind: message.kind === 'sign-in' ? 'sign-in' : `wallet.${message.kind}`,
  });
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
  notifyJobsQueued();
}
