/**
 * A learner's record as a signed CLR 2.0 ClrCredential: their credentials, the achievements involved
 * (pathway targets not yet awarded included) and the pathways as `association`s (each component
 * `isPartOf` its target; order constraints as `precedes`).
 *
 * One issuer per CLR. The CLR is signed by one of the organization's issuers, and carries that issuer's
 * credentials only: an issuer vouches for its own record, and a verifier sees one signer for the whole.
 * Which issuer: `issuerId` when given; else the issuer of the pathway's target when `pathwayId` is given;
 * else the issuer most of the learner's active credentials come from (on a tie, the older issuer).
 * `partial: true` says the learner holds other active credentials (of other issuers) not included.
 * Only active, unexpired credentials go in: a revoked or expired one would make the whole CLR fail to
 * verify. The CLR is made on request and not stored.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type AssociationInput, buildClrCredential } from '../core/credentials/build-clr-credential.js';
import type { Achievement, AchievementCredential } from '../core/credentials/types.js';
import { clrAssociations } from '../core/pathways/clr-associations.js';
import { validatePathwayTree } from '../core/pathways/validate-pathway-tree.js';
import { AppError } from '../errors.js';
import { findAchievement } from '../storage/achievements.repository.js';
import { type Credential, listCredentials } from '../storage/credentials.repository.js';
import { findIssuer, type Issuer } from '../storage/issuers.repository.js';
import { findLearner, listLearnerIdentifiers } from '../storage/learners.repository.js';
import { findEnrollment, findPathway, listPathways, type Pathway } from '../storage/pathways.repository.js';
import { achievementDocument } from './achievements.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoSeconds } from './context.js';
import { issuerProfile } from './issue-credential.js';
import { loadSigningKey } from './issuers.js';
import { pathwayRequirements } from './pathway-awards.js';
import { signCredential } from './sign-credential.js';

export type ClrExport = {
  credential: Record<string, unknown>;
  issuerId: string;
  /** Ids of the credentials included. */
  included: string[];
  partial: boolean;
};

/** Throws NOT_FOUND (learner, issuer, pathway; or no active credential of the issuer to include). */
export async function exportLearnerClr(
  ctx: AppContext,
  actor: Actor,
  learnerId: string,
  options: { issuerId?: string; pathwayId?: string } = {},
): Promise<ClrExport> {
  const organizationId = actor.organizationId;
  const learner = await findLearner(ctx.db, organizationId, learnerId);
  if (!learner) {
    throw new AppError('NOT_FOUND', 'No such learner');
  }
  const now = ctx.clock();
  const held: Credential[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCredentials(
      ctx.db,
      organizationId,
      { learnerId, status: 'active', now },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    held.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  // Oldest first: the order the learner earned them.
  held.sort((a, b) => a.awarded_date.localeCompare(b.awarded_date) || a.id.localeCompare(b.id));

  let pathway: Pathway | undefined;
  if (options.pathwayId !== undefined) {
    pathway = await findPathway(ctx.db, organizationId, options.pathwayId);
    if (!pathway) {
      throw new AppError('NOT_FOUND', 'No such pathway');
    }
  }
  const issuer = await chooseIssuer(ctx, organizationId, held, options.issuerId, pathway);
  const included = held.filter((row) => row.issuer_id === issuer.id);
  if (included.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      `The learner holds no active credential of the issuer “${issuer.name}” to put in a CLR`,
    );
  }

  // The pathways of this issuer's targets the learner has anything to do with.
  const pathways: { pathway: Pathway; version: number }[] = [];
  const heldAchievements = new Set(held.map((row) => row.achievement_id));
  const candidates = pathway ? [pathway] : await allActivePathways(ctx, organizationId);
  for (const candidate of candidates) {
    const target = await findAchievement(ctx.db, organizationId, candidate.target_achievement_id);
    if (!target || target.issuer_id !== issuer.id) {
      continue;
    }
    const enrollment = await findEnrollment(ctx.db, organizationId, candidate.id, learnerId);
    const version = enrollment?.version ?? candidate.current_version;
    const tree = await pathwayRequirements(ctx.db, organizationId, candidate.id, version);
    const components = validatePathwayTree(tree).achievementIds;
    if (pathway || enrollment || components.some((id) => heldAchievements.has(id))) {
      pathways.push({ pathway: candidate, version });
    }
  }

  const achievementIds = new Set(included.map((row) => row.achievement_id));
  const associations: AssociationInput[] = [];
  const seen = new Set<string>();
  for (const { pathway: entry, version } of pathways) {
    const tree = await pathwayRequirements(ctx.db, organizationId, entry.id, version);
    achievementIds.add(entry.target_achievement_id);
    for (const id of validatePathwayTree(tree).achievementIds) {
      achievementIds.add(id);
    }
    for (const association of clrAssociations(
      { targetAchievementId: entry.target_achievement_id, requirements: tree },
      (id) => `${ctx.config.publicUrl}/a/${encodeURIComponent(id)}`,
    )) {
      const key = JSON.stringify(association);
      if (!seen.has(key)) {
        seen.add(key);
        associations.push(association);
      }
    }
  }
  const achievements: Achievement[] = [];
  for (const id of achievementIds) {
    const row = await findAchievement(ctx.db, organizationId, id);
    // Drafts have no public URI yet; an association naming one would point nowhere.
    if (row && row.status !== 'draft') {
      achievements.push(achievementDocument(ctx, row));
    }
  }
  const published = new Set(achievements.map((achievement) => achievement.id));
  const kept = associations.filter(
    (association) => published.has(association.sourceId) && published.has(association.targetId),
  );

  const identifiers = await listLearnerIdentifiers(ctx.db, organizationId, learnerId);
  const did = identifiers.find((entry) => entry.type === 'did')?.value;
  const email = identifiers.find((entry) => entry.type === 'email')?.value;
  if (!did && !email) {
    throw new AppError('NOT_FOUND', 'The learner has no e-mail address or DID to name them in a CLR');
  }
  const name = learner.name ?? undefined;
  const unsigned = buildClrCredential({
    id: `urn:uuid:${randomUUID()}`,
    name: `${name ?? 'Learner'}: record from ${issuer.name}`,
    description: `The credentials ${issuer.name} awarded to ${name ?? 'this learner'}${pathways.length > 0 ? ', and the pathways they belong to' : ''}.`,
    issuer: issuerProfile(ctx, issuer),
    validFrom: isoSeconds(now),
    awardedDate: isoSeconds(now),
    partial: included.length < held.length,
    credentialSubject: {
      recipient: did
        ? { id: did, ...(name ? { name } : {}) }
        : { email: email as string, salt: randomBytes(16).toString('hex'), ...(name ? { name } : {}) },
      verifiableCredential: included.map((row) => JSON.parse(row.document) as AchievementCredential),
      achievement: achievements,
      association: kept,
    },
  });
  const keyPair = await loadSigningKey(ctx, issuer);
  const signed = (await signCredential(
    unsigned as unknown as Record<string, unknown>,
    { keyPair, format: 'eddsa-rdfc-2022', created: isoSeconds(now) },
    ctx,
  )) as Record<string, unknown>;
  await audit(
    ctx.db,
    actor,
    'learner.clr_export',
    { type: 'learner', id: learnerId },
    {
      issuerId: issuer.id,
      credentials: included.map((row) => row.id),
      pathways: pathways.map((entry) => entry.pathway.id),
    },
  );
  return {
    credential: signed,
    issuerId: issuer.id,
    included: included.map((row) => row.id),
    partial: included.length < held.length,
  };
}

async function allActivePathways(ctx: AppContext, organizationId: string): Promise<Pathway[]> {
  const out: Pathway[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPathways(
      ctx.db,
      organizationId,
      { status: 'active' },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    out.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return out;
}

async function chooseIssuer(
  ctx: AppContext,
  organizationId: string,
  held: readonly { issuer_id: string }[],
  issuerId: string | undefined,
  pathway: Pathway | undefined,
): Promise<Issuer> {
  let chosen: string | undefined = issuerId;
  if (chosen === undefined && pathway) {
    chosen = (await findAchievement(ctx.db, organizationId, pathway.target_achievement_id))?.issuer_id;
  }
  if (chosen === undefined) {
    const counts = new Map<string, number>();
    for (const row of held) {
      counts.set(row.issuer_id, (counts.get(row.issuer_id) ?? 0) + 1);
    }
    const issuers: Issuer[] = [];
    for (const id of counts.keys()) {
      const found = await findIssuer(ctx.db, organizationId, id);
      if (found) {
        issuers.push(found);
      }
    }
    issuers.sort(
      (a, b) =>
        (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) ||
        a.created_at.localeCompare(b.created_at) ||
        a.id.localeCompare(b.id),
    );
    chosen = issuers[0]?.id;
  }
  const issuer = chosen === undefined ? undefined : await findIssuer(ctx.db, organizationId, chosen);
  if (!issuer) {
    throw new AppError(
      'NOT_FOUND',
      chosen === undefined ? 'The learner holds no active credential to put in a CLR' : 'No such issuer',
    );
  }
  return issuer;
}
