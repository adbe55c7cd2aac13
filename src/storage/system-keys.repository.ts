import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { Database, SystemKeyTable, Timestamp } from './tables.js';

/** A key of the installation itself; the secret half is encrypted under the master key. */
export type SystemKey = Selectable<SystemKeyTable>;

export type NewSystemKey = {
  name: string;
  type: string;
  public_key_multibase: string;
  encrypted_secret_key: string;
  created_at?: Timestamp;
};

export async function findSystemKey(db: Kysely<Database>, name: string): Promise<SystemKey | undefined> {
  return await db.selectFrom('system_keys').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * Fails with a unique violation when a key of that name exists: of two processes making the same key at
 * once, the second reads the first's (`findSystemKey`).
 */
export async function insertSystemKey(db: Kysely<Database>, values: NewSystemKey): Promise<SystemKey> {
  return await db
    .insertInto('system_keys')
    .values({
      name: values.name,
      type: values.type,
      public_key_multibase: values.public_key_multibase,
      encrypted_secret_key: values.encrypted_secret_key,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
