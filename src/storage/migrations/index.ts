import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { AppError } from '../../errors.js';
import type { DatabaseHandle, DialectName } from '../database.js';
import * as initial from './0001-initial.js';
import * as systemKeys from './0002-system-keys.js';
import * as statusLists from './0004-status-lists.js';
import * as issuerLinkedin from './0005-issuer-linkedin.js';
import * as designs from './0006-designs.js';
import * as jobs from './0007-jobs.js';
import * as pathways from './0008-pathways.js';
import * as vcApiStatus from './0009-vc-api-status.js';
import * as mail from './0010-mail.js';
import * as learnerAccounts from './0011-learner-accounts.js';
import * as obApi from './0012-ob-api.js';

/**
 * What a migration receives. Deliberately untyped: a migration describes the schema as it was when it
 * was written, not today's `Database` type (Kysely's own advice).
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type MigrationDb = Kysely<any>;

export type DialectMigration = {
  up(db: MigrationDb, dialect: DialectName): Promise<void>;
};

/**
 * Every migration, in order. Names sort in the order they run; a shipped migration never changes:
 * add a new one. Listed here rather than found on disk so the code bundles and nothing is read at run time.
 */
export const MIGRATIONS: Readonly<Record<string, DialectMigration>> = {
  '0001-initial': initial,
  '0002-system-keys': systemKeys,
  '0004-status-lists': statusLists,
  '0005-issuer-linkedin': issuerLinkedin,
  '0006-designs': designs,
  '0007-jobs': jobs,
  '0008-pathways': pathways,
  '0009-vc-api-status': vcApiStatus,
  '0010-mail': mail,
  '0011-learner-accounts': learnerAccounts,
  '0012-ob-api': obApi,
};

/** Kysely's provider for one dialect: each migration receives the dialect, to branch where SQL differs. */
export function migrationProvider(
  dialect: DialectName,
  migrations: Readonly<Record<string, DialectMigration>> = MIGRATIONS,
): MigrationProvider {
  return {
    async getMigrations() {
      const provided: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(migrations)) {
        provided[name] = {
          // PostgreSQL: Kysely already runs each migration in a transaction. SQLite's DDL is transactional
          // too, but Kysely does not use it there: do, so a failed migration leaves nothing half done.
          up: (db) =>
            dialect === 'sqlite'
              ? db.transaction().execute((trx) => migration.up(trx, dialect))
              : migration.up(db, dialect),
        };
      }
      return provided;
    },
  };
}

/**
 * Applies every pending migration and returns the names it applied (none when the schema is current).
 *
 * Safe to call from several processes at once. On PostgreSQL, Kysely's migrator holds a session-level
 * advisory lock (`pg_advisory_lock`) on one connection while it reads what has run and applies the rest,
 * each migration in one transaction with its bookkeeping; the second process waits, then finds nothing
 * to do. SQLite has one writer per file and Kysely holds its only connection throughout.
 *
 * Fails with INTERNAL, naming the migration, when one fails. Nothing of it stays: on PostgreSQL the
 * whole run is one transaction (so the run's earlier migrations are rolled back too); on SQLite each
 * migration is one transaction (the earlier ones stay applied).
 */
export async function migrateToLatest(
  database: Pick<DatabaseHandle, 'db' | 'dialect'>,
  migrations: Readonly<Record<string, DialectMigration>> = MIGRATIONS,
): Promise<string[]> {
  const { db, dialect } = database;
  const migrator = new Migrator({ db, provider: migrationProvider(dialect, migrations) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const name = failed === undefined ? '' : ` ${failed.migrationName}`;
    throw new AppError('INTERNAL', `Database migration${name} failed`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
