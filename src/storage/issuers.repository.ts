import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { Database, IssuerTable, Timestamp } from './tables.js';

/** An issuer profile (a department of an organization), identified publicly as did:web:{host}:i:{slug}. */
export type Issuer = Selectable<IssuerTable>;

export type NewIssuer = {
  id?: string;
  organization_id: string;
  slug: string;
  name: string;
  url?: string | null;
  email?: string | null;
  description?: string | null;
  image_id?: string | null;
  linkedin_organization_id?: string | null;
  created_at?: Timestamp;
};

/**
 * Fails with a unique violation when the slug is taken (slugs are unique across the installation), and
 * with a foreign-key violation when `image_id` is not an image of the same organization.
 */
export async function insertIssuer(db: Kysely<Database>, values: NewIssuer): Promise<Issuer> {
  const now = values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at);
  return await db
    .insertInto('issuers')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      slug: values.slug,
      name: values.name,
      url: values.url ?? null,
      email: values.email ?? null,
      description: values.description ?? null,
      image_id: values.image_id ?? null,
      linkedin_organization_id: values.linkedin_organization_id ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findIssuer(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Issuer | undefined> {
  return await db
    .selectFrom('issuers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organization's issuer with this slug. */
export async function findIssuerBySlug(
  db: Kysely<Database>,
  organizationId: string,
  slug: string,
): Promise<Issuer | undefined> {
  return await db
    .selectFrom('issuers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/**
 * Public lookup by slug, whatever the organization: for `/i/{slug}` and the did:web document
 * `/i/{slug}/did.json`, which anyone may read.
 */
export async function findPublicIssuerBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<Issuer | undefined> {
  return await db.selectFrom('issuers').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The organization's issuers, by name. */
export async function listIssuers(db: Kysely<Database>, organizationId: string): Promise<Issuer[]> {
  return await db
    .selectFrom('issuers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export type IssuerPatch = {
  name?: string;
  url?: string | null;
  email?: string | null;
  description?: string | null;
  image_id?: string | null;
  suspension_enabled?: 0 | 1;
  linkedin_organization_id?: string | null;
};

/**
 * Changes the profile and sets `updated_at`. The slug is not here on purpose: it is in the issuer's
 * did:web, so changing it would orphan every credential issued under the old one.
 */
export async function updateIssuer(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  patch: IssuerPatch,
  now: Timestamp | Date = new Date(),
): Promise<Issuer | undefined> {
  return await db
    .updateTable('issuers')
    .set({ ...patch, updated_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
