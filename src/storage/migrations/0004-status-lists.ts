import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Bitstring Status Lists: per issuer and purpose (revocation, suspension), lists of 131,072 entries.
 * An entry's index comes from a counter through a keyed permutation (no free-slot search); the bits are
 * the `value`s of the entries, so a revocation is one row update and the list is rebuilt when signed.
 * `version` counts changes; `signed_version` says which version `signed_document` shows.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('issuer_id', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('allocated', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('permutation_key', t.bytes, (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('signed_version', 'integer', (col) => col.notNull().defaultTo(-1))
    .addColumn('signed_document', 'text')
    .addColumn('signed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('status_lists_org_id_unique', ['organization_id', 'id'])
    .addForeignKeyConstraint('status_lists_issuer_fk', ['organization_id', 'issuer_id'], 'issuers', [
      'organization_id',
      'id',
    ])
    .addCheckConstraint('status_lists_purpose_check', sql`purpose in ('revocation', 'suspension')`)
    .execute();
  await db.schema
    .createIndex('status_lists_issuer_idx')
    .on('status_lists')
    .columns(['issuer_id', 'purpose', 'created_at'])
    .execute();

  await db.schema
    .createTable('credential_status_entries')
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('credential_id', 'text', (col) =>
      col.notNull().references('credentials.id').onDelete('cascade'),
    )
    .addColumn('list_id', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('status_index', 'integer', (col) => col.notNull())
    .addColumn('value', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('credential_status_entries_pk', ['credential_id', 'purpose'])
    .addUniqueConstraint('credential_status_entries_slot_unique', ['list_id', 'status_index'])
    .addForeignKeyConstraint(
      'credential_status_entries_list_fk',
      ['organization_id', 'list_id'],
      'status_lists',
      ['organization_id', 'id'],
    )
    .execute();
  await db.schema
    .createIndex('credential_status_entries_list_value_idx')
    .on('credential_status_entries')
    .columns(['list_id', 'value'])
    .execute();

  // Whether the issuer's reason for a revocation or suspension is shown to verifiers on the public page.
  await db.schema
    .alterTable('credentials')
    .addColumn('status_reason_public', t.boolean, (col) =>
      col.notNull().defaultTo(dialect === 'postgres' ? sql`false` : 0),
    )
    .execute();
  // Suspension needs a second status entry, and Open Badges 3.0 allows one: issuers opt in.
  await db.schema
    .alterTable('issuers')
    .addColumn('suspension_enabled', t.boolean, (col) =>
      col.notNull().defaultTo(dialect === 'postgres' ? sql`false` : 0),
    )
    .execute();
}
