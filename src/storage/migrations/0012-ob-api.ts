import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * The Open Badges 3.0 REST API (docs/ob-api.md): OAuth 2.0 clients that registered themselves (RFC 7591),
 * the authorization codes a learner's consent produced, and the access and refresh tokens. Every secret
 * is kept only as its SHA-256 (client secrets, codes and tokens are 256 random bits, so a fast hash is
 * enough). Codes and tokens belong to a learner account and go with it.
 *
 * `wallet_imports.credential_id` is the imported credential's own `id`, so an upsert through the API
 * replaces the import with the same id instead of adding a second; `api_client_id` says which connected
 * app sent it.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('ob_api_clients')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('client_name', 'text', (col) => col.notNull())
    .addColumn('client_uri', 'text', (col) => col.notNull())
    .addColumn('logo_uri', 'text', (col) => col.notNull())
    .addColumn('tos_uri', 'text', (col) => col.notNull())
    .addColumn('policy_uri', 'text', (col) => col.notNull())
    .addColumn('software_id', 'text', (col) => col.notNull())
    .addColumn('software_version', 'text', (col) => col.notNull())
    .addColumn('redirect_uris', t.json, (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('ob_api_codes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('client_id', 'text', (col) =>
      col.notNull().references('ob_api_clients.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (col) =>
      col.notNull().references('learner_accounts.id').onDelete('cascade'),
    )
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('code_challenge', 'text', (col) => col.notNull())
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('ob_api_codes_account_idx').on('ob_api_codes').column('account_id').execute();

  await db.schema
    .createTable('ob_api_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('client_id', 'text', (col) =>
      col.notNull().references('ob_api_clients.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (col) =>
      col.notNull().references('learner_accounts.id').onDelete('cascade'),
    )
    // The code that started this family of rotated tokens: a code used twice revokes them all.
    .addColumn('grant_id', 'text', (col) => col.notNull())
    .addColumn('access_token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('refresh_token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('access_expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('refresh_expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('ob_api_tokens_account_idx')
    .on('ob_api_tokens')
    .columns(['account_id', 'client_id'])
    .execute();
  await db.schema.createIndex('ob_api_tokens_grant_idx').on('ob_api_tokens').column('grant_id').execute();

  await db.schema.alterTable('wallet_imports').addColumn('credential_id', 'text').execute();
  await db.schema.alterTable('wallet_imports').addColumn('api_client_id', 'text').execute();
  await db.schema
    .createIndex('wallet_imports_credential_idx')
    .on('wallet_imports')
    .columns(['account_id', 'credential_id'])
    .execute();
}
