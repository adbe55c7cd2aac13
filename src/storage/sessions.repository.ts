import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { Database, SessionTable, Timestamp } from './tables.js';

/** A signed-in browser session. Its id is the SHA-256 of the cookie's token; the token is never stored. */
export type Session = Selectable<SessionTable>;

export type NewSession = {
  id: string;
  user_id: string;
  csrf_token_hash?: string | null;
  expires_at: Timestamp | Date;
  created_at?: Timestamp;
};

export async function insertSession(db: Kysely<Database>, values: NewSession): Promise<Session> {
  return await db
    .insertInto('sessions')
    .values({
      id: values.id,
      user_id: values.user_id,
      csrf_token_hash: values.csrf_token_hash ?? null,
      expires_at: toTimestamp(values.expires_at),
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The session with this id, unless it has expired by `now`. */
export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  now: Timestamp | Date = new Date(),
): Promise<Session | undefined> {
  return await db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', toTimestamp(now))
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Signs the user out everywhere (after a password change, say). Returns how many sessions ended. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(
  db: Kysely<Database>,
  now: Timestamp | Date = new Date(),
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', toTimestamp(now))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
