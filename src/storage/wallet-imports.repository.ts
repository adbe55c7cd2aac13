/** Credentials a learner imported from elsewhere, per account (not tenant-owned). */
import type { Kysely, Selectable } from 'kysely';
import { fromDbBoolean, nowTimestamp, toDbBoolean, toDbBytes } from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { Database, WalletImportSource, WalletImportTable } from './tables.js';

export type WalletImport = Omit<Selectable<WalletImportTable>, 'verified'> & { verified: boolean };

function toImport(row: Selectable<WalletImportTable>): WalletImport {
  return { ...row, verified: fromDbBoolean(row.verified) };
}

export async function insertWalletImport(
  db: Kysely<Database>,
  values: {
    account_id: string;
    source: WalletImportSource;
    container: string;
    source_url: string | null;
    file: Uint8Array | null;
    text: string;
    verified: boolean;
    verdict: string;
    report: string;
    name: string | null;
    issuer_name: string | null;
    credential_id?: string | null;
    api_client_id?: string | null;
  },
): Promise<WalletImport> {
  const row = await db
    .insertInto('wallet_imports')
    .values({
      ...values,
      id: newId(),
      file: values.file === null ? null : toDbBytes(values.file),
      verified: toDbBoolean(values.verified),
      created_at: nowTimestamp(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toImport(row);
}

/** The account's imports, newest first. */
export async function listWalletImports(db: Kysely<Database>, accountId: string): Promise<WalletImport[]> {
  const rows = await db
    .selectFrom('wallet_imports')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toImport);
}

/** One page of the account's imports, newest first (keyset: `cursor` is the previous page's `next`). */
export async function listWalletImportsPage(
  db: Kysely<Database>,
  accountId: string,
  page: PageRequest = {},
): Promise<Page<WalletImport>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('wallet_imports').selectAll().where('account_id', '=', accountId);
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('wallet_imports', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toImport), limit);
}

export async function findWalletImport(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<WalletImport | undefined> {
  const row = await db
    .selectFrom('wallet_imports')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toImport(row);
}

export async function deleteWalletImport(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('wallet_imports')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The account's import of the credential with this `id` (the OB 3.0 API's upsert replaces by it). */
export async function findWalletImportByCredentialId(
  db: Kysely<Database>,
  accountId: string,
  credentialId: string,
): Promise<WalletImport | undefined> {
  const row = await db
    .selectFrom('wallet_imports')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('credential_id', '=', credentialId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row === undefined ? undefined : toImport(row);
}

/** Replaces what an import holds (an upsert of the same credential id): text, verdict, report, names. */
export async function replaceWalletImport(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  values: {
    container: string;
    text: string;
    verified: boolean;
    verdict: string;
    report: string;
    name: string | null;
    issuer_name: string | null;
    api_client_id: string | null;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('wallet_imports')
    .set({ ...values, verified: toDbBoolean(values.verified), file: null, source_url: null })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
