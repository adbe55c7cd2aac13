import type { DialectName } from '../database.js';
import type { MigrationDb } from './index.js';

/**
 * Status entries of the VC-API conformance issuer's credentials. Those credentials are signed for the
 * W3C test suites and not stored (no learner, no achievement), so their entries cannot reference
 * `credentials`; the lists themselves are ordinary `status_lists` rows of the system issuer.
 */
export async function up(db: MigrationDb, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('vc_api_status_entries')
    .addColumn('credential_id', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('list_id', 'text', (col) => col.notNull().references('status_lists.id').onDelete('cascade'))
    .addColumn('status_index', 'integer', (col) => col.notNull())
    .addColumn('value', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('vc_api_status_entries_pk', ['credential_id', 'purpose'])
    .addUniqueConstraint('vc_api_status_entries_slot_unique', ['list_id', 'status_index'])
    .execute();
}
