/**
 * Recognizing constraint violations the same way on both dialects, so a service can turn a race into
 * the right answer (two requests with one idempotency key: the loser reads the winner's row).
 */

type DriverError = { code?: unknown; constraint?: unknown; message?: unknown };

/** A UNIQUE or PRIMARY KEY violation: SQLite `SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`, PostgreSQL 23505. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A FOREIGN KEY violation: SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`, PostgreSQL 23503. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A CHECK constraint violation: SQLite `SQLITE_CONSTRAINT_CHECK`, PostgreSQL 23514. */
export function isCheckViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code;
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}
