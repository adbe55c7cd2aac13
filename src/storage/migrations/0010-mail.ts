import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Mail (docs/mail.md):
 *
 * - `mail_messages`: the outbox. One row per e-mail, written in the transaction of the change that
 *   causes it, with a `mail.send` job. It is also the delivery log issuers read (status, last error)
 *   and, when no SMTP server is configured, the development mailbox (`transport` = `mailbox`). Bodies
 *   are dropped once SMTP has taken (or finally refused) a message: they may carry a claim link.
 * - `claim_tokens`: single-use, expiring claim links; only the SHA-256 of the token is kept.
 * - `mail_unsubscribes`: addresses that asked an organization for no more non-essential mail.
 * - `expiry_reminders`: the "expiring soon" reminders sent, one per credential, threshold and
 *   expiry date (a renewal moves the date, so the renewed credential is reminded again).
 * - `batches.notify`: whether the batch's credentials e-mail their learners (default yes).
 * - `credentials.mail_locale`: the language the learner's mail about a credential is written in, chosen
 *   at issuance; `organizations.mail_locale`: the organization's default.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

  await db.schema.alterTable('organizations').addColumn('mail_locale', 'text').execute();
  await db.schema.alterTable('credentials').addColumn('mail_locale', 'text').execute();
  // Whether a batch's credentials send the learner the "you earned it" e-mail.
  await db.schema
    .alterTable('batches')
    .addColumn('notify', t.boolean, (col) => col.notNull().defaultTo(sql`true`))
    .execute();

  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (col) => col.primaryKey())
    // Null for the installation's own mail (a learner's sign-in link).
    .addColumn('organization_id', 'text', (col) => col.references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('headers', t.json)
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('transport', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addColumn('sent_at', t.timestamp)
    .addCheckConstraint(
      'mail_messages_status_check',
      oneOf('status', ['queued', 'retrying', 'sent', 'failed']),
    )
    .addCheckConstraint(
      'mail_messages_transport_check',
      sql`transport is null or ${oneOf('transport', ['smtp', 'mailbox'])}`,
    )
    .execute();
  await db.schema
    .createIndex('mail_messages_org_created_idx')
    .on('mail_messages')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('mail_messages_credential_idx')
    .on('mail_messages')
    .columns(['organization_id', 'credential_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('claim_tokens')
    // SHA-256 (hex) of the token: the token itself is only in the e-mail.
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('credential_id', 'text', (col) =>
      col.notNull().references('credentials.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('claim_tokens_credential_idx')
    .on('claim_tokens')
    .columns(['organization_id', 'credential_id'])
    .execute();

  await db.schema
    .createTable('mail_unsubscribes')
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('mail_unsubscribes_pk', ['organization_id', 'email'])
    .execute();

  // The reminder sweep looks for active credentials by their expiry date.
  await db.schema
    .createIndex('credentials_valid_until_idx')
    .on('credentials')
    .columns(['valid_until'])
    .execute();

  await db.schema
    .createTable('expiry_reminders')
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('credential_id', 'text', (col) =>
      col.notNull().references('credentials.id').onDelete('cascade'),
    )
    .addColumn('days', 'integer', (col) => col.notNull())
    .addColumn('valid_until', t.timestamp, (col) => col.notNull())
    .addColumn('sent_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('expiry_reminders_pk', ['credential_id', 'days', 'valid_until'])
    .execute();
}
