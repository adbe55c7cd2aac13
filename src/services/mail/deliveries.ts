/**
 * What an organization sees of its mail: the delivery log (`GET /api/v1/mail`), the last mail about a
 * credential (its `mail` field), and the development mailbox (`GET /api/v1/dev/mailbox`) when no SMTP
 * server is configured. The log never shows bodies (they may carry a learner's claim link); the
 * development mailbox does — that is what it is for, and it exists only without SMTP.
 */
import { AppError } from '../../errors.js';
import {
  latestMailOfCredentials,
  listMailMessages,
  type MailFilters,
  type MailMessage,
} from '../../storage/mail.repository.js';
import type { Page, PageRequest } from '../../storage/pagination.js';
import type { Actor, AppContext } from '../context.js';

/** A delivery as the API and the console show it. */
export function presentDelivery(message: MailMessage) {
  return {
    id: message.id,
    kind: message.kind,
    to: message.to_address,
    subject: message.subject,
    locale: message.locale,
    credentialId: message.credential_id,
    status: message.status,
    transport: message.transport,
    attempts: message.attempts,
    lastError: message.last_error,
    createdAt: message.created_at,
    sentAt: message.sent_at,
  };
}

/** The `mail` field of a credential: the last e-mail about it, or null. */
export function presentCredentialMail(message: MailMessage | undefined) {
  return message === undefined
    ? null
    : {
        id: message.id,
        kind: message.kind,
        status: message.status,
        to: message.to_address,
        lastError: message.last_error,
        sentAt: message.sent_at,
        updatedAt: message.updated_at,
      };
}

export async function listDeliveries(
  ctx: AppContext,
  actor: Actor,
  filters: Omit<MailFilters, 'includeInstallation'>,
  page: PageRequest,
): Promise<Page<MailMessage>> {
  return await listMailMessages(ctx.db, actor.organizationId, filters, page);
}

export async function credentialMail(
  ctx: AppContext,
  organizationId: string,
  credentialIds: readonly string[],
): Promise<Map<string, MailMessage>> {
  return await latestMailOfCredentials(ctx.db, organizationId, credentialIds);
}

/**
 * The development mailbox: mail kept instead of sent because `CAIRN_SMTP_URL` is unset, newest first.
 * The organization's own, and — outside production — the installation's (a learner's sign-in links), so
 * a developer can follow every e-mail. Throws MAILBOX_UNAVAILABLE when SMTP is configured.
 */
export async function readDevMailbox(
  ctx: AppContext,
  actor: Actor,
  filters: { to?: string },
  page: PageRequest,
): Promise<Page<MailMessage>> {
  if (ctx.config.smtpUrl !== undefined) {
    throw new AppError('MAILBOX_UNAVAILABLE');
  }
  return await listMailMessages(
    ctx.db,
    actor.organizationId,
    { ...filters, transport: 'mailbox', includeInstallation: ctx.config.env !== 'production' },
    page,
  );
}

/** A message of the development mailbox, as DESIGN §7 names it (`to`, `subject`, `text`, `html`) and more. */
export function presentMailboxMessage(message: MailMessage) {
  return {
    id: message.id,
    to: message.to_address,
    subject: message.subject,
    text: message.text_body ?? '',
    html: message.html_body ?? '',
    kind: message.kind,
    locale: message.locale,
    credentialId: message.credential_id,
    headers: message.headers,
    sentAt: message.sent_at,
  };
}
