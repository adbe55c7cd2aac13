/**
 * Authorization codes and access/refresh tokens of the Open Badges 3.0 API, each belonging to one
 * learner account (not tenant-owned: an account spans organizations). Only SHA-256 hashes are stored.
 */
import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { Database, ObApiCodeTable, ObApiTokenTable } from './tables.js';

export type ObApiCode = Selectable<ObApiCodeTable>;
export type ObApiToken = Selectable<ObApiTokenTable>;

export async function insertObApiCode(
  db: Kysely<Database>,
  values: Omit<ObApiCodeTable, 'created_at' | 'used_at' | 'expires_at'> & { expires_at: Date },
): Promise<void> {
  await db
    .insertInto('ob_api_codes')
    .values({ ...values, expires_at: toTimestamp(values.expires_at), created_at: nowTimestamp() })
    .execute();
}

export async function findObApiCode(db: Kysely<Database>, id: string): Promise<ObApiCode | undefined> {
  return await db.selectFrom('ob_api_codes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks the code used; false when another request used it first (the conditional update decides). */
export async function useObApiCode(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('ob_api_codes')
    .set({ used_at: toTimestamp(now) })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertObApiToken(
  db: Kysely<Database>,
  values: Omit<ObApiTokenTable, 'created_at' | 'revoked_at' | 'access_expires_at' | 'refresh_expires_at'> & {
    access_expires_at: Date;
    refresh_expires_at: Date;
  },
): Promise<void> {
  await db
    .insertInto('ob_api_tokens')
    .values({
      ...values,
      access_expires_at: toTimestamp(values.access_expires_at),
      refresh_expires_at: toTimestamp(values.refresh_expires_at),
      created_at: nowTimestamp(),
    })
    .execute();
}

export async function findObApiTokenByHash(
  db: Kysely<Database>,
  kind: 'access' | 'refresh',
  hash: string,
): Promise<ObApiToken | undefined> {
  return await db
    .selectFrom('ob_api_tokens')
    .selectAll()
    .where(kind === 'access' ? 'access_token_hash' : 'refresh_token_hash', '=', hash)
    .executeTakeFirst();
}

/** Revokes one token row; false when it was revoked already (a concurrent refresh got there first). */
export async function revokeObApiToken(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('ob_api_tokens')
    .set({ revoked_at: toTimestamp(now) })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every token a code started (the code was replayed, or a rotated refresh token was). */
export async function revokeObApiGrant(db: Kysely<Database>, grantId: string, now: Date): Promise<void> {
  await db
    .updateTable('ob_api_tokens')
    .set({ revoked_at: toTimestamp(now) })
    .where('grant_id', '=', grantId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Disconnects an app from an account: every token revoked; false when there was none to revoke. */
export async function revokeAccountClientTokens(
  db: Kysely<Database>,
  accountId: string,
  clientId: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('ob_api_tokens')
    .set({ revoked_at: toTimestamp(now) })
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type AccountConnection = {
  client_id: string;
  client_name: string;
  client_uri: string;
  policy_uri: string;
  scope: string;
  created_at: string;
};

/** The apps an account is connected to: one row per live (not revoked, refreshable) token, oldest first. */
export async function listAccountConnections(
  db: Kysely<Database>,
  accountId: string,
  now: Date,
): Promise<AccountConnection[]> {
  return await db
    .selectFrom('ob_api_tokens')
    .innerJoin('ob_api_clients', 'ob_api_clients.id', 'ob_api_tokens.client_id')
    .select([
      'ob_api_tokens.client_id',
      'ob_api_clients.client_name',
      'ob_api_clients.client_uri',
      'ob_api_clients.policy_uri',
      'ob_api_tokens.scope',
      'ob_api_tokens.created_at',
    ])
    .where('ob_api_tokens.account_id', '=', accountId)
    .where('ob_api_tokens.revoked_at', 'is', null)
    .where('ob_api_tokens.refresh_expires_at', '>', toTimestamp(now))
    .orderBy('ob_api_tokens.created_at')
    .orderBy('ob_api_tokens.id')
    .execute();
}
