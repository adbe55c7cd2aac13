import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * Keys that belong to the installation rather than to an organization, found by a stable name: the
 * W3C VC-API conformance issuer's did:key first. The secret half is encrypted under the master key,
 * as the issuers' keys are.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('system_keys')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('public_key_multibase', 'text', (col) => col.notNull())
    .addColumn('encrypted_secret_key', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
}
