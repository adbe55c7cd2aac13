import type { Kysely, Selectable } from 'kysely';
import { toTimestamp } from './codec.js';
import type { ClaimTokenTable, Database } from './tables.js';

/** Claim tokens by their hash (`src/services/claims.ts` holds the rules). */

export type ClaimToken = Selectable<ClaimTokenTable>;

export async function insertClaimToken(
  db: Kysely<Database>,
  values: Omit<ClaimTokenTable, 'used_at'>,
): Promise<void> {
  await db
    .insertInto('claim_tokens')
    .values({ ...values, used_at: null })
    .execute();
}

export async function findClaimToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ClaimToken | undefined> {
  return await db
    .selectFrom('claim_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks the token used if it is unused and unexpired, in one statement, so two requests with one token
 * cannot both succeed. Undefined when it was not (the caller finds out why).
 */
export async function useClaimToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<ClaimToken | undefined> {
  const at = toTimestamp(now);
  return await db
    .updateTable('claim_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
}
