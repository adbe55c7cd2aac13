import { type Kysely, type Selectable, sql } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type {
  CredentialStatusEntryTable,
  Database,
  StatusListTable,
  StatusPurposeColumn,
  Timestamp,
} from './tables.js';

export type StatusList = Selectable<StatusListTable>;
export type CredentialStatusEntry = Selectable<CredentialStatusEntryTable>;

export async function insertStatusList(
  db: Kysely<Database>,
  values: {
    id?: string;
    organization_id: string;
    issuer_id: string;
    purpose: StatusPurposeColumn;
    size: number;
    permutation_key: Uint8Array;
  },
): Promise<StatusList> {
  return await db
    .insertInto('status_lists')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      issuer_id: values.issuer_id,
      purpose: values.purpose,
      size: values.size,
      allocated: 0,
      permutation_key: values.permutation_key,
      version: 0,
      signed_version: -1,
      signed_document: null,
      signed_at: null,
      created_at: nowTimestamp(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The issuer's newest list for the purpose that still has room, or undefined. */
export async function findOpenStatusList(
  db: Kysely<Database>,
  organizationId: string,
  issuerId: string,
  purpose: StatusPurposeColumn,
): Promise<StatusList | undefined> {
  return await db
    .selectFrom('status_lists')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('issuer_id', '=', issuerId)
    .where('purpose', '=', purpose)
    .where((eb) => eb('allocated', '<', eb.ref('size')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/**
 * Takes the next `count` slots of a list in one atomic increment, so concurrent issuers never share a
 * slot. Returns the first slot's counter (0-based; the slots are `first … first + count - 1`), or
 * undefined when fewer than `count` slots are left.
 */
export async function claimStatusSlots(
  db: Kysely<Database>,
  organizationId: string,
  listId: string,
  count = 1,
): Promise<number | undefined> {
  const row = await db
    .updateTable('status_lists')
    .set({ allocated: sql`allocated + ${count}` })
    .where('organization_id', '=', organizationId)
    .where('id', '=', listId)
    .where((eb) => eb(eb('allocated', '+', count), '<=', eb.ref('size')))
    .returning('allocated')
    .executeTakeFirst();
  return row ? Number(row.allocated) - count : undefined;
}

export async function findStatusList(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<StatusList | undefined> {
  return await db
    .selectFrom('status_lists')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Not scoped by organization: status lists are public documents, found by their URL. */
export async function findPublicStatusList(
  db: Kysely<Database>,
  id: string,
): Promise<StatusList | undefined> {
  return await db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStatusEntries(
  db: Kysely<Database>,
  entries: CredentialStatusEntry[],
): Promise<void> {
  if (entries.length > 0) {
    await db.insertInto('credential_status_entries').values(entries).execute();
  }
}

export async function listCredentialStatusEntries(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
): Promise<CredentialStatusEntry[]> {
  return await db
    .selectFrom('credential_status_entries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId)
    .execute();
}

/** Sets an entry's bit; returns the list it belongs to when the value changed. */
export async function setStatusEntryValue(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
  purpose: StatusPurposeColumn,
  value: 0 | 1,
): Promise<string | undefined> {
  const row = await db
    .updateTable('credential_status_entries')
    .set({ value })
    .where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId)
    .where('purpose', '=', purpose)
    .where('value', '<>', value)
    .returning('list_id')
    .executeTakeFirst();
  return row?.list_id;
}

/** Marks lists changed (one bump per list, however many entries changed: the re-sign coalesces). */
export async function bumpStatusListVersions(
  db: Kysely<Database>,
  organizationId: string,
  listIds: string[],
): Promise<void> {
  if (listIds.length > 0) {
    await db
      .updateTable('status_lists')
      .set({ version: sql`version + 1` })
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...new Set(listIds)])
      .execute();
  }
}

/** The indexes whose bit is set. */
export async function listSetIndexes(db: Kysely<Database>, listId: string): Promise<number[]> {
  const [issued, conformance] = await Promise.all([
    db
      .selectFrom('credential_status_entries')
      .select('status_index')
      .where('list_id', '=', listId)
      .where('value', '=', 1)
      .execute(),
    db
      .selectFrom('vc_api_status_entries')
      .select('status_index')
      .where('list_id', '=', listId)
      .where('value', '=', 1)
      .execute(),
  ]);
  return [...issued, ...conformance].map((row) => Number(row.status_index));
}

/** Stores a signature of `version`, unless a signature of that version or a later one is already stored. */
export async function saveSignedStatusList(
  db: Kysely<Database>,
  id: string,
  document: string,
  version: number,
  signedAt: Timestamp | Date,
): Promise<boolean> {
  const result = await db
    .updateTable('status_lists')
    .set({ signed_document: document, signed_version: version, signed_at: toTimestamp(signedAt) })
    .where('id', '=', id)
    .where('signed_version', '<', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
