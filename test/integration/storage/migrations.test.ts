import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { createDatabase } from '../../../src/storage/database.js';
import { MIGRATIONS, type MigrationDb, migrateToLatest } from '../../../src/storage/migrations/index.js';
import { createEmptyTestDatabase, DIALECTS, type TestDatabase } from '../../support/databases.js';

const ALL = Object.keys(MIGRATIONS);
const TABLES = [
  'achievements',
  'api_keys',
  'audit_log',
  'batch_rows',
  'batches',
  'claim_tokens',
  'credential_status_entries',
  'credentials',
  'designs',
  'expiry_reminders',
  'images',
  'issuer_keys',
  'issuers',
  'jobs',
  'learner_account_identities',
  'learner_account_tokens',
  'learner_accounts',
  'learner_identifiers',
  'learner_sessions',
  'learners',
  'mail_messages',
  'mail_unsubscribes',
  'memberships',
  'ob_api_clients',
  'ob_api_codes',
  'ob_api_tokens',
  'organizations',
  'pathway_award_components',
  'pathway_awards',
  'pathway_components',
  'pathway_enrollments',
  'pathway_versions',
  'pathways',
  'sessions',
  'status_lists',
  'system_keys',
  'users',
  'vc_api_status_entries',
  'wallet_imports',
  'webhook_deliveries',
  'webhook_endpoints',
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: migrations`, () => {
    const opened: TestDatabase[] = [];
    const fresh = async () => {
      const database = await createEmptyTestDatabase(dialect);
      opened.push(database);
      return database;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((database) => database.destroy()));
    });

    test('apply every migration in order on an empty database, then nothing the second time', async () => {
      const database = await fresh();
      expect(await migrateToLatest(database)).toEqual(ALL);
      expect(await migrateToLatest(database)).toEqual([]);
      const tables = (await database.db.introspection.getTables()).map((table) => table.name).sort();
      expect(tables).toEqual(TABLES);
    });

    test('a failing migration is rolled back whole and named in the error', async () => {
      const database = await fresh();
      const broken = {
        ...MIGRATIONS,
        '9999-broken': {
          async up(db: MigrationDb) {
            await db.schema.createTable('half_done').addColumn('id', 'text').execute();
            await sql`this is not sql`.execute(db);
          },
        },
      };
      const error = await migrateToLatest(database, broken).catch((caught: unknown) => caught);
      expect(isAppError(error, 'INTERNAL')).toBe(true);
      expect((error as Error).message).toContain('9999-broken');
      const tables = (await database.db.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain('half_done');
      // PostgreSQL runs one transaction for the whole run: nothing of it stays. SQLite: one per migration.
      if (dialect === 'postgres') {
        expect(tables).not.toContain('credentials');
        expect(await migrateToLatest(database)).toEqual(ALL);
      } else {
        expect(tables).toContain('credentials');
        expect(await migrateToLatest(database)).toEqual([]);
      }
    });

    test('two processes migrating at once apply each migration exactly once, without an error', async () => {
      const first = await fresh();
      // A second, independent connection (pool) to the same database, as a second server process has.
      const second = await createDatabase(
        dialect === 'sqlite' ? { dialect, file: first.location } : { dialect, url: first.location },
      );
      try {
        if (dialect === 'sqlite') {
          // SQLite is one process by design: the second start comes after the first, and finds nothing to do.
          expect(await migrateToLatest(first)).toEqual(ALL);
          expect(await migrateToLatest(second)).toEqual([]);
        } else {
          const results = await Promise.all([migrateToLatest(first), migrateToLatest(second)]);
          expect(results.flat().sort()).toEqual(ALL);
        }
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
          first.db,
        );
        expect(applied.rows.map((row) => row.name)).toEqual(ALL);
      } finally {
        await second.destroy();
      }
    });
  });
}
