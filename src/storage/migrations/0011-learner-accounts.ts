import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Learner accounts: a person's wallet across every organization, separate from console users.
 *
 * - `learner_accounts`: the account (optional password, public handle, portfolio switches, the DID new
 *   credentials should name).
 * - `learner_account_identities`: the verified e-mail addresses and DIDs of an account. An identity
 *   belongs to at most one account (unique type and value): credentials whose recipient is one of them
 *   join that wallet, whichever organization issued them and whenever.
 * - `learner_account_tokens`: single-use secrets (only their SHA-256 is kept): magic sign-in links,
 *   e-mail verification links, DID challenges, merge links.
 * - `learner_sessions`: the wallet's own sessions, never mixed with the console's `sessions`.
 * - `wallet_imports`: credentials a learner brought from elsewhere, as given, with the verdict.
 * - `credentials.visibility`: the learner's privacy choice per credential (`public`, `link`, `private`).
 *
 * These tables are not tenant-owned: an account spans organizations. Credentials stay the issuer's rows;
 * the wallet finds them by recipient, so deleting an account never touches an issuer's records.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
  const falseValue = dialect === 'postgres' ? sql`false` : sql`0`;

  await db.schema
    .createTable('learner_accounts')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('handle', 'text', (col) => col.unique())
    .addColumn('display_name', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('subject_did', 'text')
    .addColumn('portfolio_public', t.boolean, (col) => col.notNull().defaultTo(falseValue))
    .addColumn('portfolio_pathways', t.boolean, (col) => col.notNull().defaultTo(falseValue))
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('learner_account_identities')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) =>
      col.notNull().references('learner_accounts.id').onDelete('cascade'),
    )
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('verified_at', t.timestamp, (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('learner_account_identities_value_unique', ['type', 'value'])
    .addCheckConstraint('learner_account_identities_type_check', oneOf('type', ['email', 'did']))
    .execute();
  await db.schema
    .createIndex('learner_account_identities_account_idx')
    .on('learner_account_identities')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('learner_account_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.references('learner_accounts.id').onDelete('cascade'))
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('detail', t.json)
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addCheckConstraint(
      'learner_account_tokens_purpose_check',
      oneOf('purpose', ['sign-in', 'verify-email', 'did-challenge', 'merge']),
    )
    .execute();
  await db.schema
    .createIndex('learner_account_tokens_account_idx')
    .on('learner_account_tokens')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('learner_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) =>
      col.notNull().references('learner_accounts.id').onDelete('cascade'),
    )
    .addColumn('csrf_token_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('learner_sessions_account_idx')
    .on('learner_sessions')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('wallet_imports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'text', (col) =>
      col.notNull().references('learner_accounts.id').onDelete('cascade'),
    )
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('container', 'text', (col) => col.notNull())
    .addColumn('source_url', 'text')
    .addColumn('file', t.bytes)
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('verified', t.boolean, (col) => col.notNull())
    .addColumn('verdict', 'text', (col) => col.notNull())
    .addColumn('report', t.json, (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('issuer_name', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addCheckConstraint('wallet_imports_source_check', oneOf('source', ['file', 'url', 'paste']))
    .execute();
  await db.schema
    .createIndex('wallet_imports_account_idx')
    .on('wallet_imports')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .alterTable('credentials')
    .addColumn('visibility', 'text', (col) =>
      col
        .notNull()
        .defaultTo('link')
        .check(oneOf('visibility', ['public', 'link', 'private'])),
    )
    .execute();
  // The wallet finds a person's credentials by recipient, across organizations.
  await db.schema
    .createIndex('credentials_recipient_email_idx')
    .on('credentials')
    .column('recipient_email')
    .execute();
  await db.schema
    .createIndex('credentials_recipient_did_idx')
    .on('credentials')
    .column('recipient_did')
    .execute();
}
