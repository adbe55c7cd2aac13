import type { Kysely, Transaction } from 'kysely';
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
