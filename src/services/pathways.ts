/**
 * Pathways: define (validated, versioned), read, follow (progress per learner, figures per pathway),
 * and apply to learners who already hold components (retroactive awards, with a preview first), or move
 * learners to a newer version.
 *
 * Versions: a learner is judged by the version in force when they started (their enrollment, made when
 * their first component is issued, or when the pathway is created or changed while they hold one),
 * until the issuer migrates them. A new version never changes an award already made.
 *
 * Retroactive awards run here, in batches of learners, each learner in a transaction of its own with
 * the same lock and checks as an award at issuance (`evaluateAndAward`); there is no job queue yet.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { Achievement } from '../core/credentials/types.js';
import { evaluatePathway } from '../core/pathways/evaluate-pathway.js';
import type { PathwayProgress, RequirementNode, ValidationMessage } from '../core/pathways/types.js';
import { type OtherPathway, validatePathwayTree } from '../core/pathways/validate-pathway-tree.js';
import { AppError } from '../errors.js';
import { type Achievement as AchievementRow, findAchievement } from '../storage/achievements.repository.js';
import type { JsonValue } from '../storage/codec.js';
import { isUniqueViolation } from '../storage/errors.js';
import { newId } from '../storage/ids.js';
import {
  findLearner,
  findLearnerByIdentifier,
  type Learner,
  listLearnerIdentifiers,
} from '../storage/learners.repository.js';
import type { Page, PageRequest } from '../storage/pagination.js';
import {
  countEnrollments,
  findAward,
  findAwardByCredential,
  findEnrollment,
  findPathway,
  findPathwayByTarget,
  insertPathway,
  insertPathwayVersion,
  listEnrollments,
  listLearnersHolding,
  listPathwayComponents,
  listPathways,
  listPathwaysWithComponent,
  listPathwayVersions,
  moveEnrollments,
  type Pathway,
  type PathwayVersion,
  updatePathway as updatePathwayRow,
} from '../storage/pathways.repository.js';
import type { Database, PathwayRevocationPolicy, PathwayStatus } from '../storage/tables.js';
import { withTransaction } from '../storage/transaction.js';
import { achievementDocument } from './achievements.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { issueInTransaction } from './issue-credential.js';
import {
  earnedCredentialsOf,
  evaluateAndAward,
  evaluateRequirements,
  pathwayRequirements,
} from './pathway-awards.js';
import { urls } from './urls.js';

export type PathwayInput = {
  targetAchievementId: string;
  requirements: unknown;
  name?: string;
  description?: string;
  revocationPolicy?: PathwayRevocationPolicy;
};

export type PathwayChangesInput = {
  targetAchievementId?: string;
  requirements?: unknown;
  name?: string;
  description?: string | null;
  revocationPolicy?: PathwayRevocationPolicy;
  status?: PathwayStatus;
};

/** An achievement a tree names, as the editor shows it. */
export type ReferencedAchievement = {
  id: string;
  name: string;
  status: string;
  achievementType: string;
  image: string | null;
};

export type PathwayValidation = {
  valid: boolean;
  errors: ValidationMessage[];
  warnings: ValidationMessage[];
  achievements: ReferencedAchievement[];
  /** Component count, and the fewest achievements that complete it. */
  summary: { components: number; minimumToComplete: number };
};

/** A learner the pathway (would) award, with the components that complete it. */
export type RetroactiveLearner = {
  learnerId: string;
  name: string | null;
  email: string | null;
  satisfiedBy: string[];
  credentialId?: string;
};

export type RetroactiveResult = {
  /** Learners holding a component who were evaluated. */
  evaluated: number;
  awarded: RetroactiveLearner[];
  /** Learners whose award could not be issued (e.g. the target's issuer has no key), with why. */
  blocked: (RetroactiveLearner & { reason: string })[];
};

const RETROACTIVE_BATCH = 200;

function pathwayUrl(ctx: AppContext, id: string): string {
  return `${ctx.config.publicUrl}/p/${encodeURIComponent(id)}`;
}

/** The fewest achievements that meet a (valid) tree. */
function minimumToComplete(tree: unknown): number {
  const node = tree as Record<string, unknown>;
  if (typeof node.achievement === 'string') {
    return 1;
  }
  if (Array.isArray(node.all)) {
    return node.all.reduce((sum: number, child) => sum + minimumToComplete(child), 0);
  }
  if (Array.isArray(node.of) && typeof node.atLeast === 'number') {
    const needs = node.of.map(minimumToComplete).sort((a, b) => a - b);
    return needs.slice(0, node.atLeast).reduce((sum, need) => sum + need, 0);
  }
  return 0;
}

async function achievementsById(
  db: Kysely<Database>,
  organizationId: string,
  ids: Iterable<string>,
): Promise<Map<string, AchievementRow>> {
  const out = new Map<string, AchievementRow>();
  for (const id of new Set(ids)) {
    const row = await findAchievement(db, organizationId, id);
    if (row) {
      out.set(id, row);
    }
  }
  return out;
}

/** Every id a raw tree mentions as an achievement or in `after` (read leniently, for lookups only). */
function mentionedIds(tree: unknown, depth = 0): string[] {
  if (typeof tree !== 'object' || tree === null || depth > 20) {
    return [];
  }
  const node = tree as Record<string, unknown>;
  const out: string[] = [];
  if (typeof node.achievement === 'string') {
    out.push(node.achievement);
  }
  if (Array.isArray(node.after)) {
    out.push(...node.after.filter((id): id is string => typeof id === 'string'));
  }
  for (const list of [node.all, node.of]) {
    if (Array.isArray(list)) {
      for (const child of list.slice(0, 600)) {
        out.push(...mentionedIds(child, depth + 1));
      }
    }
  }
  return out.slice(0, 1000);
}

function referenced(ctx: AppContext, row: AchievementRow): ReferencedAchievement {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    achievementType: row.achievement_type,
    image: row.image_id ? urls.image(ctx.config.publicUrl, row.image_id) : null,
  };
}

/**
 * Validates a pathway as the editor drafts it: the tree (structure, impossible n-of, unknown or
 * repeated achievements, order circles, depth) and, with a target, the target itself (an active
 * achievement of the organization, without another pathway) and cycles across pathways.
 * `pathwayId` names the pathway being edited (left out of the cycle check). Never throws for a bad tree.
 */
export async function validatePathway(
  ctx: AppContext,
  actor: Actor,
  input: { requirements: unknown; targetAchievementId?: string; pathwayId?: string },
): Promise<PathwayValidation> {
  const organizationId = actor.organizationId;
  const ids = mentionedIds(input.requirements);
  const rows = await achievementsById(ctx.db, organizationId, [
    ...ids,
    ...(input.targetAchievementId ? [input.targetAchievementId] : []),
  ]);
  const achievements: Record<string, { name: string; status: string }> = {};
  for (const [id, row] of rows) {
    achievements[id] = { name: row.name, status: row.status };
  }
  const others = new Map<string, OtherPathway & { componentIds: string[] }>();
  for (const edge of await listPathwayComponents(ctx.db, organizationId)) {
    if (edge.pathway_id === input.pathwayId) {
      continue;
    }
    const entry = others.get(edge.pathway_id) ?? {
      targetAchievementId: edge.target_achievement_id,
      componentIds: [],
    };
    entry.componentIds.push(edge.achievement_id);
    others.set(edge.pathway_id, entry);
  }
  const result = validatePathwayTree(input.requirements, {
    achievements,
    otherPathways: [...others.values()],
    ...(input.targetAchievementId ? { targetAchievementId: input.targetAchievementId } : {}),
  });
  const errors = [...result.errors];
  if (input.targetAchievementId !== undefined) {
    const target = rows.get(input.targetAchievementId);
    if (!target) {
      errors.unshift({ path: 'targetAchievementId', message: 'no such achievement in this organization' });
    } else {
      if (target.status !== 'active') {
        errors.unshift({
          path: 'targetAchievementId',
          message: `“${target.name}” is ${target.status === 'draft' ? 'a draft' : 'archived'}: only an active achievement can be awarded`,
        });
      }
      const existing = await findPathwayByTarget(ctx.db, organizationId, target.id);
      if (existing && existing.id !== input.pathwayId) {
        errors.unshift({
          path: 'targetAchievementId',
          message: `“${target.name}” already has a pathway (${existing.id}): change that one, or give alternatives inside its tree with atLeast`,
        });
      }
    }
  }
  return {
    valid: errors.length === 0,
    errors,
    warnings: result.warnings,
    achievements: [...rows.values()].map((row) => referenced(ctx, row)),
    summary: {
      components: result.achievementIds.length,
      minimumToComplete: result.errors.length === 0 ? minimumToComplete(input.requirements) : 0,
    },
  };
}

function assertValid(validation: PathwayValidation): void {
  if (!validation.valid) {
    throw new AppError(
      'PATHWAY_INVALID',
      `The pathway is not valid: ${validation.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`,
      { cause: validation.errors },
    );
  }
}

function checkText(value: string | null | undefined, field: string, max: number): void {
  if (value !== undefined && value !== null && (value.trim() === '' || value.length > max)) {
    throw new AppError('INVALID_INPUT', `${field}: 1 to ${max} characters`, {
      cause: [{ path: field, message: `must be 1 to ${max} characters` }],
    });
  }
}

export type CreatedPathway = { pathway: Pathway; retroactive: RetroactiveResult };

/**
 * Previews a new pathway: is it valid, and which learners would be awarded at once (those who already
 * hold what it needs). Nothing is stored.
 */
export async function previewPathway(
  ctx: AppContext,
  actor: Actor,
  input: PathwayInput,
): Promise<{ validation: PathwayValidation; retroactive: RetroactiveResult }> {
  const validation = await validatePathway(ctx, actor, {
    requirements: input.requirements,
    targetAchievementId: input.targetAchievementId,
  });
  const empty = { evaluated: 0, awarded: [], blocked: [] };
  if (!validation.valid) {
    return { validation, retroactive: empty };
  }
  const requirements = input.requirements as RequirementNode;
  const retroactive = await reconcile(ctx, actor, {
    targetAchievementId: input.targetAchievementId,
    requirements,
    preview: true,
  });
  return { validation, retroactive };
}

/**
 * Creates a pathway (version 1), then applies it to learners who already hold components: each is
 * enrolled on version 1, and those who meet it are awarded now.
 *
 * Throws PATHWAY_INVALID (with `errors` naming each problem), INVALID_INPUT (name, description),
 * CONFLICT (the target has a pathway already, created meanwhile).
 */
export async function createPathway(
  ctx: AppContext,
  actor: Actor,
  input: PathwayInput,
): Promise<CreatedPathway> {
  checkText(input.name, 'name', 300);
  checkText(input.description, 'description', 5000);
  const validation = await validatePathway(ctx, actor, {
    requirements: input.requirements,
    targetAchievementId: input.targetAchievementId,
  });
  assertValid(validation);
  const target = (await findAchievement(
    ctx.db,
    actor.organizationId,
    input.targetAchievementId,
  )) as AchievementRow;
  const now = ctx.clock();
  const id = newId();
  let pathway: Pathway;
  try {
    pathway = await withTransaction(ctx.db, async (trx) => {
      await insertPathway(trx, {
        id,
        organization_id: actor.organizationId,
        target_achievement_id: target.id,
        name: input.name ?? target.name,
        description: input.description ?? null,
        revocation_policy: input.revocationPolicy ?? 'keep',
        created_at: now,
      });
      await insertPathwayVersion(trx, {
        organization_id: actor.organizationId,
        pathway_id: id,
        version: 1,
        requirements: input.requirements as JsonValue,
        achievement_ids: validatePathwayTree(input.requirements).achievementIds,
        created_at: now,
      });
      const row = (await updatePathwayRow(
        trx,
        actor.organizationId,
        id,
        { current_version: 1 },
        now,
      )) as Pathway;
      await audit(
        trx,
        actor,
        'pathway.create',
        { type: 'pathway', id },
        { targetAchievementId: target.id, version: 1 },
      );
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `“${target.name}” already has a pathway`);
    }
    throw error;
  }
  const retroactive = await reconcile(ctx, actor, {
    pathway,
    targetAchievementId: pathway.target_achievement_id,
    requirements: input.requirements as RequirementNode,
    preview: false,
  });
  return { pathway, retroactive };
}

/**
 * Changes a pathway. A new tree becomes the next version (new learners start on it; learners already
 * started stay on theirs until migrated), and learners holding its components who had not started are
 * enrolled on it and awarded if they meet it. With `preview`, nothing is stored: the validation and who
 * would be awarded.
 *
 * Throws NOT_FOUND, PATHWAY_INVALID, INVALID_INPUT (another target: make a new pathway instead).
 */
export async function updatePathway(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: PathwayChangesInput,
  options: { preview?: boolean } = {},
): Promise<{
  pathway: Pathway;
  validation?: PathwayValidation;
  retroactive: RetroactiveResult;
  newVersion: boolean;
}> {
  const pathway = await getPathway(ctx, actor, id);
  if (
    input.targetAchievementId !== undefined &&
    input.targetAchievementId !== pathway.target_achievement_id
  ) {
    throw new AppError(
      'INVALID_INPUT',
      'targetAchievementId: a pathway keeps its target; create a new pathway for another one',
      { cause: [{ path: 'targetAchievementId', message: 'cannot change' }] },
    );
  }
  checkText(input.name, 'name', 300);
  checkText(input.description, 'description', 5000);
  const current = await pathwayRequirements(
    ctx.db,
    actor.organizationId,
    pathway.id,
    pathway.current_version,
  );
  const newTree = input.requirements !== undefined && !isDeepStrictEqual(input.requirements, current);
  let validation: PathwayValidation | undefined;
  if (input.requirements !== undefined) {
    validation = await validatePathway(ctx, actor, {
      requirements: input.requirements,
      targetAchievementId: pathway.target_achievement_id,
      pathwayId: pathway.id,
    });
    assertValid(validation);
  }
  const requirements = (newTree ? input.requirements : current) as RequirementNode;
  if (options.preview) {
    const retroactive = newTree
      ? await reconcile(ctx, actor, {
          pathway,
          targetAchievementId: pathway.target_achievement_id,
          requirements,
          preview: true,
        })
      : { evaluated: 0, awarded: [], blocked: [] };
    return { pathway, ...(validation ? { validation } : {}), retroactive, newVersion: newTree };
  }
  const now = ctx.clock();
  const updated = await withTransaction(ctx.db, async (trx) => {
    const changes: Parameters<typeof updatePathwayRow>[3] = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.revocationPolicy !== undefined ? { revocation_policy: input.revocationPolicy } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    };
    if (newTree) {
      const version = pathway.current_version + 1;
      await insertPathwayVersion(trx, {
        organization_id: actor.organizationId,
        pathway_id: pathway.id,
        version,
        requirements: requirements as unknown as JsonValue,
        achievement_ids: validatePathwayTree(requirements).achievementIds,
        created_at: now,
      });
      changes.current_version = version;
    }
    const row = (await updatePathwayRow(trx, actor.organizationId, pathway.id, changes, now)) as Pathway;
    await audit(
      trx,
      actor,
      'pathway.update',
      { type: 'pathway', id: pathway.id },
      {
        fields: Object.keys(input),
        version: row.current_version,
      },
    );
    return row;
  });
  // A new tree, or a pathway made active again: learners who meet it now are awarded.
  const reactivated = pathway.status !== 'active' && updated.status === 'active';
  const retroactive =
    (newTree || reactivated) && updated.status === 'active'
      ? await reconcile(ctx, actor, {
          pathway: updated,
          targetAchievementId: updated.target_achievement_id,
          requirements,
          preview: false,
        })
      : { evaluated: 0, awarded: [], blocked: [] };
  return { pathway: updated, ...(validation ? { validation } : {}), retroactive, newVersion: newTree };
}

async function learnerSummary(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
): Promise<{ name: string | null; email: string | null }> {
  const learner = await findLearner(db, organizationId, learnerId);
  const email = (await listLearnerIdentifiers(db, organizationId, learnerId)).find(
    (entry) => entry.type === 'email',
  );
  return { name: learner?.name ?? null, email: email?.value ?? null };
}

/**
 * Applies a pathway to the learners who hold any component of `requirements`: those not started are
 * enrolled (on the pathway's current version) and awarded when they meet it; those started are judged
 * by their own version. `preview` changes nothing and reports who would be awarded (a pathway not yet
 * stored: everyone judged by `requirements`).
 */
async function reconcile(
  ctx: AppContext,
  actor: Actor,
  subject: {
    pathway?: Pathway;
    targetAchievementId: string;
    requirements: RequirementNode;
    preview: boolean;
  },
): Promise<RetroactiveResult> {
  const organizationId = actor.organizationId;
  const components = validatePathwayTree(subject.requirements).achievementIds;
  const result: RetroactiveResult = { evaluated: 0, awarded: [], blocked: [] };
  const now = ctx.clock();
  let after: string | undefined;
  for (;;) {
    const learners = await listLearnersHolding(ctx.db, organizationId, components, {
      ...(after !== undefined ? { after } : {}),
      limit: RETROACTIVE_BATCH,
    });
    if (learners.length === 0) {
      break;
    }
    after = learners.at(-1);
    for (const learnerId of learners) {
      result.evaluated += 1;
      if (subject.preview || !subject.pathway) {
        const enrollment = subject.pathway
          ? await findEnrollment(ctx.db, organizationId, subject.pathway.id, learnerId)
          : undefined;
        if (enrollment?.completed_at) {
          continue;
        }
        const requirements = enrollment
          ? await pathwayRequirements(ctx.db, organizationId, enrollment.pathway_id, enrollment.version)
          : subject.requirements;
        const progress = await evaluateRequirements(
          ctx.db,
          organizationId,
          subject.targetAchievementId,
          requirements,
          learnerId,
          now,
        );
        if (progress.completed) {
          result.awarded.push({
            learnerId,
            ...(await learnerSummary(ctx.db, organizationId, learnerId)),
            satisfiedBy: progress.satisfiedBy,
          });
        }
        continue;
      }
      const pathway = subject.pathway;
      const outcome = await withTransaction(ctx.db, (trx) =>
        evaluateAndAward(ctx, trx, actor, pathway, learnerId, (input, options) =>
          issueInTransaction(ctx, trx, actor, input, 0, options),
        ),
      );
      if (outcome.awarded || outcome.blocked) {
        const entry = {
          learnerId,
          ...(await learnerSummary(ctx.db, organizationId, learnerId)),
          satisfiedBy: outcome.progress?.satisfiedBy ?? [],
        };
        if (outcome.awarded) {
          result.awarded.push({ ...entry, credentialId: outcome.awarded.row.id });
        } else {
          result.blocked.push({ ...entry, reason: outcome.blocked as string });
        }
      }
    }
  }
  return result;
}

/** The organization's pathway. Throws NOT_FOUND (also for another organization's). */
export async function getPathway(ctx: AppContext, actor: Actor, id: string): Promise<Pathway> {
  const pathway = await findPathway(ctx.db, actor.organizationId, id);
  if (!pathway) {
    throw new AppError('NOT_FOUND', 'No such pathway');
  }
  return pathway;
}

export async function listPathwaysOf(
  ctx: AppContext,
  actor: Actor,
  filters: { status?: PathwayStatus },
  page: PageRequest,
): Promise<Page<Pathway>> {
  return await listPathways(ctx.db, actor.organizationId, filters, page);
}

export async function pathwayVersions(
  ctx: AppContext,
  actor: Actor,
  pathway: Pathway,
): Promise<PathwayVersion[]> {
  return await listPathwayVersions(ctx.db, actor.organizationId, pathway.id);
}

/** The API's view of a pathway (the one place a row becomes JSON). */
export async function presentPathway(
  ctx: AppContext,
  pathway: Pathway,
  options: { versions?: PathwayVersion[]; counts?: boolean } = {},
) {
  const requirements = await pathwayRequirements(
    ctx.db,
    pathway.organization_id,
    pathway.id,
    pathway.current_version,
  );
  const target = await findAchievement(ctx.db, pathway.organization_id, pathway.target_achievement_id);
  return {
    id: pathway.id,
    url: pathwayUrl(ctx, pathway.id),
    name: pathway.name,
    description: pathway.description,
    targetAchievementId: pathway.target_achievement_id,
    target: target ? referenced(ctx, target) : null,
    revocationPolicy: pathway.revocation_policy,
    status: pathway.status,
    version: pathway.current_version,
    requirements,
    minimumToComplete: minimumToComplete(requirements),
    createdAt: pathway.created_at,
    updatedAt: pathway.updated_at,
    ...(options.counts
      ? { counts: await countEnrollments(ctx.db, pathway.organization_id, pathway.id) }
      : {}),
    ...(options.versions
      ? {
          versions: options.versions.map((version) => ({
            version: version.version,
            requirements: version.requirements,
            createdAt: version.created_at,
          })),
        }
      : {}),
  };
}

async function namesOf(db: Kysely<Database>, organizationId: string, tree: RequirementNode) {
  const rows = await achievementsById(db, organizationId, validatePathwayTree(tree).achievementIds);
  return Object.fromEntries([...rows].map(([id, row]) => [id, row.name]));
}

async function findLearnerBy(
  ctx: AppContext,
  organizationId: string,
  who: { email?: string; learnerId?: string },
): Promise<Learner | undefined> {
  if (who.learnerId !== undefined) {
    return await findLearner(ctx.db, organizationId, who.learnerId);
  }
  if (who.email !== undefined) {
    return await findLearnerByIdentifier(ctx.db, organizationId, 'email', who.email);
  }
  throw new AppError('INVALID_INPUT', 'Name the learner: email or learnerId');
}

/**
 * A learner's progress on a pathway, by the version they are judged by (their enrollment's, or the
 * current one when they have not started). A learner Cairn does not know has done nothing yet.
 */
export async function pathwayProgress(
  ctx: AppContext,
  actor: Actor,
  id: string,
  who: { email?: string; learnerId?: string },
) {
  const pathway = await getPathway(ctx, actor, id);
  const organizationId = actor.organizationId;
  const learner = await findLearnerBy(ctx, organizationId, who);
  const enrollment = learner
    ? await findEnrollment(ctx.db, organizationId, pathway.id, learner.id)
    : undefined;
  const version = enrollment?.version ?? pathway.current_version;
  const requirements = await pathwayRequirements(ctx.db, organizationId, pathway.id, version);
  const names = await namesOf(ctx.db, organizationId, requirements);
  const progress = await evaluateRequirements(
    ctx.db,
    organizationId,
    pathway.target_achievement_id,
    requirements,
    learner?.id,
    ctx.clock(),
    names,
  );
  const award = learner ? await findAward(ctx.db, organizationId, pathway.id, learner.id) : undefined;
  const named = <T extends { achievementId: string }>(item: T) => ({
    ...item,
    name: names[item.achievementId] ?? null,
  });
  return {
    pathwayId: pathway.id,
    version,
    currentVersion: pathway.current_version,
    learner: learner ? { id: learner.id, name: learner.name } : null,
    startedAt: enrollment?.started_at ?? null,
    completed: progress.completed,
    percent: progress.percent,
    awarded: award
      ? {
          credentialId: award.credential_id,
          url: urls.credentialPage(ctx.config.publicUrl, award.credential_id),
          awardedAt: award.awarded_at,
          flagged: award.flag_reason,
        }
      : null,
    done: progress.done.map(named),
    remaining: progress.remaining.map(named),
    nextSteps: progress.nextSteps.map(named),
    satisfiedBy: progress.satisfiedBy,
    tree: progress.tree,
  };
}

/**
 * Figures for issuers: how many learners started, completed, were awarded; how many have done 0, 1, 2 …
 * components (where learners stop); per component, how many have it and for how many it is a next step.
 * Every enrolled learner is evaluated by their own version, 500 at a time.
 */
export async function pathwayStats(ctx: AppContext, actor: Actor, id: string) {
  const pathway = await getPathway(ctx, actor, id);
  const organizationId = actor.organizationId;
  const versions = await listPathwayVersions(ctx.db, organizationId, pathway.id);
  const trees = new Map(
    versions.map((version) => [version.version, version.requirements as unknown as RequirementNode]),
  );
  const componentsOf = new Map(
    [...trees].map(([version, tree]) => [version, validatePathwayTree(tree).achievementIds]),
  );
  const current = componentsOf.get(pathway.current_version) ?? [];
  const allComponents = [...new Set([...current, ...[...componentsOf.values()].flat()])];
  const now = ctx.clock();
  const byDone = new Map<number, number>();
  const byVersion = new Map<number, number>();
  const earnedBy = new Map<string, number>();
  const nextStepFor = new Map<string, number>();
  let enrolled = 0;
  let completed = 0;
  let percentSum = 0;
  let after: string | undefined;
  for (;;) {
    const page = await listEnrollments(ctx.db, organizationId, pathway.id, {
      ...(after !== undefined ? { after } : {}),
      limit: 500,
    });
    if (page.length === 0) {
      break;
    }
    after = page.at(-1)?.learner_id;
    const earned = await earnedCredentialsOf(
      ctx.db,
      organizationId,
      page.map((enrollment) => enrollment.learner_id),
      allComponents,
      now,
    );
    for (const enrollment of page) {
      enrolled += 1;
      byVersion.set(enrollment.version, (byVersion.get(enrollment.version) ?? 0) + 1);
      const tree = trees.get(enrollment.version);
      if (!tree) {
        continue;
      }
      const progress: PathwayProgress = evaluatePathway(
        { targetAchievementId: pathway.target_achievement_id, requirements: tree },
        earned.get(enrollment.learner_id) ?? [],
      );
      percentSum += progress.percent;
      for (const item of progress.done) {
        earnedBy.set(item.achievementId, (earnedBy.get(item.achievementId) ?? 0) + 1);
      }
      if (progress.completed) {
        completed += 1;
        continue;
      }
      byDone.set(progress.done.length, (byDone.get(progress.done.length) ?? 0) + 1);
      for (const step of progress.nextSteps) {
        nextStepFor.set(step.achievementId, (nextStepFor.get(step.achievementId) ?? 0) + 1);
      }
    }
  }
  const counts = await countEnrollments(ctx.db, organizationId, pathway.id);
  const names = await achievementsById(ctx.db, organizationId, allComponents);
  const maxDone = Math.max(0, ...byDone.keys());
  return {
    pathwayId: pathway.id,
    version: pathway.current_version,
    enrolled,
    inProgress: enrolled - completed,
    completed,
    awarded: counts.awarded,
    flagged: counts.flagged,
    averagePercent: enrolled === 0 ? 0 : Math.round(percentSum / enrolled),
    byComponentsDone: Array.from({ length: maxDone + 1 }, (_, done) => ({
      done,
      learners: byDone.get(done) ?? 0,
    })),
    byComponent: allComponents.map((achievementId) => ({
      achievementId,
      name: names.get(achievementId)?.name ?? null,
      inCurrentVersion: current.includes(achievementId),
      earned: earnedBy.get(achievementId) ?? 0,
      nextStepFor: nextStepFor.get(achievementId) ?? 0,
    })),
    byVersion: [...byVersion]
      .sort((a, b) => a[0] - b[0])
      .map(([version, learners]) => ({ version, learners })),
  };
}

/**
 * Moves learners who have started but not completed to `toVersion` (default: the current one), all of
 * them or those named, and awards those who meet it now. `preview` changes nothing and says who would
 * move and who would be awarded.
 */
export async function migrateLearners(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { learnerIds?: string[]; toVersion?: number; preview?: boolean },
) {
  const pathway = await getPathway(ctx, actor, id);
  const organizationId = actor.organizationId;
  const toVersion = input.toVersion ?? pathway.current_version;
  if (toVersion < 1 || toVersion > pathway.current_version) {
    throw new AppError(
      'INVALID_INPUT',
      `toVersion: this pathway has versions 1 to ${pathway.current_version}`,
    );
  }
  const requirements = await pathwayRequirements(ctx.db, organizationId, pathway.id, toVersion);
  const named = input.learnerIds ? new Set(input.learnerIds) : undefined;
  const moved: string[] = [];
  const awarded: RetroactiveLearner[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listEnrollments(ctx.db, organizationId, pathway.id, {
      ...(after !== undefined ? { after } : {}),
      limit: RETROACTIVE_BATCH,
    });
    if (page.length === 0) {
      break;
    }
    after = page.at(-1)?.learner_id;
    for (const enrollment of page) {
      if (enrollment.completed_at !== null || enrollment.version === toVersion) {
        continue;
      }
      if (named && !named.has(enrollment.learner_id)) {
        continue;
      }
      const learnerId = enrollment.learner_id;
      if (input.preview) {
        moved.push(learnerId);
        const progress = await evaluateRequirements(
          ctx.db,
          organizationId,
          pathway.target_achievement_id,
          requirements,
          learnerId,
          ctx.clock(),
        );
        if (progress.completed) {
          awarded.push({
            learnerId,
            ...(await learnerSummary(ctx.db, organizationId, learnerId)),
            satisfiedBy: progress.satisfiedBy,
          });
        }
        continue;
      }
      const outcome = await withTransaction(ctx.db, async (trx) => {
        const locked = await findEnrollment(trx, organizationId, pathway.id, learnerId, {
          forUpdate: ctx.dialect === 'postgres',
        });
        if (!locked || locked.completed_at !== null || locked.version === toVersion) {
          return undefined;
        }
        await moveEnrollments(trx, organizationId, pathway.id, toVersion, ctx.clock(), [learnerId]);
        await audit(
          trx,
          actor,
          'pathway.migrate',
          { type: 'pathway', id: pathway.id },
          {
            learnerId,
            fromVersion: locked.version,
            toVersion,
          },
        );
        return await evaluateAndAward(ctx, trx, actor, pathway, learnerId, (issueInput, options) =>
          issueInTransaction(ctx, trx, actor, issueInput, 0, options),
        );
      });
      if (outcome === undefined) {
        continue;
      }
      moved.push(learnerId);
      if (outcome.awarded) {
        awarded.push({
          learnerId,
          ...(await learnerSummary(ctx.db, organizationId, learnerId)),
          satisfiedBy: outcome.progress?.satisfiedBy ?? [],
          credentialId: outcome.awarded.row.id,
        });
      }
    }
  }
  return { pathwayId: pathway.id, toVersion, preview: input.preview === true, moved, awarded };
}

/** A published achievement as the public page shows it, or a placeholder for a draft. */
function publicAchievement(ctx: AppContext, row: AchievementRow | undefined, id: string) {
  if (!row || row.status === 'draft') {
    return { id, published: false as const, name: 'An achievement not yet published' };
  }
  const document: Achievement = achievementDocument(ctx, row);
  return {
    id,
    published: true as const,
    uri: document.id,
    name: document.name,
    description: document.description,
    achievementType: document.achievementType,
    ...(document.image ? { image: document.image.id } : {}),
  };
}

/** What `/p/{id}` shows: the target, the tree and the achievements in it (published ones in full). */
export async function publicPathwayView(ctx: AppContext, pathway: Pathway) {
  const requirements = await pathwayRequirements(
    ctx.db,
    pathway.organization_id,
    pathway.id,
    pathway.current_version,
  );
  const ids = validatePathwayTree(requirements).achievementIds;
  const rows = await achievementsById(ctx.db, pathway.organization_id, [
    ...ids,
    pathway.target_achievement_id,
  ]);
  return {
    id: pathway.id,
    url: pathwayUrl(ctx, pathway.id),
    name: pathway.name,
    description: pathway.description,
    version: pathway.current_version,
    target: publicAchievement(ctx, rows.get(pathway.target_achievement_id), pathway.target_achievement_id),
    requirements,
    minimumToComplete: minimumToComplete(requirements),
    achievements: ids.map((id) => publicAchievement(ctx, rows.get(id), id)),
  };
}

/**
 * For a credential's public page: the pathways its achievement is part of (current versions, active
 * pathways), and, when it is a pathway's award, that pathway and any flag on the award.
 */
/** The pathways a credential is part of, and the one it was awarded for (shown on `/c/{id}`). */
export type CredentialPathways = {
  partOf: { id: string; name: string; url: string }[];
  awardFor: { id: string; name: string; url: string; flag: string | null; flaggedAt: unknown } | null;
};

export async function credentialPathways(
  ctx: AppContext,
  credential: { id: string; organization_id: string; achievement_id: string },
): Promise<CredentialPathways> {
  const partOf: { id: string; name: string; url: string }[] = [];
  for (const pathway of await listPathwaysWithComponent(
    ctx.db,
    credential.organization_id,
    credential.achievement_id,
  )) {
    const tree = await pathwayRequirements(
      ctx.db,
      pathway.organization_id,
      pathway.id,
      pathway.current_version,
    );
    if (validatePathwayTree(tree).achievementIds.includes(credential.achievement_id)) {
      partOf.push({ id: pathway.id, name: pathway.name, url: pathwayUrl(ctx, pathway.id) });
    }
  }
  const award = await findAwardByCredential(ctx.db, credential.organization_id, credential.id);
  const awardedFor = award
    ? await findPathway(ctx.db, credential.organization_id, award.pathway_id)
    : undefined;
  return {
    partOf,
    awardFor: awardedFor
      ? {
          id: awardedFor.id,
          name: awardedFor.name,
          url: pathwayUrl(ctx, awardedFor.id),
          flag: award?.flag_reason ?? null,
          flaggedAt: award?.flagged_at ?? null,
        }
      : null,
  };
}
