import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { toJsonText, toTimestamp } from './codec.js';
import type { Credential } from './credentials.repository.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { Database, MailMessageTable, MailStatus, MailTransport, Timestamp } from './tables.js';

/**
 * The mail outbox (`mail_messages`), the unsubscribed addresses and the expiry reminders sent. Every
 * query names the organization; the installation's own mail (organization null) is asked for with null.
 */

export type MailMessage = Omit<Selectable<MailMessageTable>, 'headers'> & { headers: Record<string, string> };

export type NewMailMessage = {
  organization_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  locale: string;
  credential_id?: string | null;
  headers?: Record<string, string>;
  created_at: Date;
};

function toMessage(row: Selectable<MailMessageTable>): MailMessage {
  return { ...row, headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {} };
}

/** Rows of the organization, or (null) of the installation: `= null` would match nothing in SQL. */
function ofOrganization(organizationId: string | null) {
  return (eb: ExpressionBuilder<Database, 'mail_messages'>) =>
    organizationId === null ? eb('organization_id', 'is', null) : eb('organization_id', '=', organizationId);
}

export async function insertMailMessage(db: Kysely<Database>, values: NewMailMessage): Promise<MailMessage> {
  const now = toTimestamp(values.created_at);
  const row = await db
    .insertInto('mail_messages')
    .values({
      id: newId(),
      organization_id: values.organization_id,
      kind: values.kind,
      to_address: values.to_address,
      subject: values.subject,
      text_body: values.text_body,
      html_body: values.html_body,
      locale: values.locale,
      credential_id: values.credential_id ?? null,
      headers: values.headers && Object.keys(values.headers).length > 0 ? toJsonText(values.headers) : null,
      status: 'queued',
      transport: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMessage(row);
}

/** With `forUpdate` (PostgreSQL only; SQLite has one writer at a time anyway) the row stays locked. */
export async function findMailMessage(
  db: Kysely<Database>,
  organizationId: string | null,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MailMessage | undefined> {
  const query = db
    .selectFrom('mail_messages')
    .selectAll()
    .where(ofOrganization(organizationId))
    .where('id', '=', id);
  const row = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  return row === undefined ? undefined : toMessage(row);
}

export type MailMessagePatch = {
  status?: MailStatus;
  transport?: MailTransport | null;
  attempts?: number;
  last_error?: string | null;
  sent_at?: Timestamp | null;
  /** Drops the bodies (after SMTP took the message: they may carry a claim link). */
  dropBodies?: boolean;
};

export async function updateMailMessage(
  db: Kysely<Database>,
  organizationId: string | null,
  id: string,
  patch: MailMessagePatch,
  now: Date,
): Promise<void> {
  const { dropBodies, ...rest } = patch;
  await db
    .updateTable('mail_messages')
    .set({
      ...rest,
      ...(dropBodies ? { text_body: null, html_body: null } : {}),
      updated_at: toTimestamp(now),
    })
    .where(ofOrganization(organizationId))
    .where('id', '=', id)
    .execute();
}

export type MailFilters = {
  status?: MailStatus;
  transport?: MailTransport;
  credentialId?: string;
  kind?: string;
  to?: string;
  /** Also the installation's own mail (organization null): the development mailbox outside production. */
  includeInstallation?: boolean;
};

/** The organization's mail, newest first. */
export async function listMailMessages(
  db: Kysely<Database>,
  organizationId: string,
  filters: MailFilters = {},
  page: PageRequest = {},
): Promise<Page<MailMessage>> {
  const limit = pageLimit(page.limit);
  let query = db
    .selectFrom('mail_messages')
    .selectAll()
    .where((eb) =>
      filters.includeInstallation
        ? eb.or([eb('organization_id', '=', organizationId), eb('organization_id', 'is', null)])
        : eb('organization_id', '=', organizationId),
    );
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (filters.transport !== undefined) {
    query = query.where('transport', '=', filters.transport);
  }
  if (filters.credentialId !== undefined) {
    query = query.where('credential_id', '=', filters.credentialId);
  }
  if (filters.kind !== undefined) {
    query = query.where('kind', '=', filters.kind);
  }
  if (filters.to !== undefined) {
    query = query.where('to_address', '=', filters.to);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('mail_messages', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toMessage), limit);
}

/** The latest mail about each of these credentials (for the credential's `mail` field). */
export async function latestMailOfCredentials(
  db: Kysely<Database>,
  organizationId: string,
  credentialIds: readonly string[],
): Promise<Map<string, MailMessage>> {
  const latest = new Map<string, MailMessage>();
  if (credentialIds.length === 0) {
    return latest;
  }
  const rows = await db
    .selectFrom('mail_messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credential_id', 'in', [...credentialIds])
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  for (const row of rows) {
    latest.set(row.credential_id as string, toMessage(row));
  }
  return latest;
}

/** The newest mail of this kind about this credential (a failed one that was resent is not the newest). */
export async function latestMailOfCredentialKind(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
  kind: string,
): Promise<MailMessage | undefined> {
  const row = await db
    .selectFrom('mail_messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toMessage(row);
}

/** Records that the address wants no more non-essential mail from the organization (idempotent). */
export async function insertMailUnsubscribe(
  db: Kysely<Database>,
  organizationId: string,
  email: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('mail_unsubscribes')
    .values({ organization_id: organizationId, email, created_at: toTimestamp(now) })
    .onConflict((oc) => oc.columns(['organization_id', 'email']).doNothing())
    .execute();
}

export async function isMailUnsubscribed(
  db: Kysely<Database>,
  organizationId: string,
  email: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('mail_unsubscribes')
    .select('email')
    .where('organization_id', '=', organizationId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a reminder as sent; false when it was sent before (the primary key decides, so two sweeps at
 * once send it once).
 */
export async function insertExpiryReminder(
  db: Kysely<Database>,
  values: { organization_id: string; credential_id: string; days: number; valid_until: Timestamp; now: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('expiry_reminders')
    .values({
      organization_id: values.organization_id,
      credential_id: values.credential_id,
      days: values.days,
      valid_until: toTimestamp(values.valid_until),
      sent_at: toTimestamp(values.now),
    })
    .onConflict((oc) => oc.columns(['credential_id', 'days', 'valid_until']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listExpiryReminders(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
): Promise<Selectable<Database['expiry_reminders']>[]> {
  return await db
    .selectFrom('expiry_reminders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId)
    .orderBy('days', 'desc')
    .execute();
}

/**
 * Active credentials of every organization, issued to an e-mail address, whose `valid_until` falls in
 * (`from`, `to`]: the reminder sweep's work, by id after `afterId`, `limit` at a time.
 */
export async function listCredentialsExpiringBetween(
  db: Kysely<Database>,
  from: Date,
  to: Date,
  options: { afterId?: string; limit: number },
): Promise<Credential[]> {
  let query = db
    .selectFrom('credentials')
    .selectAll()
    .where('status', '=', 'active')
    .where('recipient_email', 'is not', null)
    .where('valid_until', '>', toTimestamp(from))
    .where('valid_until', '<=', toTimestamp(to));
  if (options.afterId !== undefined) {
    query = query.where('id', '>', options.afterId);
  }
  return await query.orderBy('id').limit(options.limit).execute();
}
