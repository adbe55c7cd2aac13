import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { Database } from './tables.js';

export type { Database } from './tables.js';

export type DialectName = DatabaseConfig['dialect'];

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export type DatabaseHandle = {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Closes the connection (SQLite) or every pooled connection (PostgreSQL). */
  destroy(): Promise<void>;
};

export type CreateDatabaseOptions = {
  /** PostgreSQL only: the most connections the pool opens (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL only: told when an idle pooled connection fails (the server restarted, say). The pool
   * drops that connection and opens another when needed; without this listener the error would be an
   * unhandled 'error' event and end the process. Default: ignore it.
   */
  onIdleConnectionError?: (error: Error) => void;
};

/**
 * Opens the database the configuration names. Nothing is migrated here: call `migrateToLatest`.
 *
 * SQLite (better-sqlite3): creates the file's directory, then sets WAL journaling (readers never wait for
 * the writer), foreign keys on (off by default in SQLite), a 5 s busy timeout (another process holding the
 * write lock makes us wait, not fail) and `synchronous=NORMAL` (safe with WAL: a power cut can lose the
 * last commits, never corrupt the file). Prepared statements are kept and reused (sqlite-statement-cache.ts).
 *
 * PostgreSQL (pg): a pool whose type parsers make rows look like SQLite's (see `tables.ts`): timestamptz
 * as ISO strings, json/jsonb as text, booleans as 0 | 1, int8 and numeric as numbers.
 *
 * Fails when the SQLite file cannot be opened; a PostgreSQL pool connects lazily, so a wrong URL or a
 * server that is down fails the first query instead.
 */
export async function createDatabase(
  config: DatabaseConfig,
  options: CreateDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (config.dialect === 'sqlite') {
    return openSqlite(config.file);
  }
  return openPostgres(config.url, options.poolSize ?? 10, options.onIdleConnectionError ?? (() => {}));
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
  }
  const database = new BetterSqlite3(file);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

function openPostgres(url: string, poolSize: number, onIdleError: (error: Error) => void): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: { getTypeParser } });
  pool.on('error', onIdleError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}

// PostgreSQL type OIDs (pg_type.oid) whose text form we parse differently from pg's defaults.
const BOOL = 16;
const INT8 = 20;
const JSON_TYPE = 114;
const TIMESTAMPTZ = 1184;
const NUMERIC = 1700;
const JSONB = 3802;

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => Date | number;

/**
 * Per-pool type parsers (not pg's global ones, which would change every other pg user in the process).
 * Only text-format results reach here: pg never asks for binary results.
 */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
  if (format === 'binary') {
    return pg.types.getTypeParser(oid, format);
  }
  switch (oid) {
    case BOOL:
      return (value: string) => (value === 't' ? 1 : 0);
    case INT8:
    case NUMERIC:
      // Counts and sums: far below 2^53. Exact decimals, if a column ever needs them, get their own type.
      return (value: string) => Number(value);
    case JSON_TYPE:
    case JSONB:
      return (value: string) => value;
    case TIMESTAMPTZ:
      return (value: string) => {
        const date = parseTimestamptz(value);
        // 'infinity' and '-infinity' come back as numbers; nothing Cairn writes is infinite.
        return date instanceof Date ? date.toISOString() : value;
      };
    default:
      return pg.types.getTypeParser(oid, format);
  }
}) as typeof pg.types.getTypeParser;
