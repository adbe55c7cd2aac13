import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * The first schema: organizations and people, issuers and their keys, achievements, learners and
 * credentials.
 *
 * Tenant-owned tables carry `organization_id`, and every reference from one tenant-owned row to another
 * is a composite foreign key `(organization_id, x_id) → x(organization_id, id)`: the database itself
 * refuses a credential of organization A that points at an achievement of organization B.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'user_id'])
    .addCheckConstraint('memberships_role_check', oneOf('role', ['owner', 'admin', 'issuer', 'viewer']))
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token_hash', 'text')
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('key_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .addCheckConstraint('api_keys_role_check', oneOf('role', ['owner', 'admin', 'issuer', 'viewer']))
    .execute();
  await db.schema
    .createIndex('api_keys_org_idx')
    .on('api_keys')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('actor_type', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', t.json)
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addCheckConstraint('audit_log_actor_type_check', oneOf('actor_type', ['user', 'api_key', 'system']))
    .execute();
  await db.schema
    .createIndex('audit_log_org_created_idx')
    .on('audit_log')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_log_org_target_idx')
    .on('audit_log')
    .columns(['organization_id', 'target_type', 'target_id'])
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('bytes', t.bytes, (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('images_org_id_unique', ['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('issuers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('url', 'text')
    .addColumn('email', 'text')
    .addColumn('description', 'text')
    .addColumn('image_id', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('issuers_org_id_unique', ['organization_id', 'id'])
    .addForeignKeyConstraint('issuers_image_fk', ['organization_id', 'image_id'], 'images', [
      'organization_id',
      'id',
    ])
    .execute();

  await db.schema
    .createTable('issuer_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('issuer_id', 'text', (col) => col.notNull())
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('public_key_multibase', 'text', (col) => col.notNull())
    .addColumn('encrypted_secret_key', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('retired_at', t.timestamp)
    .addForeignKeyConstraint(
      'issuer_keys_issuer_fk',
      ['organization_id', 'issuer_id'],
      'issuers',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint('issuer_keys_status_check', oneOf('status', ['active', 'retired']))
    .execute();
  await db.schema
    .createIndex('issuer_keys_issuer_idx')
    .on('issuer_keys')
    .columns(['issuer_id', 'created_at'])
    .execute();
  // At most one signing key per issuer: rotation retires the old key before it adds the new one.
  await db.schema
    .createIndex('issuer_keys_one_active_idx')
    .on('issuer_keys')
    .column('issuer_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('achievements')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('issuer_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('achievement_type', 'text', (col) => col.notNull())
    .addColumn('document', t.json, (col) => col.notNull())
    .addColumn('image_id', 'text')
    .addColumn('validity_months', 'integer')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('achievements_org_id_unique', ['organization_id', 'id'])
    .addForeignKeyConstraint('achievements_issuer_fk', ['organization_id', 'issuer_id'], 'issuers', [
      'organization_id',
      'id',
    ])
    .addForeignKeyConstraint('achievements_image_fk', ['organization_id', 'image_id'], 'images', [
      'organization_id',
      'id',
    ])
    .addCheckConstraint('achievements_status_check', oneOf('status', ['draft', 'active', 'archived']))
    .addCheckConstraint('achievements_validity_check', sql`validity_months is null or validity_months > 0`)
    .execute();
  await db.schema
    .createIndex('achievements_org_created_idx')
    .on('achievements')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('achievements_org_issuer_idx')
    .on('achievements')
    .columns(['organization_id', 'issuer_id'])
    .execute();
  await db.schema
    .createIndex('achievements_org_name_idx')
    .on('achievements')
    .columns(['organization_id', 'name'])
    .execute();

  await db.schema
    .createTable('learners')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('learners_org_id_unique', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('learners_org_created_idx')
    .on('learners')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  let identifiers = db.schema
    .createTable('learner_identifiers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('verified', t.boolean, (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('learner_identifiers_value_unique', ['organization_id', 'type', 'value'])
    .addForeignKeyConstraint(
      'learner_identifiers_learner_fk',
      ['organization_id', 'learner_id'],
      'learners',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint('learner_identifiers_type_check', oneOf('type', ['email', 'did', 'external']));
  if (dialect === 'sqlite') {
    identifiers = identifiers.addCheckConstraint(
      'learner_identifiers_verified_check',
      sql`verified in (0, 1)`,
    );
  }
  await identifiers.execute();
  await db.schema
    .createIndex('learner_identifiers_learner_idx')
    .on('learner_identifiers')
    .columns(['organization_id', 'learner_id'])
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('issuer_id', 'text', (col) => col.notNull())
    .addColumn('achievement_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('recipient_email', 'text')
    .addColumn('recipient_did', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('status_reason', 'text')
    // Text on both dialects, never jsonb: the signed bytes must come back exactly as they went in.
    .addColumn('document', 'text', (col) => col.notNull())
    .addColumn('awarded_date', t.timestamp, (col) => col.notNull())
    .addColumn('valid_from', t.timestamp, (col) => col.notNull())
    .addColumn('valid_until', t.timestamp)
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('credentials_idempotency_unique', ['organization_id', 'idempotency_key'])
    .addForeignKeyConstraint('credentials_issuer_fk', ['organization_id', 'issuer_id'], 'issuers', [
      'organization_id',
      'id',
    ])
    .addForeignKeyConstraint(
      'credentials_achievement_fk',
      ['organization_id', 'achievement_id'],
      'achievements',
      ['organization_id', 'id'],
    )
    .addForeignKeyConstraint('credentials_learner_fk', ['organization_id', 'learner_id'], 'learners', [
      'organization_id',
      'id',
    ])
    .addCheckConstraint('credentials_status_check', oneOf('status', ['active', 'revoked', 'suspended']))
    .execute();
  // The list filters, each ending in the cursor order (created_at, id).
  await db.schema
    .createIndex('credentials_org_created_idx')
    .on('credentials')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('credentials_org_achievement_idx')
    .on('credentials')
    .columns(['organization_id', 'achievement_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('credentials_org_email_idx')
    .on('credentials')
    .columns(['organization_id', 'recipient_email', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('credentials_org_learner_idx')
    .on('credentials')
    .columns(['organization_id', 'learner_id'])
    .execute();
}
