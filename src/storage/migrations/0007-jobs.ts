import { type SqlBool, sql } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import type { MigrationDb } from './index.js';

/**
 * The job queue and what runs on it: `jobs` (a table in the same database, so a change and the jobs it
 * triggers commit together: a transactional outbox), bulk-issuing `batches` with their `batch_rows`, and
 * `webhook_endpoints` with their `webhook_deliveries`.
 */
export async function up(db: MigrationDb, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  const oneOf = (column: string, values: readonly string[]) =>
    sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    // Null for the installation's own jobs (housekeeping); a tenant's jobs are deleted with the tenant.
    .addColumn('organization_id', 'text', (col) => col.references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', t.json, (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('run_at', t.timestamp, (col) => col.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addColumn('finished_at', t.timestamp)
    .addCheckConstraint(
      'jobs_status_check',
      oneOf('status', ['queued', 'running', 'succeeded', 'failed', 'dead']),
    )
    .addCheckConstraint('jobs_attempts_check', sql`attempts >= 0 and max_attempts >= 1`)
    .execute();
  // What a worker claims: waiting jobs that are due, oldest first …
  await db.schema
    .createIndex('jobs_due_idx')
    .on('jobs')
    .columns(['run_at', 'id'])
    .where(sql<SqlBool>`status in ('queued', 'failed')`)
    .execute();
  // … and running jobs whose lease has expired (their worker died).
  await db.schema
    .createIndex('jobs_lease_idx')
    .on('jobs')
    .column('locked_until')
    .where(sql<SqlBool>`status = 'running'`)
    .execute();
  await db.schema
    .createIndex('jobs_org_status_idx')
    .on('jobs')
    .columns(['organization_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('jobs_finished_idx')
    .on('jobs')
    .column('finished_at')
    .where(sql<SqlBool>`status = 'succeeded'`)
    .execute();
  // At most one live job per dedupe key; a finished one does not block the next.
  await db.schema
    .createIndex('jobs_dedupe_idx')
    .on('jobs')
    .column('dedupe_key')
    .unique()
    .where(sql<SqlBool>`dedupe_key is not null and status in ('queued', 'running', 'failed')`)
    .execute();

  let batches = db.schema
    .createTable('batches')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('filename', 'text')
    .addColumn('dry_run', t.boolean, (col) => col.notNull())
    .addColumn('default_achievement_id', 'text')
    .addColumn('columns', t.json)
    .addColumn('unknown_columns', t.json)
    .addColumn('total', 'integer', (col) => col.notNull())
    .addColumn('invalid', 'integer', (col) => col.notNull())
    .addColumn('issued', 'integer', (col) => col.notNull())
    .addColumn('existing', 'integer', (col) => col.notNull())
    .addColumn('failed', 'integer', (col) => col.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by_type', 'text', (col) => col.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addColumn('started_at', t.timestamp)
    .addColumn('completed_at', t.timestamp)
    .addUniqueConstraint('batches_org_id_unique', ['organization_id', 'id'])
    .addCheckConstraint(
      'batches_status_check',
      oneOf('status', ['validating', 'validated', 'running', 'completed', 'failed', 'cancelled']),
    )
    .addCheckConstraint('batches_source_check', oneOf('source', ['csv', 'json']))
    .addCheckConstraint('batches_actor_check', oneOf('created_by_type', ['user', 'api_key', 'system']));
  if (dialect === 'sqlite') {
    batches = batches.addCheckConstraint('batches_dry_run_check', sql`dry_run in (0, 1)`);
  }
  await batches.execute();
  await db.schema
    .createIndex('batches_org_created_idx')
    .on('batches')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('batch_rows')
    .addColumn('batch_id', 'text', (col) => col.notNull())
    .addColumn('organization_id', 'text', (col) => col.notNull())
    // The row's number as a spreadsheet shows it: the header is row 1 of a CSV; JSON rows count from 1.
    .addColumn('row_number', 'integer', (col) => col.notNull())
    // Which issuing job takes the row (rows are issued in chunks, one job per chunk).
    .addColumn('chunk', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('data', t.json, (col) => col.notNull())
    .addColumn('errors', t.json)
    .addColumn('idempotency_key', 'text')
    .addColumn('credential_id', 'text')
    .addPrimaryKeyConstraint('batch_rows_pk', ['batch_id', 'row_number'])
    .addForeignKeyConstraint(
      'batch_rows_batch_fk',
      ['organization_id', 'batch_id'],
      'batches',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint(
      'batch_rows_status_check',
      oneOf('status', ['invalid', 'pending', 'issued', 'existing', 'failed']),
    )
    .execute();
  await db.schema
    .createIndex('batch_rows_chunk_idx')
    .on('batch_rows')
    .columns(['batch_id', 'chunk', 'status'])
    .execute();
  await db.schema
    .createIndex('batch_rows_status_idx')
    .on('batch_rows')
    .columns(['batch_id', 'status', 'row_number'])
    .execute();

  let endpoints = db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) =>
      col.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('events', t.json, (col) => col.notNull())
    .addColumn('enabled', t.boolean, (col) => col.notNull())
    // The signing secret, encrypted under the master key (it must be readable to sign, unlike a password).
    .addColumn('encrypted_secret', 'text', (col) => col.notNull())
    .addColumn('secret_prefix', 'text', (col) => col.notNull())
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addUniqueConstraint('webhook_endpoints_org_id_unique', ['organization_id', 'id']);
  if (dialect === 'sqlite') {
    endpoints = endpoints.addCheckConstraint('webhook_endpoints_enabled_check', sql`enabled in (0, 1)`);
  }
  await endpoints.execute();
  await db.schema
    .createIndex('webhook_endpoints_org_created_idx')
    .on('webhook_endpoints')
    .columns(['organization_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('organization_id', 'text', (col) => col.notNull())
    .addColumn('endpoint_id', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('event_type', 'text', (col) => col.notNull())
    // The exact body sent (and signed), the same on every attempt and every resend.
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('resend_of', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('updated_at', t.timestamp, (col) => col.notNull())
    .addColumn('last_attempt_at', t.timestamp)
    .addColumn('delivered_at', t.timestamp)
    .addForeignKeyConstraint(
      'webhook_deliveries_endpoint_fk',
      ['organization_id', 'endpoint_id'],
      'webhook_endpoints',
      ['organization_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint(
      'webhook_deliveries_status_check',
      oneOf('status', ['pending', 'succeeded', 'failed', 'cancelled']),
    )
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint_idx')
    .on('webhook_deliveries')
    .columns(['organization_id', 'endpoint_id', 'created_at', 'id'])
    .execute();
}
