/**
 * better-sqlite3 behind Kysely, with its prepared statements kept. Kysely's SQLite driver prepares every
 * query it runs (`db.prepare(sql)` each time); issuing one credential runs some forty queries whose SQL
 * text never changes, and preparing them was a fifth of a batch's CPU time. Handing Kysely this wrapper
 * instead of the database makes a repeated `prepare` a map lookup.
 *
 * A statement that is mid-iteration (Kysely's `stream()`) is busy and cannot run again until its iterator
 * ends: such a call gets a fresh statement, not the cached one. SQLite re-prepares a cached statement by
 * itself when the schema changes (a migration), so a cached one never runs stale SQL.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** What Kysely's SqliteDialect uses of a database: `prepare` and `close`. */
export type SqliteDatabaseLike = {
  prepare(sql: string): BetterSqlite3.Statement;
  close(): void;
};

/** The statements most recently used are kept; a query with a different `in (?, ?, …)` length is new SQL. */
export const STATEMENT_CACHE_SIZE = 256;

export function withStatementCache(
  database: BetterSqlite3.Database,
  size: number = STATEMENT_CACHE_SIZE,
): SqliteDatabaseLike {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > size) {
          statements.delete(statements.keys().next().value as string);
        }
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
