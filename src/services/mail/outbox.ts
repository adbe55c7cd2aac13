/**
 * The mail outbox: `enqueueMail` writes an e-mail and its `mail.send` job inside the caller's
 * transaction, beside the change that causes it (a credential issued, revoked, …). The change and its
 * e-mail commit together or not at all; a committed e-mail is sent even if the process dies the next
 * moment (docs/jobs.md, docs/mail.md). Workers send it through SMTP (`CAIRN_SMTP_URL`), or, when SMTP is
 * not configured, keep it in the development mailbox (`GET /api/v1/dev/mailbox`).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import { enqueue } from '../../jobs/queue.js';
import { insertMailMessage } from '../../storage/mail.repository.js';
import type { Database } from '../../storage/tables.js';

export const MAIL_SEND_JOB = 'mail.send';
/** Attempts per e-mail: with the backoff of the `mail.send` handler, about a day of retries. */
export const MAIL_MAX_ATTEMPTS = 10;

/** What the e-mail is about. Essential mail (issued, revoked, sign-in) has no unsubscribe link. */
export type MailKind =
  | 'credential.issued'
  | 'credential.revoked'
  | 'credential.suspended'
  | 'credential.unsuspended'
  | 'credential.expiring'
  /** No longer sent (progress is part of the issued mail); kept for mail recorded before. */
  | 'pathway.progress'
  | 'pathway.completed'
  | 'sign-in'
  | (string & {});

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The language it is written in (`en`, `es`). */
  locale: string;
  kind: MailKind;
  /** The credential it is about: its delivery status shows on the credential. */
  credentialId?: string;
  /** Extra headers, e.g. `List-Unsubscribe` (templates add them for non-essential mail). */
  headers?: Record<string, string>;
};

// One address: something@something, no spaces or line breaks (a line break would inject headers).
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

export function isMailAddress(value: string): boolean {
  return value.length <= 320 && ADDRESS.test(value);
}

function checkMail(message: OutgoingMail): void {
  if (!isMailAddress(message.to)) {
    throw new AppError('INVALID_INPUT', 'The e-mail address is not valid');
  }
  const header = [message.subject, ...Object.entries(message.headers ?? {}).flat()];
  if (header.some((value) => /[\r\n]/.test(value))) {
    throw new AppError('INVALID_INPUT', 'Mail headers cannot contain line breaks');
  }
}

/**
 * Adds an e-mail to the outbox with its `mail.send` job; returns the message id. Call it with the
 * transaction of the change that causes the mail; after the commit, `notifyJobsQueued()` lets this
 * process's workers send it at once. `organizationId` is null for the installation's own mail (a
 * learner's sign-in link). Throws INVALID_INPUT for a malformed address or a header with a line break.
 *
 * @example
 * await withTransaction(ctx.db, async (trx) => {
 *   const row = await insertCredential(trx, …);
 *   await enqueueMail(trx, row.organization_id, { to, subject, text, html, locale: 'en', kind: 'credential.issued', credentialId: row.id });
 * });
 */
export async function enqueueMail(
  trx: Kysely<Database>,
  organizationId: string | null,
  message: OutgoingMail,
  options: { now?: Date } = {},
): Promise<string> {
  checkMail(message);
  const row = await insertMailMessage(trx, {
    organization_id: organizationId,
    kind: message.kind,
    to_address: message.to,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    locale: message.locale,
    credential_id: message.credentialId ?? null,
    ...(message.headers ? { headers: message.headers } : {}),
    created_at: options.now ?? new Date(),
  });
  await enqueue(trx, {
    kind: MAIL_SEND_JOB,
    organizationId,
    payload: { messageId: row.id },
    maxAttempts: MAIL_MAX_ATTEMPTS,
  });
  return row.id;
}
