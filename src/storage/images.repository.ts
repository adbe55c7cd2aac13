import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toDbBytes, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { Database, ImageTable, Timestamp } from './tables.js';

/** An uploaded image (a badge or an issuer's logo), kept in the database. */
export type Image = Selectable<ImageTable>;

export type NewImage = {
  id?: string;
  organization_id: string;
  media_type: string;
  bytes: Uint8Array;
  created_at?: Timestamp;
};

/** Stores the bytes with their SHA-256 (for ETags and de-duplication). */
export async function insertImage(db: Kysely<Database>, values: NewImage): Promise<Image> {
  const bytes = toDbBytes(values.bytes);
  return await db
    .insertInto('images')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      media_type: values.media_type,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findImage(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Image | undefined> {
  return await db
    .selectFrom('images')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organization's earliest image with these exact bytes (by SHA-256) and media type, to reuse it. */
export async function findImageBySha256(
  db: Kysely<Database>,
  organizationId: string,
  sha256: string,
  mediaType: string,
): Promise<Image | undefined> {
  return await db
    .selectFrom('images')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('sha256', '=', sha256)
    .where('media_type', '=', mediaType)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * Public pages' lookup (badge images on `/c/{id}`, logos on `/i/{slug}`): by id alone, not scoped by
 * organization, because images are published with the credentials and issuers that show them.
 */
export async function findPublicImage(db: Kysely<Database>, id: string): Promise<Image | undefined> {
  return await db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}
