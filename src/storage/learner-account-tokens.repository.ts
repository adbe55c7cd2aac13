/**
 * Single-use secrets of learner accounts (magic sign-in links, e-mail verification links, DID challenges,
 * merge links). Only the SHA-256 of a token is stored; consuming one is a single conditional UPDATE, so
 * two requests with the same token cannot both succeed.
 */
import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { AccountTokenPurpose, Database, LearnerAccountTokenTable } from './tables.js';

export type AccountToken = Selectable<LearnerAccountTokenTable>;

export async function insertAccountToken(
  db: Kysely<Database>,
  values: {
    id: string;
    purpose: AccountTokenPurpose;
    account_id: string | null;
    value: string;
    detail?: string | null;
    expires_at: Date;
  },
): Promise<AccountToken> {
  return await db
    .insertInto('learner_account_tokens')
    .values({
      id: values.id,
      purpose: values.purpose,
      account_id: values.account_id,
      value: values.value,
      detail: values.detail ?? null,
      expires_at: toTimestamp(values.expires_at),
      used_at: null,
      created_at: nowTimestamp(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAccountToken(
  db: Kysely<Database>,
  id: string,
  purpose: AccountTokenPurpose,
): Promise<AccountToken | undefined> {
  return await db
    .selectFrom('learner_account_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks the token used when it is unused and unexpired at `now`; false when it was not. */
export async function useAccountToken(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('learner_account_tokens')
    .set({ used_at: toTimestamp(now) })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toTimestamp(now))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
