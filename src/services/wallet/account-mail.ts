/**
 * The links the wallet mails (sign-in, e-mail verification, merge), queued through the mail outbox
 * (`enqueueMail`, docs/mail.md) in the caller's transaction. They are the installation's own mail (no
 * organization) and essential (no unsubscribe). The token travels in the URL's fragment, so it never
 * reaches a server log or a Referer header; the wallet page reads it and posts it.
 */
import type { Kysely } from 'kysely';
import { isLocale, type Locale, type MessageKey, translator } from '../../i18n/index.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import { type RenderedMail, renderMail } from '../../rendering/mail/layout.js';
import { signInLinkMail } from '../../rendering/mail/templates.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { enqueueMail } from '../mail/outbox.js';
import { issueAccountToken, TOKEN_TTL_MS } from './account-tokens.js';

export type AccountLinkKind = 'sign-in' | 'verify-email' | 'merge';

export function accountLinkUrl(publicUrl: string, kind: AccountLinkKind, token: string): string {
  return `${publicUrl}/wallet/${kind}#token=${encodeURIComponent(token)}`;
}

/**
 * The e-mail for one link: the sign-in link is the mail templates' own (`signInLinkMail`); the address
 * confirmation and merge links use the same frame (`renderMail`) with their own sentences.
 */
export function accountLinkMail(
  kind: AccountLinkKind,
  locale: string,
  url: string,
): RenderedMail & { locale: Locale } {
  const lang = isLocale(locale) ? locale : 'en';
  const minutes = Math.round(TOKEN_TTL_MS[kind] / 60_000);
  if (kind === 'sign-in') {
    return { ...signInLinkMail({ locale: lang, url, minutes }), locale: lang };
  }
  const t = translator(lang);
  const key = (part: string) => `mail.wallet.${kind}.${part}` as MessageKey;
  const subject = t(key('subject'));
  const mail = renderMail({
    locale: lang,
    subject,
    heading: subject,
    greeting: t('mail.greetingAnonymous'),
    paragraphs: [t(key('lead'), { minutes }), t('mail.wallet.ignore')],
    action: { label: t(key('action')), url },
    footer: [t('mail.footerInstallation'), t('mail.essential')],
    linkFallback: t('mail.linkFallback'),
  });
  return { ...mail, locale: lang };
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
