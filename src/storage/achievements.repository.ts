import { type Kysely, type Selectable, sql } from 'kysely';
import { fromJsonText, type JsonObject, nowTimestamp, toJsonText, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { AchievementStatus, AchievementTable, Database, Timestamp } from './tables.js';

/**
 * An achievement an organization awards. `document` holds the full Open Badges 3.0 Achievement fields;
 * `name` and `achievement_type` repeat two of them as columns, to filter and sort on.
 */
export type Achievement = Omit<Selectable<AchievementTable>, 'document'> & { document: JsonObject };

export type NewAchievement = {
  id?: string;
  organization_id: string;
  issuer_id: string;
  status?: AchievementStatus;
  name: string;
  achievement_type: string;
  document: JsonObject;
  image_id?: string | null;
  validity_months?: number | null;
  created_at?: Timestamp;
};

/** Fails with a foreign-key violation when the issuer (or image) is not the organization's. */
export async function insertAchievement(db: Kysely<Database>, values: NewAchievement): Promise<Achievement> {
  const now = values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at);
  const row = await db
    .insertInto('achievements')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      issuer_id: values.issuer_id,
      status: values.status ?? 'draft',
      name: values.name,
      achievement_type: values.achievement_type,
      document: toJsonText(values.document),
      image_id: values.image_id ?? null,
      validity_months: values.validity_months ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAchievement(row);
}

export async function findAchievement(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Achievement | undefined> {
  const row = await db
    .selectFrom('achievements')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toAchievement(row);
}

/** The names of the organization's achievements among `ids` (one query), by id; unknown ids are absent. */
export async function findAchievementNames(
  db: Kysely<Database>,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('achievements')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The organization's achievements with exactly this name (a batch CSV may name one this way), oldest first. */
export async function findAchievementsByName(
  db: Kysely<Database>,
  organizationId: string,
  name: string,
): Promise<Achievement[]> {
  const rows = await db
    .selectFrom('achievements')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('name', '=', name)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAchievement);
}

export type AchievementFilters = {
  issuerId?: string;
  status?: AchievementStatus;
  /** Part of the name, any case (`%` and `_` match themselves). */
  nameContains?: string;
};

/** A LIKE pattern that finds `text` literally anywhere (`\` escapes `%`, `_` and itself). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The organization's achievements, newest first, one page at a time. */
export async function listAchievements(
  db: Kysely<Database>,
  organizationId: string,
  filters: AchievementFilters = {},
  page: PageRequest = {},
): Promise<Page<Achievement>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('achievements').selectAll().where('organization_id', '=', organizationId);
  if (filters.issuerId !== undefined) {
    query = query.where('issuer_id', '=', filters.issuerId);
  }
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (filters.nameContains !== undefined && filters.nameContains !== '') {
    // lower() on both sides, so both dialects fold case the same way; ESCAPE is explicit for SQLite.
    const pattern = containsPattern(filters.nameContains);
    query = query.where(sql<boolean>`lower(${sql.ref('name')}) like lower(${pattern}) escape '\\'`);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('achievements', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toAchievement), limit);
}

/**
 * The public page of an achievement (`/a/{id}`, its URI in every credential): by id alone, not scoped by
 * organization, and only once published (active or archived), never a draft.
 */
export async function findPublicAchievement(
  db: Kysely<Database>,
  id: string,
): Promise<Achievement | undefined> {
  const row = await db
    .selectFrom('achievements')
    .selectAll()
    .where('id', '=', id)
    .where('status', 'in', ['active', 'archived'])
    .executeTakeFirst();
  return row === undefined ? undefined : toAchievement(row);
}

/** Deletes the achievement if it is still a draft. True when a row was deleted. */
export async function deleteDraftAchievement(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('achievements')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export type AchievementPatch = {
  status?: AchievementStatus;
  name?: string;
  achievement_type?: string;
  document?: JsonObject;
  image_id?: string | null;
  validity_months?: number | null;
};

/** Changes the achievement and sets `updated_at`. Undefined when there is no such achievement. */
export async function updateAchievement(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  patch: AchievementPatch,
  now: Timestamp | Date = new Date(),
): Promise<Achievement | undefined> {
  const { document, ...rest } = patch;
  const row = await db
    .updateTable('achievements')
    .set({
      ...rest,
      ...(document === undefined ? {} : { document: toJsonText(document) }),
      updated_at: toTimestamp(now),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toAchievement(row);
}

function toAchievement(row: Selectable<AchievementTable>): Achievement {
  return { ...row, document: fromJsonText(row.document) };
}
