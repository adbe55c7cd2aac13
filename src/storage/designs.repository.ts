import type { Kysely } from 'kysely';
import { fromJsonText, type JsonObject, toJsonText, toTimestamp } from './codec.js';
import type { Database, Timestamp } from './tables.js';

/** An achievement's design settings, parsed. */
export type Design = {
  organization_id: string;
  achievement_id: string;
  badge: JsonObject | null;
  certificate: JsonObject | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export async function findDesign(
  db: Kysely<Database>,
  organizationId: string,
  achievementId: string,
): Promise<Design | undefined> {
  const row = await db
    .selectFrom('designs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('achievement_id', '=', achievementId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        ...row,
        badge: row.badge === null ? null : fromJsonText(row.badge),
        certificate: row.certificate === null ? null : fromJsonText(row.certificate),
      };
}

/**
 * Creates or replaces the achievement's design (both parts: a null part means "none", the defaults).
 * Fails with a foreign-key violation when the achievement is not the organization's.
 */
export async function saveDesign(
  db: Kysely<Database>,
  organizationId: string,
  achievementId: string,
  design: { badge: JsonObject | null; certificate: JsonObject | null },
  now: Timestamp | Date = new Date(),
): Promise<Design> {
  const at = toTimestamp(now);
  const badge = design.badge === null ? null : toJsonText(design.badge);
  const certificate = design.certificate === null ? null : toJsonText(design.certificate);
  await db
    .insertInto('designs')
    .values({
      organization_id: organizationId,
      achievement_id: achievementId,
      badge,
      certificate,
      created_at: at,
      updated_at: at,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['organization_id', 'achievement_id'])
        .doUpdateSet({ badge, certificate, updated_at: at }),
    )
    .execute();
  return (await findDesign(db, organizationId, achievementId)) as Design;
}
