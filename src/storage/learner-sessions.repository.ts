/** The wallet's sessions: separate from the console's, keyed by the SHA-256 of the cookie's token. */
import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { Database, LearnerSessionTable } from './tables.js';

export type LearnerSession = Selectable<LearnerSessionTable>;

export async function insertLearnerSession(
  db: Kysely<Database>,
  values: { id: string; account_id: string; csrf_token_hash: string; expires_at: Date },
): Promise<void> {
  await db
    .insertInto('learner_sessions')
    .values({ ...values, expires_at: toTimestamp(values.expires_at), created_at: nowTimestamp() })
    .execute();
}

export async function findLiveLearnerSession(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<LearnerSession | undefined> {
  return await db
    .selectFrom('learner_sessions')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', toTimestamp(now))
    .executeTakeFirst();
}

export async function deleteLearnerSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('learner_sessions').where('id', '=', id).execute();
}
