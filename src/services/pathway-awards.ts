/**
 * Awarding pathways, inside the transaction that issues a component credential, and what a component's
 * revocation does to an award.
 *
 * Why a pathway is awarded exactly once, even when two of its components are issued to one learner at
 * the same moment on PostgreSQL (READ COMMITTED):
 *
 * 1. Each issuing transaction inserts its component credential, then `INSERT … ON CONFLICT DO NOTHING`
 *    the learner's enrollment row and `SELECT … FOR UPDATE` it. Whoever comes second waits on that row
 *    (or on the first one's uncommitted insert of it) until the first transaction commits or rolls back.
 * 2. The first transaction cannot see the second one's credential (not committed), so it evaluates
 *    without it. The second, once it holds the lock, runs its next statements on a fresh snapshot
 *    (READ COMMITTED takes one per statement): it sees the first one's credential *and* its award, if it
 *    made one. So exactly one of them sees the tree complete without an award: that one awards.
 * 3. Backstops, should the lock ever be bypassed: `pathway_awards` has the primary key
 *    (pathway_id, learner_id), and the target credential carries the idempotency key
 *    `pathway:{pathwayId}:{learnerId}` (unique per organization). A second award fails its transaction
 *    rather than issue a duplicate.
 *
 * SQLite has one writer at a time (a transaction holds the database's only connection), so the same
 * steps simply run one after the other.
 */
import type { Kysely } from 'kysely';
import { evaluatePathway } from '../core/pathways/evaluate-pathway.js';
import type { EarnedCredential, PathwayProgress, RequirementNode } from '../core/pathways/types.js';
import { validatePathwayTree } from '../core/pathways/validate-pathway-tree.js';
import { findAchievement } from '../storage/achievements.repository.js';
import type { Credential } from '../storage/credentials.repository.js';
import { findActiveIssuerKey } from '../storage/issuer-keys.repository.js';
import { findLearner, listLearnerIdentifiers } from '../storage/learners.repository.js';
import {
  findAward,
  findEnrollment,
  findPathway,
  findPathwayVersion,
  insertAward,
  insertEnrollmentIfAbsent,
  listAwardsWithComponent,
  listComponentCredentials,
  listPathwaysWithComponent,
  type Pathway,
  type PathwayEnrollment,
  setAwardFlag,
} from '../storage/pathways.repository.js';
import type { Database } from '../storage/tables.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { emitEvent } from './events.js';
import type { IssueCredentialInput, IssuedCredential } from './issue-credential.js';
import type { ProgressedPathway } from './mail/notify.js';
import { urls } from './urls.js';

/** Issues a credential inside the caller's transaction (issue-credential passes `issueInTransaction`). */
export type IssueInTransaction = (
  input: IssueCredentialInput,
  options?: { pathwayName?: string },
) => Promise<IssuedCredential>;

/** The idempotency key of a pathway's target credential: one per pathway and learner. */
export function awardIdempotencyKey(pathwayId: string, learnerId: string): string {
  return `pathway:${pathwayId}:${learnerId}`;
}

/** What a new credential did to its learner's pathways. */
export type PathwaysAfterIssue = {
  /** The target credentials it completed, issued in the same transaction. */
  awarded: IssuedCredential[];
  /** The pathways it moved along without completing them (its e-mail tells the learner). */
  progressed: ProgressedPathway[];
};

/**
 * The hook in `issueCredential`: after `credential` is stored (same transaction), evaluates every
 * active pathway naming its achievement for its learner, and awards those now complete.
 */
export async function awardPathwaysAfterIssue(
  ctx: AppContext,
  trx: Kysely<Database>,
  actor: Actor,
  credential: Credential,
  issue: IssueInTransaction,
): Promise<PathwaysAfterIssue> {
  const pathways = await listPathwaysWithComponent(trx, actor.organizationId, credential.achievement_id);
  const result: PathwaysAfterIssue = { awarded: [], progressed: [] };
  for (const pathway of pathways) {
    const outcome = await evaluateAndAward(ctx, trx, actor, pathway, credential.learner_id, issue);
    if (outcome.awarded) {
      result.awarded.push(outcome.awarded);
    } else if (countsToward(outcome, credential.id)) {
      result.progressed.push({
        pathway: { id: pathway.id, name: pathway.name },
        percent: outcome.progress?.percent ?? 0,
        remainingAchievementIds: (outcome.progress?.remaining ?? []).map((item) => item.achievementId),
      });
    }
  }
  return result;
}

/** Whether the credential just issued moved the learner along an incomplete pathway. */
function countsToward(outcome: AwardOutcome, credentialId: string): boolean {
  const progress = outcome.progress;
  return (
    progress !== undefined &&
    !progress.completed &&
    outcome.blocked === undefined &&
    progress.done.some((item) => item.credentialId === credentialId)
  );
}

export type AwardOutcome = {
  enrollment: PathwayEnrollment;
  progress?: PathwayProgress;
  awarded?: IssuedCredential;
  /** Set when the learner had already been awarded (nothing evaluated). */
  alreadyAwarded?: boolean;
  /** Why a completed pathway could not be awarded (its target is not active, its issuer has no key). */
  blocked?: string;
};

/**
 * Starts the learner on the pathway if they have not started (at its current version), locks their
 * enrollment, evaluates their active credentials by the enrollment's version, and awards the target
 * when the tree is met. Call inside a transaction.
 */
export async function evaluateAndAward(
  ctx: AppContext,
  trx: Kysely<Database>,
  actor: Actor,
  pathway: Pathway,
  learnerId: string,
  issue: IssueInTransaction,
): Promise<AwardOutcome> {
  const organizationId = actor.organizationId;
  const now = ctx.clock();
  await insertEnrollmentIfAbsent(trx, {
    organization_id: organizationId,
    pathway_id: pathway.id,
    learner_id: learnerId,
    version: pathway.current_version,
    started_at: now,
  });
  const enrollment = await findEnrollment(trx, organizationId, pathway.id, learnerId, {
    forUpdate: ctx.dialect === 'postgres',
  });
  if (!enrollment) {
    throw new Error('The enrollment just made is missing');
  }
  if (enrollment.completed_at !== null || (await findAward(trx, organizationId, pathway.id, learnerId))) {
    return { enrollment, alreadyAwarded: true };
  }
  const progress = await evaluateLearner(trx, organizationId, pathway, enrollment.version, learnerId, now);
  if (!progress.completed) {
    return { enrollment, progress };
  }
  const input = await targetInput(ctx, trx, organizationId, pathway, enrollment, progress);
  const unreachable = !input.recipient.email && !input.recipient.did;
  const blocked = unreachable
    ? 'the learner has no e-mail address or DID'
    : await awardBlocker(trx, organizationId, pathway);
  if (blocked) {
    await audit(
      trx,
      actor,
      'pathway.award_blocked',
      { type: 'pathway', id: pathway.id },
      { learnerId, reason: blocked },
    );
    return { enrollment, progress, blocked };
  }
  const awarded = await issue(input, { pathwayName: pathway.name });
  await insertAward(trx, {
    organization_id: organizationId,
    pathway_id: pathway.id,
    learner_id: learnerId,
    credential_id: awarded.row.id,
    version: enrollment.version,
    awarded_at: now,
    component_credential_ids: progress.satisfiedBy,
  });
  await audit(
    trx,
    actor,
    'pathway.award',
    { type: 'pathway', id: pathway.id },
    {
      learnerId,
      credentialId: awarded.row.id,
      version: enrollment.version,
      components: progress.satisfiedBy,
    },
  );
  await emitEvent(
    trx,
    organizationId,
    'pathway.completed',
    {
      pathwayId: pathway.id,
      learnerId,
      targetAchievementId: pathway.target_achievement_id,
      credentialId: awarded.row.id,
    },
    { now },
  );
  return { enrollment, progress, awarded };
}

/** Why the target cannot be issued now, or undefined when it can. */
async function awardBlocker(
  db: Kysely<Database>,
  organizationId: string,
  pathway: Pathway,
): Promise<string | undefined> {
  const target = await findAchievement(db, organizationId, pathway.target_achievement_id);
  if (target?.status !== 'active') {
    return `the target achievement is ${target ? target.status : 'missing'}`;
  }
  if (!(await findActiveIssuerKey(db, organizationId, target.issuer_id))) {
    return "the target's issuer has no signing key";
  }
  return undefined;
}

/** The target credential: to the learner, with the component credentials as its evidence. */
async function targetInput(
  ctx: AppContext,
  db: Kysely<Database>,
  organizationId: string,
  pathway: Pathway,
  enrollment: PathwayEnrollment,
  progress: PathwayProgress,
): Promise<IssueCredentialInput> {
  const learner = await findLearner(db, organizationId, enrollment.learner_id);
  const identifiers = await listLearnerIdentifiers(db, organizationId, enrollment.learner_id);
  const did = identifiers.find((entry) => entry.type === 'did')?.value;
  const email = identifiers.find((entry) => entry.type === 'email')?.value;
  const names = new Map<string, string>();
  for (const item of progress.done) {
    const achievement = await findAchievement(db, organizationId, item.achievementId);
    names.set(item.achievementId, achievement?.name ?? item.achievementId);
  }
  const used = progress.done.filter((item) => progress.satisfiedBy.includes(item.credentialId));
  return {
    achievementId: pathway.target_achievement_id,
    recipient: {
      ...(did ? { did } : {}),
      ...(email ? { email } : {}),
      ...(learner?.name ? { name: learner.name } : {}),
    },
    idempotencyKey: awardIdempotencyKey(pathway.id, enrollment.learner_id),
    narrative: `Awarded for completing the pathway “${pathway.name}” (version ${enrollment.version}): ${used
      .map((item) => names.get(item.achievementId))
      .join(', ')}.`,
    evidence: used.map((item) => ({
      id: urls.credentialPage(ctx.config.publicUrl, item.credentialId),
      name: names.get(item.achievementId) ?? item.achievementId,
      description: `Component credential ${item.credentialId}, earned ${item.earnedAt}`,
      genre: 'Component credential',
    })),
  };
}

/**
 * The active, unexpired credentials of the achievements a tree names, of each learner given, as
 * evaluation takes them: one query for the lot.
 */
export async function earnedCredentialsOf(
  db: Kysely<Database>,
  organizationId: string,
  learnerIds: readonly string[],
  achievementIds: readonly string[],
  now: Date,
): Promise<Map<string, EarnedCredential[]>> {
  const out = new Map<string, EarnedCredential[]>(learnerIds.map((id) => [id, []]));
  for (const row of await listComponentCredentials(db, organizationId, learnerIds, achievementIds, now)) {
    out.get(row.learner_id)?.push({
      id: row.id,
      achievementId: row.achievement_id,
      earnedAt: row.awarded_date,
      results: resultsOf(row.document),
    });
  }
  return out;
}

/** `credentialSubject.result[]` of a stored credential: value and resultDescription. */
function resultsOf(document: string): { value?: string; resultDescription?: string }[] {
  const credential = JSON.parse(document) as { credentialSubject?: { result?: unknown } };
  const results = credential.credentialSubject?.result;
  if (!Array.isArray(results)) {
    return [];
  }
  return results.map((result: { value?: unknown; resultDescription?: unknown }) => ({
    ...(typeof result.value === 'string' ? { value: result.value } : {}),
    ...(typeof result.resultDescription === 'string' ? { resultDescription: result.resultDescription } : {}),
  }));
}

/** Evaluates a learner (or nobody: nothing earned) against a requirement tree. */
export async function evaluateRequirements(
  db: Kysely<Database>,
  organizationId: string,
  targetAchievementId: string,
  requirements: RequirementNode,
  learnerId: string | undefined,
  now: Date,
  names?: Readonly<Record<string, string>>,
): Promise<PathwayProgress> {
  const components = validatePathwayTree(requirements).achievementIds;
  const earned =
    learnerId === undefined
      ? []
      : ((await earnedCredentialsOf(db, organizationId, [learnerId], components, now)).get(learnerId) ?? []);
  return evaluatePathway({ targetAchievementId, requirements }, earned, names ? { names } : {});
}

/** The requirement tree of one version of a pathway. */
export async function pathwayRequirements(
  db: Kysely<Database>,
  organizationId: string,
  pathwayId: string,
  version: number,
): Promise<RequirementNode> {
  const stored = await findPathwayVersion(db, organizationId, pathwayId, version);
  if (!stored) {
    throw new Error(`Pathway ${pathwayId} has no version ${version}`);
  }
  return stored.requirements as unknown as RequirementNode;
}

/** Evaluates a learner against one version of a pathway. */
export async function evaluateLearner(
  db: Kysely<Database>,
  organizationId: string,
  pathway: Pathway,
  version: number,
  learnerId: string | undefined,
  now: Date,
  names?: Readonly<Record<string, string>>,
): Promise<PathwayProgress> {
  const requirements = await pathwayRequirements(db, organizationId, pathway.id, version);
  return await evaluateRequirements(
    db,
    organizationId,
    pathway.target_achievement_id,
    requirements,
    learnerId,
    now,
    names,
  );
}

/**
 * The hook in credential-status: a component credential was revoked, suspended or unsuspended. Applies
 * each affected pathway's policy — `keep` (nothing), `flag` (the award is flagged; its credential page
 * shows a warning), `revoke` (the target credential is returned, for the caller to revoke in the same
 * transaction). A suspension flags under `flag` and `revoke` (it may be lifted); lifting it clears the
 * flag it raised. Returns the target credential ids to revoke.
 */
export async function pathwayEffectsOfStatusChange(
  ctx: AppContext,
  trx: Kysely<Database>,
  actor: Actor,
  credential: Credential,
  action: 'revoke' | 'suspend' | 'unsuspend',
): Promise<string[]> {
  const awards = await listAwardsWithComponent(trx, actor.organizationId, credential.id);
  const toRevoke: string[] = [];
  const now = ctx.clock();
  for (const award of awards) {
    const pathway = await findPathway(trx, actor.organizationId, award.pathway_id);
    if (!pathway) {
      continue;
    }
    const policy = pathway.revocation_policy;
    const component = await findAchievement(trx, actor.organizationId, credential.achievement_id);
    const what = `“${component?.name ?? credential.achievement_id}”`;
    let effect: 'kept' | 'flagged' | 'unflagged' | 'revoked' | undefined;
    if (action === 'unsuspend') {
      if (award.flag_credential_id === credential.id) {
        await setAwardFlag(trx, actor.organizationId, award.pathway_id, award.learner_id, null);
        effect = 'unflagged';
      }
    } else if (policy === 'keep') {
      effect = 'kept';
    } else if (policy === 'flag' || action === 'suspend') {
      await setAwardFlag(trx, actor.organizationId, award.pathway_id, award.learner_id, {
        reason: `The component credential ${what} it was awarded for was ${action === 'revoke' ? 'revoked' : 'suspended'}.`,
        credentialId: credential.id,
        at: now,
      });
      effect = 'flagged';
    } else {
      toRevoke.push(award.credential_id);
      effect = 'revoked';
    }
    if (effect === undefined) {
      continue;
    }
    if (effect === 'flagged' || effect === 'unflagged') {
      // The target's public page changes (a warning appears or goes): a new ETag for it.
      await trx
        .updateTable('credentials')
        .set({ updated_at: now.toISOString() })
        .where('organization_id', '=', actor.organizationId)
        .where('id', '=', award.credential_id)
        .execute();
    }
    await audit(
      trx,
      actor,
      `pathway.component_${action}`,
      { type: 'pathway', id: pathway.id },
      {
        learnerId: award.learner_id,
        componentCredentialId: credential.id,
        awardCredentialId: award.credential_id,
        policy,
        effect,
      },
    );
  }
  return toRevoke;
}
