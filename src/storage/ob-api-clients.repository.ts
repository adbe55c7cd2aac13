/** OAuth 2.0 clients of the Open Badges 3.0 API (RFC 7591 registrations; installation-wide, not tenant-owned). */
import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp } from './codec.js';
import type { Database, ObApiClientTable } from './tables.js';

export type ObApiClientRow = Selectable<ObApiClientTable>;

export async function insertObApiClient(
  db: Kysely<Database>,
  values: Omit<ObApiClientTable, 'created_at'>,
): Promise<ObApiClientRow> {
  return await db
    .insertInto('ob_api_clients')
    .values({ ...values, created_at: nowTimestamp() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findObApiClient(db: Kysely<Database>, id: string): Promise<ObApiClientRow | undefined> {
  return await db.selectFrom('ob_api_clients').selectAll().where('id', '=', id).executeTakeFirst();
}
