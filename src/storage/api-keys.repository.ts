import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { ApiKeyTable, Database, Role, Timestamp } from './tables.js';

/** An organization's API key: only its hash and a display prefix are stored. */
export type ApiKey = Selectable<ApiKeyTable>;

export type NewApiKey = {
  id?: string;
  organization_id: string;
  name: string;
  role: Role;
  prefix: string;
  key_hash: string;
  created_at?: Timestamp;
};

export async function insertApiKey(db: Kysely<Database>, values: NewApiKey): Promise<ApiKey> {
  return await db
    .insertInto('api_keys')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      name: values.name,
      role: values.role,
      prefix: values.prefix,
      key_hash: values.key_hash,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Authentication's lookup: the unrevoked key with this hash, whatever its organization. This is the one
 * API-key query not scoped by organization, because the key is what tells which organization is asking;
 * everything after it is scoped by the returned `organization_id`.
 */
export async function findActiveApiKeyByHash(
  db: Kysely<Database>,
  keyHash: string,
): Promise<ApiKey | undefined> {
  return await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findApiKey(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<ApiKey | undefined> {
  return await db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every key of the organization, revoked ones included, newest first. */
export async function listApiKeys(db: Kysely<Database>, organizationId: string): Promise<ApiKey[]> {
  return await db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes the key (once: a second call keeps the first time). Undefined when there is no such key. */
export async function revokeApiKey(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  now: Timestamp | Date = new Date(),
): Promise<ApiKey | undefined> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return await findApiKey(db, organizationId, id);
}

/** Records that the key was just used. */
export async function touchApiKey(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  now: Timestamp | Date = new Date(),
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}
