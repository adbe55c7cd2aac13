import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { Database, OrganizationTable, Timestamp } from './tables.js';

/** Organizations are the tenants: every tenant-owned row names one. */
export type Organization = Selectable<OrganizationTable>;

export type NewOrganization = {
  id?: string;
  slug: string;
  name: string;
  created_at?: Timestamp;
};

/** Fails with a unique violation (see `isUniqueViolation`) when the slug is taken. */
export async function insertOrganization(
  db: Kysely<Database>,
  values: NewOrganization,
): Promise<Organization> {
  return await db
    .insertInto('organizations')
    .values({
      id: values.id ?? newId(),
      slug: values.slug,
      name: values.name,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOrganization(db: Kysely<Database>, id: string): Promise<Organization | undefined> {
  return await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganizationBySlug(
  db: Kysely<Database>,
  slug: string,
): Promise<Organization | undefined> {
  return await db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export type OrganizationPatch = { slug?: string; name?: string; mail_locale?: string | null };

/** Returns the updated organization, or undefined when there is none with this id. */
export async function updateOrganization(
  db: Kysely<Database>,
  id: string,
  patch: OrganizationPatch,
): Promise<Organization | undefined> {
  if (Object.keys(patch).length === 0) {
    return await findOrganization(db, id);
  }
  return await db
    .updateTable('organizations')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
