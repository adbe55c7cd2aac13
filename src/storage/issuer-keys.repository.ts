import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { Database, IssuerKeyStatus, IssuerKeyTable, Timestamp } from './tables.js';

/** An issuer's signing key; the secret half is encrypted under the master key. */
export type IssuerKey = Selectable<IssuerKeyTable>;

/** What anyone may see of an issuer's key: everything but the (encrypted) secret. */
export type PublicIssuerKey = Omit<IssuerKey, 'encrypted_secret_key' | 'organization_id'>;

export type NewIssuerKey = {
  id?: string;
  organization_id: string;
  issuer_id: string;
  type: string;
  public_key_multibase: string;
  encrypted_secret_key: string;
  status?: IssuerKeyStatus;
  created_at?: Timestamp;
};

/**
 * Fails with a unique violation when the issuer already has an active key (retire it first: see
 * `retireIssuerKey`, in the same transaction), and with a foreign-key violation when the issuer is not
 * the organization's.
 */
export async function insertIssuerKey(db: Kysely<Database>, values: NewIssuerKey): Promise<IssuerKey> {
  const status = values.status ?? 'active';
  const now = values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at);
  return await db
    .insertInto('issuer_keys')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      issuer_id: values.issuer_id,
      type: values.type,
      public_key_multibase: values.public_key_multibase,
      encrypted_secret_key: values.encrypted_secret_key,
      status,
      created_at: now,
      retired_at: status === 'retired' ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findIssuerKey(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<IssuerKey | undefined> {
  return await db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The key the issuer signs with now. */
export async function findActiveIssuerKey(
  db: Kysely<Database>,
  organizationId: string,
  issuerId: string,
): Promise<IssuerKey | undefined> {
  return await db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('issuer_id', '=', issuerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Every key the issuer has had, oldest first. */
export async function listIssuerKeys(
  db: Kysely<Database>,
  organizationId: string,
  issuerId: string,
): Promise<IssuerKey[]> {
  return await db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('issuer_id', '=', issuerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * The public halves of every key the issuer has had, oldest first, for its did:web document (retired keys
 * stay in it, so credentials signed before a rotation still verify). Not scoped by organization: the DID
 * document is public. The secret column is never selected.
 */
export async function listPublicIssuerKeys(
  db: Kysely<Database>,
  issuerId: string,
): Promise<PublicIssuerKey[]> {
  return await db
    .selectFrom('issuer_keys')
    .select(['id', 'issuer_id', 'type', 'public_key_multibase', 'status', 'created_at', 'retired_at'])
    .where('issuer_id', '=', issuerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Retires the key (it stops signing, and stays published). Undefined when there is no such key. */
export async function retireIssuerKey(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  now: Timestamp | Date = new Date(),
): Promise<IssuerKey | undefined> {
  await db
    .updateTable('issuer_keys')
    .set({ status: 'retired', retired_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
  return await findIssuerKey(db, organizationId, id);
}
