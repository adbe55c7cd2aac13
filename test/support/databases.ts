import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import {
  createDatabase,
  type Database,
  type DatabaseHandle,
  type DialectName,
} from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrations/index.js';
import { selectedDialects } from './dialects.js';

/** The dialects every database test runs on: both, or those the DIALECTS variable names. */
export const DIALECTS: readonly DialectName[] = selectedDialects();

/** A database of its own for one test file (or one describe block); `destroy()` also deletes it. */
export type TestDatabase = DatabaseHandle & {
  /** The SQLite file, or the PostgreSQL URL, e.g. to open a second connection to the same database. */
  readonly location: string;
};

/**
 * A new, empty database: SQLite, a file in a new temporary directory; PostgreSQL, a new database
 * (`cairn_test_<random>`) on the run's server. Nothing is migrated.
 */
export async function createEmptyTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-test-sqlite-'));
    const file = join(dir, 'cairn.sqlite');
    const handle = await createDatabase({ dialect: 'sqlite', file });
    return {
      ...handle,
      location: file,
      async destroy() {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = inject('postgresUrl');
  if (serverUrl === undefined) {
    throw new Error('No PostgreSQL for this run (DIALECTS leaves it out, or the global setup did not run)');
  }
  const name = `cairn_test_${randomBytes(8).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 5 });
  return {
    ...handle,
    location: url.toString(),
    async destroy() {
      await handle.destroy();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** A new database with every migration applied. */
export async function setupTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const database = await createEmptyTestDatabase(dialect);
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return database;
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What a dialect-looped test body sees; read it inside tests and hooks, once `beforeAll` has run. */
export type DialectContext = {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  readonly database: TestDatabase;
};

/**
 * One describe block per dialect, named `<dialect>: <name>`, each with its own migrated database for
 * the block's tests (created in `beforeAll`, deleted in `afterAll`). The same test body runs on both.
 *
 * @example
 * forEachDialect('credentials repository', (ctx) => {
 *   test('round-trips', async () => {
 *     const org = await insertOrganization(ctx.db, { slug: 'a', name: 'A' });
 *   });
 * });
 */
export function forEachDialect(name: string, body: (ctx: DialectContext) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${dialect}: ${name}`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await setupTestDatabase(dialect);
      });
      afterAll(async () => {
        await database?.destroy();
      });
      const ready = (): TestDatabase => {
        if (database === undefined) {
          throw new Error('The test database is not ready: use it inside tests and hooks only');
        }
        return database;
      };
      body({
        dialect,
        get db() {
          return ready().db;
        },
        get database() {
          return ready();
        },
      });
    });
  }
}
