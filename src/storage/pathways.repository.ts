import type { Kysely, Selectable } from 'kysely';
import { fromJsonText, type JsonValue, toJsonText, toTimestamp } from './codec.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type {
  Database,
  PathwayAwardTable,
  PathwayEnrollmentTable,
  PathwayRevocationPolicy,
  PathwayStatus,
  PathwayTable,
  Timestamp,
} from './tables.js';

/**
 * Pathways, their versions, learners' enrollments and awards (migration 0008). Every function is
 * scoped by organization, except `findPublicPathway` (the public page `/p/{id}`).
 */

export type Pathway = Selectable<PathwayTable>;
export type PathwayVersion = {
  organization_id: string;
  pathway_id: string;
  version: number;
  /** The requirement tree, parsed. */
  requirements: JsonValue;
  created_at: Timestamp;
};
export type PathwayEnrollment = Selectable<PathwayEnrollmentTable>;
export type PathwayAward = Selectable<PathwayAwardTable>;

export type NewPathway = {
  id: string;
  organization_id: string;
  target_achievement_id: string;
  name: string;
  description?: string | null;
  revocation_policy: PathwayRevocationPolicy;
  status?: PathwayStatus;
  created_at: Timestamp | Date;
};

/**
 * Stores a pathway at version 0; `insertPathwayVersion` publishes its first tree. Fails with a unique
 * violation when the organization already has a pathway to this target, and with a foreign-key
 * violation when the target is not the organization's achievement.
 */
export async function insertPathway(db: Kysely<Database>, values: NewPathway): Promise<Pathway> {
  const now = toTimestamp(values.created_at);
  return await db
    .insertInto('pathways')
    .values({
      id: values.id,
      organization_id: values.organization_id,
      target_achievement_id: values.target_achievement_id,
      name: values.name,
      description: values.description ?? null,
      current_version: 0,
      revocation_policy: values.revocation_policy,
      status: values.status ?? 'active',
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPathway(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Pathway | undefined> {
  return await db
    .selectFrom('pathways')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** For `/p/{id}`: an active pathway of any organization (its id is its public link). */
export async function findPublicPathway(db: Kysely<Database>, id: string): Promise<Pathway | undefined> {
  return await db
    .selectFrom('pathways')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function findPathwayByTarget(
  db: Kysely<Database>,
  organizationId: string,
  targetAchievementId: string,
): Promise<Pathway | undefined> {
  return await db
    .selectFrom('pathways')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('target_achievement_id', '=', targetAchievementId)
    .executeTakeFirst();
}

/** The organization's pathways, newest first, one page at a time. */
export async function listPathways(
  db: Kysely<Database>,
  organizationId: string,
  filters: { status?: PathwayStatus } = {},
  page: PageRequest = {},
): Promise<Page<Pathway>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('pathways').selectAll().where('organization_id', '=', organizationId);
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('pathways', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit);
}

export type PathwayChanges = Partial<
  Pick<Pathway, 'name' | 'description' | 'revocation_policy' | 'status' | 'current_version'>
>;

export async function updatePathway(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  changes: PathwayChanges,
  now: Timestamp | Date,
): Promise<Pathway | undefined> {
  return await db
    .updateTable('pathways')
    .set({ ...changes, updated_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Publishes a tree as the pathway's next version, with the achievements it names. Fails with a unique
 * violation when that version exists (two publications at once: the second is refused).
 */
export async function insertPathwayVersion(
  db: Kysely<Database>,
  values: {
    organization_id: string;
    pathway_id: string;
    version: number;
    requirements: JsonValue;
    achievement_ids: readonly string[];
    created_at: Timestamp | Date;
  },
): Promise<PathwayVersion> {
  const row = await db
    .insertInto('pathway_versions')
    .values({
      organization_id: values.organization_id,
      pathway_id: values.pathway_id,
      version: values.version,
      requirements: toJsonText(values.requirements),
      created_at: toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const ids = [...new Set(values.achievement_ids)];
  if (ids.length > 0) {
    await db
      .insertInto('pathway_components')
      .values(
        ids.map((achievementId) => ({
          organization_id: values.organization_id,
          pathway_id: values.pathway_id,
          version: values.version,
          achievement_id: achievementId,
        })),
      )
      .execute();
  }
  return { ...row, requirements: fromJsonText<JsonValue>(row.requirements) };
}

export async function findPathwayVersion(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  version: number,
): Promise<PathwayVersion | undefined> {
  const row = await db
    .selectFrom('pathway_versions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...row, requirements: fromJsonText<JsonValue>(row.requirements) };
}

/** Every version of a pathway, oldest first. */
export async function listPathwayVersions(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
): Promise<PathwayVersion[]> {
  const rows = await db
    .selectFrom('pathway_versions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ ...row, requirements: fromJsonText<JsonValue>(row.requirements) }));
}

/** Active pathways any version of which names this achievement, by id (the order locks are taken in). */
export async function listPathwaysWithComponent(
  db: Kysely<Database>,
  organizationId: string,
  achievementId: string,
): Promise<Pathway[]> {
  return await db
    .selectFrom('pathways')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('pathway_components')
          .select('pathway_components.pathway_id')
          .whereRef('pathway_components.pathway_id', '=', 'pathways.id')
          .where('pathway_components.organization_id', '=', organizationId)
          .where('pathway_components.achievement_id', '=', achievementId),
      ),
    )
    .orderBy('id')
    .execute();
}

/** Every (pathway, target, component) of the organization over all versions: the graph cycles are checked on. */
export async function listPathwayComponents(
  db: Kysely<Database>,
  organizationId: string,
): Promise<{ pathway_id: string; target_achievement_id: string; achievement_id: string }[]> {
  return await db
    .selectFrom('pathway_components')
    .innerJoin('pathways', 'pathways.id', 'pathway_components.pathway_id')
    .select([
      'pathway_components.pathway_id',
      'pathways.target_achievement_id',
      'pathway_components.achievement_id',
    ])
    .where('pathway_components.organization_id', '=', organizationId)
    .where('pathways.organization_id', '=', organizationId)
    .distinct()
    .orderBy('pathway_components.pathway_id')
    .orderBy('pathway_components.achievement_id')
    .execute();
}

/**
 * Starts a learner on a pathway at `version`, unless they have started already (then nothing changes).
 * On PostgreSQL, a concurrent start of the same learner waits for the other transaction and then does
 * nothing. Returns whether a row was made.
 */
export async function insertEnrollmentIfAbsent(
  db: Kysely<Database>,
  values: {
    organization_id: string;
    pathway_id: string;
    learner_id: string;
    version: number;
    started_at: Timestamp | Date;
  },
): Promise<boolean> {
  const now = toTimestamp(values.started_at);
  const result = await db
    .insertInto('pathway_enrollments')
    .values({
      organization_id: values.organization_id,
      pathway_id: values.pathway_id,
      learner_id: values.learner_id,
      version: values.version,
      started_at: now,
      completed_at: null,
      awarded_credential_id: null,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['pathway_id', 'learner_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * The learner's enrollment. With `forUpdate` (PostgreSQL only; SQLite has one writer at a time anyway),
 * the row stays locked until the transaction ends: the award path holds it while it evaluates and
 * awards, so two transactions completing one learner's pathway take turns.
 */
export async function findEnrollment(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  learnerId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PathwayEnrollment | undefined> {
  let query = db
    .selectFrom('pathway_enrollments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('learner_id', '=', learnerId);
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  return await query.executeTakeFirst();
}

/** A pathway's enrollments, by learner id, one page at a time (`cursor`: the last learner id seen). */
export async function listEnrollments(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  page: { after?: string; limit?: number } = {},
): Promise<PathwayEnrollment[]> {
  let query = db
    .selectFrom('pathway_enrollments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId);
  if (page.after !== undefined) {
    query = query.where('learner_id', '>', page.after);
  }
  return await query
    .orderBy('learner_id')
    .limit(page.limit ?? 500)
    .execute();
}

/** Moves not-yet-completed enrollments to `version` (all of them, or the learners named); returns how many. */
export async function moveEnrollments(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  version: number,
  now: Timestamp | Date,
  learnerIds?: readonly string[],
): Promise<number> {
  if (learnerIds !== undefined && learnerIds.length === 0) {
    return 0;
  }
  let query = db
    .updateTable('pathway_enrollments')
    .set({ version, updated_at: toTimestamp(now) })
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('completed_at', 'is', null)
    .where('version', '!=', version);
  if (learnerIds !== undefined) {
    query = query.where('learner_id', 'in', [...learnerIds]);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records the award: the award row (at most one per pathway and learner: a second fails with a unique
 * violation), the component credentials it rests on, and the enrollment's completion.
 */
export async function insertAward(
  db: Kysely<Database>,
  values: {
    organization_id: string;
    pathway_id: string;
    learner_id: string;
    credential_id: string;
    version: number;
    awarded_at: Timestamp | Date;
    component_credential_ids: readonly string[];
  },
): Promise<PathwayAward> {
  const awardedAt = toTimestamp(values.awarded_at);
  const row = await db
    .insertInto('pathway_awards')
    .values({
      organization_id: values.organization_id,
      pathway_id: values.pathway_id,
      learner_id: values.learner_id,
      credential_id: values.credential_id,
      version: values.version,
      awarded_at: awardedAt,
      flagged_at: null,
      flag_reason: null,
      flag_credential_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const components = [...new Set(values.component_credential_ids)];
  if (components.length > 0) {
    await db
      .insertInto('pathway_award_components')
      .values(
        components.map((credentialId) => ({
          organization_id: values.organization_id,
          pathway_id: values.pathway_id,
          learner_id: values.learner_id,
          credential_id: credentialId,
        })),
      )
      .execute();
  }
  await db
    .updateTable('pathway_enrollments')
    .set({ completed_at: awardedAt, awarded_credential_id: values.credential_id, updated_at: awardedAt })
    .where('organization_id', '=', values.organization_id)
    .where('pathway_id', '=', values.pathway_id)
    .where('learner_id', '=', values.learner_id)
    .execute();
  return row;
}

export async function findAward(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  learnerId: string,
): Promise<PathwayAward | undefined> {
  return await db
    .selectFrom('pathway_awards')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
}

/** The award whose target credential this is, if any. */
export async function findAwardByCredential(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
): Promise<PathwayAward | undefined> {
  return await db
    .selectFrom('pathway_awards')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
}

/** The awards resting on this component credential, by pathway id. */
export async function listAwardsWithComponent(
  db: Kysely<Database>,
  organizationId: string,
  credentialId: string,
): Promise<PathwayAward[]> {
  return await db
    .selectFrom('pathway_awards')
    .selectAll('pathway_awards')
    .innerJoin('pathway_award_components', (join) =>
      join
        .onRef('pathway_award_components.pathway_id', '=', 'pathway_awards.pathway_id')
        .onRef('pathway_award_components.learner_id', '=', 'pathway_awards.learner_id'),
    )
    .where('pathway_awards.organization_id', '=', organizationId)
    .where('pathway_award_components.organization_id', '=', organizationId)
    .where('pathway_award_components.credential_id', '=', credentialId)
    .orderBy('pathway_awards.pathway_id')
    .execute();
}

/** The component credential ids an award rests on. */
export async function listAwardComponents(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  learnerId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('pathway_award_components')
    .select('credential_id')
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('learner_id', '=', learnerId)
    .orderBy('credential_id')
    .execute();
  return rows.map((row) => row.credential_id);
}

/** Flags an award (`reason` set) or clears its flag (`reason` null). */
export async function setAwardFlag(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  learnerId: string,
  flag: { reason: string; credentialId: string; at: Timestamp | Date } | null,
): Promise<PathwayAward | undefined> {
  return await db
    .updateTable('pathway_awards')
    .set(
      flag
        ? {
            flagged_at: toTimestamp(flag.at),
            flag_reason: flag.reason,
            flag_credential_id: flag.credentialId,
          }
        : { flagged_at: null, flag_reason: null, flag_credential_id: null },
    )
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .where('learner_id', '=', learnerId)
    .returningAll()
    .executeTakeFirst();
}

/** How many learners have started and how many were awarded. */
export async function countEnrollments(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
): Promise<{ enrolled: number; awarded: number; flagged: number }> {
  const enrolled = await db
    .selectFrom('pathway_enrollments')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .executeTakeFirstOrThrow();
  const awards = await db
    .selectFrom('pathway_awards')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.count<number>('flagged_at').as('flagged')])
    .where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId)
    .executeTakeFirstOrThrow();
  return { enrolled: Number(enrolled.count), awarded: Number(awards.count), flagged: Number(awards.flagged) };
}

/**
 * Learners holding an active credential of any of these achievements, by id, one page at a time
 * (`after`: the last learner id of the previous page): who a new or changed pathway may already apply to.
 */
export async function listLearnersHolding(
  db: Kysely<Database>,
  organizationId: string,
  achievementIds: readonly string[],
  page: { after?: string; limit?: number } = {},
): Promise<string[]> {
  if (achievementIds.length === 0) {
    return [];
  }
  let query = db
    .selectFrom('credentials')
    .select('learner_id')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .where('achievement_id', 'in', [...achievementIds]);
  if (page.after !== undefined) {
    query = query.where('learner_id', '>', page.after);
  }
  const rows = await query
    .orderBy('learner_id')
    .limit(page.limit ?? 200)
    .execute();
  return rows.map((row) => row.learner_id);
}

/**
 * The active credentials (not expired at `now`) of these learners for these achievements: what a
 * pathway evaluation counts.
 */
export async function listComponentCredentials(
  db: Kysely<Database>,
  organizationId: string,
  learnerIds: readonly string[],
  achievementIds: readonly string[],
  now: Timestamp | Date,
): Promise<
  { id: string; learner_id: string; achievement_id: string; awarded_date: Timestamp; document: string }[]
> {
  if (learnerIds.length === 0 || achievementIds.length === 0) {
    return [];
  }
  const at = toTimestamp(now);
  return await db
    .selectFrom('credentials')
    .select(['id', 'learner_id', 'achievement_id', 'awarded_date', 'document'])
    .where('organization_id', '=', organizationId)
    .where('learner_id', 'in', [...learnerIds])
    .where('achievement_id', 'in', [...achievementIds])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', at)]))
    .orderBy('awarded_date')
    .orderBy('id')
    .execute();
}
