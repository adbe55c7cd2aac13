import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './tables.js';

/**
 * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (the error is
 * re-thrown). Called with a transaction already, it joins it instead of nesting.
 *
 * Inside `fn`, use `trx` for every query. On SQLite Kysely has one connection, which the transaction
 * holds: a query through the outer `db` would wait for the transaction to end, forever.
 *
 * @example
 * await withTransaction(db, async (trx) => {
 *   const credential = await insertCredential(trx, row);
 *   await insertAuditEntry(trx, { ... });
 * });
 */
export async function withTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) {
    return await fn(db as Transaction<Database>);
  }
  return await db.transaction().execute(fn);
}

/**
 * Runs `fn` inside a savepoint of the transaction `trx`: when it throws, what it did is rolled back and
 * the transaction goes on (on PostgreSQL an error otherwise aborts the whole transaction). `name` is a
 * fixed identifier, not data: a nested savepoint of the same name is simply the innermost one.
 */
export async function withSavepoint<T>(
  trx: Transaction<Database>,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  const savepoint = sql.id(name);
  await sql`savepoint ${savepoint}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${savepoint}`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(trx);
    await sql`release savepoint ${savepoint}`.execute(trx);
    throw error;
  }
}
