import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import * as achievements from '../../../src/storage/achievements.repository.js';
import * as apiKeys from '../../../src/storage/api-keys.repository.js';
import * as auditLog from '../../../src/storage/audit-log.repository.js';
import * as claimTokens from '../../../src/storage/claim-tokens.repository.js';
import * as credentials from '../../../src/storage/credentials.repository.js';
import { isForeignKeyViolation } from '../../../src/storage/errors.js';
import * as images from '../../../src/storage/images.repository.js';
import * as issuerKeys from '../../../src/storage/issuer-keys.repository.js';
import * as issuers from '../../../src/storage/issuers.repository.js';
import * as accountTokens from '../../../src/storage/learner-account-tokens.repository.js';
import * as accounts from '../../../src/storage/learner-accounts.repository.js';
import * as learnerSessions from '../../../src/storage/learner-sessions.repository.js';
import * as learners from '../../../src/storage/learners.repository.js';
import * as mail from '../../../src/storage/mail.repository.js';
import * as memberships from '../../../src/storage/memberships.repository.js';
import * as obApiClients from '../../../src/storage/ob-api-clients.repository.js';
import * as obApiTokens from '../../../src/storage/ob-api-tokens.repository.js';
import * as organizations from '../../../src/storage/organizations.repository.js';
import * as pathways from '../../../src/storage/pathways.repository.js';
import * as sessions from '../../../src/storage/sessions.repository.js';
import * as systemKeys from '../../../src/storage/system-keys.repository.js';
import type { Database } from '../../../src/storage/tables.js';
import * as users from '../../../src/storage/users.repository.js';
import * as walletCredentials from '../../../src/storage/wallet-credentials.repository.js';
import * as walletImports from '../../../src/storage/wallet-imports.repository.js';
import { forEachDialect } from '../../support/databases.js';
import { buildCredential, buildTenant, type Tenant, unique } from '../../support/factories.js';

/** Everything organization A owns, one of each. */
type World = Tenant & {
  b: Tenant;
  userId: string;
  apiKey: apiKeys.ApiKey;
  image: images.Image;
  issuerKey: issuerKeys.IssuerKey;
  identifier: learners.LearnerIdentifier;
  credential: credentials.Credential;
  auditEntry: auditLog.AuditEntry;
};

type Probe = (db: Kysely<Database>, world: World) => Promise<void>;

/** Organization A's pathway (to its achievement), started and awarded by its learner: made once per world. */
const pathwaysOfA = new Map<string, Promise<pathways.Pathway>>();
function pathwayOfA(db: Kysely<Database>, w: World): Promise<pathways.Pathway> {
  let made = pathwaysOfA.get(w.organization.id);
  if (made === undefined) {
    made = (async () => {
      const now = '2026-02-01T00:00:00.000Z';
      const pathway = await pathways.insertPathway(db, {
        id: unique('pathway'),
        organization_id: w.organization.id,
        target_achievement_id: w.achievement.id,
        name: 'Pathway of A',
        revocation_policy: 'keep',
        created_at: now,
      });
      await pathways.insertPathwayVersion(db, {
        organization_id: w.organization.id,
        pathway_id: pathway.id,
        version: 1,
        requirements: { all: [{ achievement: w.achievement.id }] },
        achievement_ids: [w.achievement.id],
        created_at: now,
      });
      await pathways.insertEnrollmentIfAbsent(db, {
        organization_id: w.organization.id,
        pathway_id: pathway.id,
        learner_id: w.learner.id,
        version: 1,
        started_at: now,
      });
      await pathways.insertAward(db, {
        organization_id: w.organization.id,
        pathway_id: pathway.id,
        learner_id: w.learner.id,
        credential_id: w.credential.id,
        version: 1,
        awarded_at: now,
        component_credential_ids: [w.credential.id],
      });
      return (await pathways.updatePathway(
        db,
        w.organization.id,
        pathway.id,
        { current_version: 1 },
        now,
      )) as pathways.Pathway;
    })();
    pathwaysOfA.set(w.organization.id, made);
  }
  return made;
}

/**
 * For every repository function scoped by organization: called as organization B with A's ids, it
 * finds nothing, lists nothing of A's, and changes nothing of A's.
 */
const SCOPED: Record<string, Probe> = {
  'memberships.findMembership': async (db, w) => {
    expect(await memberships.findMembership(db, w.b.organization.id, w.userId)).toBeUndefined();
  },
  'memberships.listMembers': async (db, w) => {
    expect(await memberships.listMembers(db, w.b.organization.id)).toEqual([]);
  },
  'memberships.updateMembershipRole': async (db, w) => {
    expect(
      await memberships.updateMembershipRole(db, w.b.organization.id, w.userId, 'owner'),
    ).toBeUndefined();
    expect(await memberships.findMembership(db, w.organization.id, w.userId)).toMatchObject({
      role: 'viewer',
    });
  },
  'memberships.deleteMembership': async (db, w) => {
    expect(await memberships.deleteMembership(db, w.b.organization.id, w.userId)).toBe(false);
    expect(await memberships.findMembership(db, w.organization.id, w.userId)).toBeDefined();
  },

  'apiKeys.findApiKey': async (db, w) => {
    expect(await apiKeys.findApiKey(db, w.b.organization.id, w.apiKey.id)).toBeUndefined();
  },
  'apiKeys.listApiKeys': async (db, w) => {
    expect(await apiKeys.listApiKeys(db, w.b.organization.id)).toEqual([]);
  },
  'apiKeys.revokeApiKey': async (db, w) => {
    expect(await apiKeys.revokeApiKey(db, w.b.organization.id, w.apiKey.id)).toBeUndefined();
    expect(await apiKeys.findApiKey(db, w.organization.id, w.apiKey.id)).toMatchObject({ revoked_at: null });
  },
  'apiKeys.touchApiKey': async (db, w) => {
    await apiKeys.touchApiKey(db, w.b.organization.id, w.apiKey.id);
    expect(await apiKeys.findApiKey(db, w.organization.id, w.apiKey.id)).toMatchObject({
      last_used_at: null,
    });
  },

  'auditLog.listAuditEntries': async (db, w) => {
    expect((await auditLog.listAuditEntries(db, w.b.organization.id)).items).toEqual([]);
    const filtered = await auditLog.listAuditEntries(db, w.b.organization.id, {
      targetId: w.auditEntry.target_id ?? '',
    });
    expect(filtered.items).toEqual([]);
  },

  'images.findImage': async (db, w) => {
    expect(await images.findImage(db, w.b.organization.id, w.image.id)).toBeUndefined();
  },
  'images.findImageBySha256': async (db, w) => {
    expect(await images.findImageBySha256(db, w.organization.id, w.image.sha256, 'image/png')).toEqual(
      w.image,
    );
    expect(
      await images.findImageBySha256(db, w.b.organization.id, w.image.sha256, 'image/png'),
    ).toBeUndefined();
  },

  'issuers.findIssuer': async (db, w) => {
    expect(await issuers.findIssuer(db, w.b.organization.id, w.issuer.id)).toBeUndefined();
  },
  'issuers.findIssuerBySlug': async (db, w) => {
    expect(await issuers.findIssuerBySlug(db, w.b.organization.id, w.issuer.slug)).toBeUndefined();
  },
  'issuers.listIssuers': async (db, w) => {
    expect((await issuers.listIssuers(db, w.b.organization.id)).map((i) => i.id)).toEqual([w.b.issuer.id]);
  },
  'issuers.updateIssuer': async (db, w) => {
    expect(
      await issuers.updateIssuer(db, w.b.organization.id, w.issuer.id, { name: 'Hijacked' }),
    ).toBeUndefined();
    expect(await issuers.findIssuer(db, w.organization.id, w.issuer.id)).toEqual(w.issuer);
  },

  'issuerKeys.findIssuerKey': async (db, w) => {
    expect(await issuerKeys.findIssuerKey(db, w.b.organization.id, w.issuerKey.id)).toBeUndefined();
  },
  'issuerKeys.findActiveIssuerKey': async (db, w) => {
    expect(await issuerKeys.findActiveIssuerKey(db, w.b.organization.id, w.issuer.id)).toBeUndefined();
  },
  'issuerKeys.listIssuerKeys': async (db, w) => {
    expect(await issuerKeys.listIssuerKeys(db, w.b.organization.id, w.issuer.id)).toEqual([]);
  },
  'issuerKeys.retireIssuerKey': async (db, w) => {
    expect(await issuerKeys.retireIssuerKey(db, w.b.organization.id, w.issuerKey.id)).toBeUndefined();
    expect(await issuerKeys.findIssuerKey(db, w.organization.id, w.issuerKey.id)).toEqual(w.issuerKey);
  },

  'achievements.findAchievement': async (db, w) => {
    expect(await achievements.findAchievement(db, w.b.organization.id, w.achievement.id)).toBeUndefined();
  },
  'achievements.findAchievementNames': async (db, w) => {
    const ids = [w.achievement.id, w.b.achievement.id];
    expect([...(await achievements.findAchievementNames(db, w.b.organization.id, ids)).keys()]).toEqual([
      w.b.achievement.id,
    ]);
  },
  'achievements.findAchievementsByName': async (db, w) => {
    const found = await achievements.findAchievementsByName(db, w.b.organization.id, w.achievement.name);
    expect(found.map((a) => a.id)).toEqual([w.b.achievement.id]);
  },
  'achievements.listAchievements': async (db, w) => {
    const all = await achievements.listAchievements(db, w.b.organization.id);
    expect(all.items.map((a) => a.id)).toEqual([w.b.achievement.id]);
    const byIssuer = await achievements.listAchievements(db, w.b.organization.id, { issuerId: w.issuer.id });
    expect(byIssuer.items).toEqual([]);
    const byName = await achievements.listAchievements(db, w.b.organization.id, { nameContains: 'unit' });
    expect(byName.items.map((a) => a.id)).toEqual([w.b.achievement.id]);
  },
  'achievements.deleteDraftAchievement': async (db, w) => {
    const draft = await achievements.insertAchievement(db, {
      organization_id: w.organization.id,
      issuer_id: w.issuer.id,
      name: 'Draft of A',
      achievement_type: 'Badge',
      document: {},
    });
    expect(await achievements.deleteDraftAchievement(db, w.b.organization.id, draft.id)).toBe(false);
    expect(await achievements.findAchievement(db, w.organization.id, draft.id)).toEqual(draft);
  },
  'achievements.updateAchievement': async (db, w) => {
    const patch = { status: 'archived' as const, document: {} };
    expect(
      await achievements.updateAchievement(db, w.b.organization.id, w.achievement.id, patch),
    ).toBeUndefined();
    expect(await achievements.findAchievement(db, w.organization.id, w.achievement.id)).toEqual(
      w.achievement,
    );
  },

  'learners.findLearner': async (db, w) => {
    expect(await learners.findLearner(db, w.b.organization.id, w.learner.id)).toBeUndefined();
  },
  'learners.listLearners': async (db, w) => {
    expect((await learners.listLearners(db, w.b.organization.id)).items.map((l) => l.id)).toEqual([
      w.b.learner.id,
    ]);
  },
  'learners.updateLearnerName': async (db, w) => {
    expect(
      await learners.updateLearnerName(db, w.b.organization.id, w.learner.id, 'Hijacked'),
    ).toBeUndefined();
    expect(await learners.findLearner(db, w.organization.id, w.learner.id)).toEqual(w.learner);
  },
  'learners.findLearnerIdentifier': async (db, w) => {
    expect(await learners.findLearnerIdentifier(db, w.b.organization.id, 'email', w.email)).toBeUndefined();
  },
  'learners.findLearnerByIdentifier': async (db, w) => {
    expect(await learners.findLearnerByIdentifier(db, w.b.organization.id, 'email', w.email)).toBeUndefined();
  },
  'learners.listLearnerIdentifiers': async (db, w) => {
    expect(await learners.listLearnerIdentifiers(db, w.b.organization.id, w.learner.id)).toEqual([]);
  },
  'learners.setLearnerIdentifierVerified': async (db, w) => {
    expect(
      await learners.setLearnerIdentifierVerified(db, w.b.organization.id, w.identifier.id, true),
    ).toBeUndefined();
    expect(await learners.findLearnerIdentifier(db, w.organization.id, 'email', w.email)).toMatchObject({
      verified: false,
    });
  },

  'credentials.findCredential': async (db, w) => {
    expect(await credentials.findCredential(db, w.b.organization.id, w.credential.id)).toBeUndefined();
  },
  'credentials.findCredentialByIdempotencyKey': async (db, w) => {
    const key = w.credential.idempotency_key ?? '';
    expect(await credentials.findCredentialByIdempotencyKey(db, w.b.organization.id, key)).toBeUndefined();
  },
  'credentials.findCredentialsByIdempotencyKeys': async (db, w) => {
    const key = w.credential.idempotency_key ?? '';
    expect(await credentials.findCredentialsByIdempotencyKeys(db, w.organization.id, [key])).toEqual(
      new Map([[key, w.credential]]),
    );
    expect((await credentials.findCredentialsByIdempotencyKeys(db, w.b.organization.id, [key])).size).toBe(0);
  },
  'credentials.listCredentials': async (db, w) => {
    for (const filters of [
      {},
      { email: w.email },
      { achievementId: w.achievement.id },
      { learnerId: w.learner.id },
      { status: 'active' as const },
    ]) {
      expect((await credentials.listCredentials(db, w.b.organization.id, filters)).items).toEqual([]);
    }
  },
  'credentials.updateCredentialStatus': async (db, w) => {
    const changed = await credentials.updateCredentialStatus(
      db,
      w.b.organization.id,
      w.credential.id,
      'revoked',
    );
    expect(changed).toBeUndefined();
    expect(await credentials.findCredential(db, w.organization.id, w.credential.id)).toEqual(w.credential);
  },

  'pathways.findPathway': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.findPathway(db, w.b.organization.id, pathway.id)).toBeUndefined();
  },
  'pathways.findPathwayByTarget': async (db, w) => {
    await pathwayOfA(db, w);
    expect(await pathways.findPathwayByTarget(db, w.b.organization.id, w.achievement.id)).toBeUndefined();
  },
  'pathways.listPathways': async (db, w) => {
    await pathwayOfA(db, w);
    expect((await pathways.listPathways(db, w.b.organization.id)).items).toEqual([]);
  },
  'pathways.updatePathway': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(
      await pathways.updatePathway(db, w.b.organization.id, pathway.id, { name: 'Hijacked' }, new Date()),
    ).toBeUndefined();
    expect((await pathways.findPathway(db, w.organization.id, pathway.id))?.name).toBe('Pathway of A');
  },
  'pathways.findPathwayVersion': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.findPathwayVersion(db, w.b.organization.id, pathway.id, 1)).toBeUndefined();
  },
  'pathways.listPathwayVersions': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.listPathwayVersions(db, w.b.organization.id, pathway.id)).toEqual([]);
  },
  'pathways.listPathwaysWithComponent': async (db, w) => {
    await pathwayOfA(db, w);
    expect(await pathways.listPathwaysWithComponent(db, w.b.organization.id, w.achievement.id)).toEqual([]);
  },
  'pathways.listPathwayComponents': async (db, w) => {
    await pathwayOfA(db, w);
    expect(await pathways.listPathwayComponents(db, w.b.organization.id)).toEqual([]);
  },
  'pathways.findEnrollment': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.findEnrollment(db, w.b.organization.id, pathway.id, w.learner.id)).toBeUndefined();
  },
  'pathways.listEnrollments': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.listEnrollments(db, w.b.organization.id, pathway.id)).toEqual([]);
  },
  'pathways.moveEnrollments': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.moveEnrollments(db, w.b.organization.id, pathway.id, 2, new Date())).toBe(0);
  },
  'pathways.findAward': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.findAward(db, w.b.organization.id, pathway.id, w.learner.id)).toBeUndefined();
  },
  'pathways.findAwardByCredential': async (db, w) => {
    await pathwayOfA(db, w);
    expect(await pathways.findAwardByCredential(db, w.b.organization.id, w.credential.id)).toBeUndefined();
  },
  'pathways.listAwardsWithComponent': async (db, w) => {
    await pathwayOfA(db, w);
    expect(await pathways.listAwardsWithComponent(db, w.b.organization.id, w.credential.id)).toEqual([]);
  },
  'pathways.listAwardComponents': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.listAwardComponents(db, w.b.organization.id, pathway.id, w.learner.id)).toEqual([]);
  },
  'pathways.setAwardFlag': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    const flag = { reason: 'Hijacked', credentialId: w.credential.id, at: new Date() };
    expect(
      await pathways.setAwardFlag(db, w.b.organization.id, pathway.id, w.learner.id, flag),
    ).toBeUndefined();
    expect(await pathways.findAward(db, w.organization.id, pathway.id, w.learner.id)).toMatchObject({
      flag_reason: null,
    });
  },
  'pathways.countEnrollments': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    expect(await pathways.countEnrollments(db, w.b.organization.id, pathway.id)).toEqual({
      enrolled: 0,
      awarded: 0,
      flagged: 0,
    });
  },
  'pathways.listLearnersHolding': async (db, w) => {
    expect(await pathways.listLearnersHolding(db, w.b.organization.id, [w.achievement.id])).toEqual([]);
  },
  'pathways.listComponentCredentials': async (db, w) => {
    expect(
      await pathways.listComponentCredentials(
        db,
        w.b.organization.id,
        [w.learner.id],
        [w.achievement.id],
        new Date(),
      ),
    ).toEqual([]);
  },
  'mail.findMailMessage': async (db, w) => {
    const message = await mailOfA(db, w);
    expect(await mail.findMailMessage(db, w.b.organization.id, message.id)).toBeUndefined();
    expect(await mail.findMailMessage(db, null, message.id)).toBeUndefined();
  },
  'mail.updateMailMessage': async (db, w) => {
    const message = await mailOfA(db, w);
    await mail.updateMailMessage(db, w.b.organization.id, message.id, { status: 'failed' }, new Date());
    await mail.updateMailMessage(db, null, message.id, { status: 'failed' }, new Date());
    expect((await mail.findMailMessage(db, w.organization.id, message.id))?.status).toBe('queued');
  },
  'mail.listMailMessages': async (db, w) => {
    const message = await mailOfA(db, w);
    expect((await mail.listMailMessages(db, w.b.organization.id)).items).toEqual([]);
    const withInstallation = await mail.listMailMessages(db, w.b.organization.id, {
      includeInstallation: true,
    });
    expect(withInstallation.items.map((item) => item.id)).not.toContain(message.id);
  },
  'mail.latestMailOfCredentials': async (db, w) => {
    await mailOfA(db, w);
    expect((await mail.latestMailOfCredentials(db, w.b.organization.id, [w.credential.id])).size).toBe(0);
  },
  'mail.latestMailOfCredentialKind': async (db, w) => {
    const message = await mailOfA(db, w);
    expect(
      await mail.latestMailOfCredentialKind(db, w.b.organization.id, w.credential.id, message.kind),
    ).toBeUndefined();
    expect(
      (await mail.latestMailOfCredentialKind(db, w.organization.id, w.credential.id, message.kind))?.id,
    ).toBeDefined();
  },
  'mail.isMailUnsubscribed': async (db, w) => {
    await mail.insertMailUnsubscribe(db, w.organization.id, w.email, new Date());
    expect(await mail.isMailUnsubscribed(db, w.b.organization.id, w.email)).toBe(false);
    expect(await mail.isMailUnsubscribed(db, w.organization.id, w.email)).toBe(true);
  },
  'mail.listExpiryReminders': async (db, w) => {
    await mail.insertExpiryReminder(db, {
      organization_id: w.organization.id,
      credential_id: w.credential.id,
      days: 7,
      valid_until: '2027-01-01T00:00:00.000Z',
      now: new Date(),
    });
    expect(await mail.listExpiryReminders(db, w.b.organization.id, w.credential.id)).toEqual([]);
    expect(await mail.listExpiryReminders(db, w.organization.id, w.credential.id)).toHaveLength(1);
  },
};

/** One e-mail of organization A about its credential: made once per world. */
const mailsOfA = new Map<string, Promise<mail.MailMessage>>();
function mailOfA(db: Kysely<Database>, w: World): Promise<mail.MailMessage> {
  let made = mailsOfA.get(w.organization.id);
  if (made === undefined) {
    made = mail.insertMailMessage(db, {
      organization_id: w.organization.id,
      kind: 'credential.issued',
      to_address: w.email,
      subject: 'Your credential',
      text_body: 'text',
      html_body: '<p>html</p>',
      locale: 'en',
      credential_id: w.credential.id,
      created_at: new Date(),
    });
    mailsOfA.set(w.organization.id, made);
  }
  return made;
}

/**
 * For every insert that names other tenant-owned rows: organization B cannot attach its row to A's
 * rows. The composite foreign keys refuse it.
 */
const CROSS_TENANT_INSERTS: Record<string, Probe> = {
  'achievements.insertAchievement': async (db, w) => {
    const attempt = achievements.insertAchievement(db, {
      organization_id: w.b.organization.id,
      issuer_id: w.issuer.id,
      name: 'Stolen issuer',
      achievement_type: 'Badge',
      document: {},
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
    const image = achievements.insertAchievement(db, {
      organization_id: w.b.organization.id,
      issuer_id: w.b.issuer.id,
      name: 'Stolen image',
      achievement_type: 'Badge',
      document: {},
      image_id: w.image.id,
    });
    expect(isForeignKeyViolation(await image.catch((error: unknown) => error))).toBe(true);
  },
  'credentials.insertCredential': async (db, w) => {
    for (const overrides of [
      { issuer_id: w.issuer.id },
      { achievement_id: w.achievement.id },
      { learner_id: w.learner.id },
    ]) {
      const attempt = buildCredential(db, w.b, overrides);
      expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
    }
  },
  'issuers.insertIssuer': async (db, w) => {
    const attempt = issuers.insertIssuer(db, {
      organization_id: w.b.organization.id,
      slug: unique('thief'),
      name: 'Thief',
      image_id: w.image.id,
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'issuerKeys.insertIssuerKey': async (db, w) => {
    const attempt = issuerKeys.insertIssuerKey(db, {
      organization_id: w.b.organization.id,
      issuer_id: w.issuer.id,
      type: 'Ed25519',
      public_key_multibase: 'z6MkThief',
      encrypted_secret_key: 'x',
      status: 'retired',
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'pathways.insertPathway': async (db, w) => {
    const attempt = pathways.insertPathway(db, {
      id: unique('pathway'),
      organization_id: w.b.organization.id,
      target_achievement_id: w.achievement.id,
      name: 'Stolen target',
      revocation_policy: 'keep',
      created_at: new Date(),
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'pathways.insertPathwayVersion': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    const attempt = pathways.insertPathwayVersion(db, {
      organization_id: w.b.organization.id,
      pathway_id: pathway.id,
      version: 7,
      requirements: {},
      achievement_ids: [],
      created_at: new Date(),
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'pathways.insertEnrollmentIfAbsent': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    const attempt = pathways.insertEnrollmentIfAbsent(db, {
      organization_id: w.b.organization.id,
      pathway_id: pathway.id,
      learner_id: w.b.learner.id,
      version: 1,
      started_at: new Date(),
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'pathways.insertAward': async (db, w) => {
    const pathway = await pathwayOfA(db, w);
    // A second learner of A, started but not awarded: only the organization is wrong.
    const other = await learners.insertLearner(db, { organization_id: w.organization.id, name: 'Other' });
    await pathways.insertEnrollmentIfAbsent(db, {
      organization_id: w.organization.id,
      pathway_id: pathway.id,
      learner_id: other.id,
      version: 1,
      started_at: new Date(),
    });
    const fresh = await buildCredential(db, w);
    const attempt = pathways.insertAward(db, {
      organization_id: w.b.organization.id,
      pathway_id: pathway.id,
      learner_id: other.id,
      credential_id: fresh.id,
      version: 1,
      awarded_at: new Date(),
      component_credential_ids: [],
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'learners.insertLearnerIdentifier': async (db, w) => {
    const attempt = learners.insertLearnerIdentifier(db, {
      organization_id: w.b.organization.id,
      learner_id: w.learner.id,
      type: 'external',
      value: unique('sis'),
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
};

/**
 * Functions that are not scoped by organization, on purpose, each with its reason. A new repository
 * function must be added to SCOPED (with a probe), CROSS_TENANT_INSERTS, or here.
 */
const ACCOUNT_SCOPED =
  'learner accounts span organizations: scoped by account id instead (test/integration/storage/account-isolation.test.ts)';

const NOT_TENANT_SCOPED: Record<string, string> = {
  'organizations.insertOrganization': 'creates a tenant',
  'organizations.findOrganization': 'the tenant itself',
  'organizations.findOrganizationBySlug': 'the tenant itself',
  'organizations.updateOrganization': 'the tenant itself',
  'users.insertUser': 'users are global; memberships tie them to organizations',
  'users.findUser': 'users are global',
  'users.findUserByEmail': 'sign-in',
  'users.updateUser': 'users are global',
  'memberships.insertMembership': 'names its organization; composite primary key',
  'memberships.listUserOrganizations': "the signed-in user's own organizations",
  'sessions.insertSession': 'sessions belong to users',
  'sessions.findLiveSession': 'sessions belong to users',
  'sessions.deleteSession': 'sessions belong to users',
  'sessions.deleteUserSessions': 'sessions belong to users',
  'sessions.deleteExpiredSessions': 'housekeeping',
  'apiKeys.insertApiKey': 'names its organization',
  'apiKeys.findActiveApiKeyByHash': 'authentication: the key tells which organization is asking',
  'auditLog.insertAuditEntry': 'names its organization',
  'images.insertImage': 'names its organization',
  'images.findPublicImage': 'public pages show published images',
  'achievements.findPublicAchievement': 'public achievement page /a/{id}; published ones only',
  'issuers.findPublicIssuerBySlug': 'public issuer page and did:web document',
  'issuerKeys.listPublicIssuerKeys': 'public did:web document; never selects the secret',
  'learners.insertLearner': 'names its organization',
  'learners.normalizeIdentifier': 'pure function',
  'credentials.findPublicCredential': 'public credential page /c/{id}',
  'credentials.credentialStatus': 'pure function',
  'pathways.findPublicPathway': 'public pathway page /p/{id}; active pathways only',
  'systemKeys.findSystemKey': "the installation's own keys (the VC-API conformance did:key): no organization",
  'systemKeys.insertSystemKey': "the installation's own keys: no organization",
  'accounts.insertLearnerAccount': ACCOUNT_SCOPED,
  'accounts.findLearnerAccount': ACCOUNT_SCOPED,
  'accounts.updateLearnerAccount': ACCOUNT_SCOPED,
  'accounts.deleteLearnerAccount': ACCOUNT_SCOPED,
  'accounts.insertAccountIdentity': ACCOUNT_SCOPED,
  'accounts.listAccountIdentities': ACCOUNT_SCOPED,
  'accounts.deleteAccountIdentity': ACCOUNT_SCOPED,
  'accounts.moveAccountBelongings': ACCOUNT_SCOPED,
  'accountTokens.insertAccountToken': ACCOUNT_SCOPED,
  'accountTokens.findAccountToken': ACCOUNT_SCOPED,
  'accountTokens.useAccountToken': ACCOUNT_SCOPED,
  'learnerSessions.insertLearnerSession': ACCOUNT_SCOPED,
  'learnerSessions.findLiveLearnerSession': ACCOUNT_SCOPED,
  'learnerSessions.deleteLearnerSession': ACCOUNT_SCOPED,
  'walletImports.insertWalletImport': ACCOUNT_SCOPED,
  'walletImports.listWalletImports': ACCOUNT_SCOPED,
  'walletImports.listWalletImportsPage': ACCOUNT_SCOPED,
  'walletImports.findWalletImport': ACCOUNT_SCOPED,
  'walletImports.deleteWalletImport': ACCOUNT_SCOPED,
  'walletImports.findWalletImportByCredentialId': ACCOUNT_SCOPED,
  'walletImports.replaceWalletImport': ACCOUNT_SCOPED,
  'obApiClients.insertObApiClient':
    'OAuth clients of the OB 3.0 API register themselves for the whole installation',
  'obApiClients.findObApiClient': 'OAuth clients of the OB 3.0 API belong to no organization',
  'obApiTokens.insertObApiCode': ACCOUNT_SCOPED,
  'obApiTokens.findObApiCode': 'the code (256 random bits, looked up by its hash) tells which account',
  'obApiTokens.useObApiCode': 'the code tells which account',
  'obApiTokens.insertObApiToken': ACCOUNT_SCOPED,
  'obApiTokens.findObApiTokenByHash':
    'the token (256 random bits, looked up by its hash) tells which account',
  'obApiTokens.revokeObApiToken': 'a token row found by its secret',
  'obApiTokens.revokeObApiGrant': 'the family of a code or token found by its secret',
  'obApiTokens.revokeAccountClientTokens': ACCOUNT_SCOPED,
  'obApiTokens.listAccountConnections': ACCOUNT_SCOPED,
  'accounts.normalizeAccountIdentity': 'pure function',
  'accounts.findAccountIdentity':
    'an identity belongs to one account in the whole installation: sign-in and merge look it up',
  'accounts.findLearnerAccountByHandle':
    'public portfolio /u/{handle}; shown only when the learner made it public',
  'accounts.findSubjectDidForEmail': "issuing in any organization names the DID the address's account chose",
  'walletCredentials.listAccountCredentials':
    "a wallet holds every organization's credentials to the account's verified identities",
  'walletCredentials.setCredentialVisibility':
    "the learner's choice; the service checks the credential is in their wallet",
  'mail.insertMailMessage': "names its organization (or none: the installation's own mail)",
  'mail.insertMailUnsubscribe': 'names its organization',
  'mail.listCredentialsExpiringBetween':
    "the installation's expiry-reminder sweep, across organizations; each reminder is written with its credential's own organization",
  'mail.insertExpiryReminder': "names its organization; the sweep writes the credential's own",
  'claimTokens.insertClaimToken': 'names its organization',
  'claimTokens.findClaimToken': 'the token (256 random bits) tells which organization and credential',
  'claimTokens.useClaimToken': 'the token tells which organization and credential',
};

const MODULES = {
  accounts,
  accountTokens,
  achievements,
  apiKeys,
  auditLog,
  credentials,
  images,
  issuerKeys,
  issuers,
  learners,
  mail,
  claimTokens,
  obApiClients,
  obApiTokens,
  memberships,
  organizations,
  pathways,
  sessions,
  systemKeys,
  users,
  walletCredentials,
  walletImports,
  learnerSessions,
};

test('every repository function is either tested for tenant isolation here or unscoped for a stated reason', () => {
  const exported = Object.entries(MODULES).flatMap(([module, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => `${module}.${name}`),
  );
  const accounted = new Set([
    ...Object.keys(SCOPED),
    ...Object.keys(CROSS_TENANT_INSERTS),
    ...Object.keys(NOT_TENANT_SCOPED),
  ]);
  expect(exported.filter((name) => !accounted.has(name))).toEqual([]);
  expect([...accounted].filter((name) => !exported.includes(name))).toEqual([]);
});

forEachDialect('tenant isolation', (ctx) => {
  let world: World;

  beforeAll(async () => {
    const a = await buildTenant(ctx.db);
    const b = await buildTenant(ctx.db);
    // buildTenant gives B an achievement and a learner too, with the same names as A's: a probe that
    // finds B's own rows tells them apart from A's by id.
    const user = await users.insertUser(ctx.db, {
      email: `${unique('u')}@example.org`,
      password_hash: 'x',
      name: 'U',
    });
    await memberships.insertMembership(ctx.db, {
      organization_id: a.organization.id,
      user_id: user.id,
      role: 'viewer',
    });
    const apiKey = await apiKeys.insertApiKey(ctx.db, {
      organization_id: a.organization.id,
      name: 'A key',
      role: 'admin',
      prefix: 'cairn_a',
      key_hash: unique('hash'),
    });
    const image = await images.insertImage(ctx.db, {
      organization_id: a.organization.id,
      media_type: 'image/png',
      bytes: new Uint8Array([137, 80, 78, 71]),
    });
    const issuerKey = await issuerKeys.insertIssuerKey(ctx.db, {
      organization_id: a.organization.id,
      issuer_id: a.issuer.id,
      type: 'Ed25519',
      public_key_multibase: 'z6MkA',
      encrypted_secret_key: 'secret-of-a',
    });
    const identifier = await learners.findLearnerIdentifier(ctx.db, a.organization.id, 'email', a.email);
    if (identifier === undefined) {
      throw new Error('buildTenant made no identifier');
    }
    const credential = await buildCredential(ctx.db, a, { idempotency_key: 'shared-key' });
    const auditEntry = await auditLog.insertAuditEntry(ctx.db, {
      organization_id: a.organization.id,
      actor_type: 'user',
      actor_id: user.id,
      action: 'credential.issue',
      target_type: 'credential',
      target_id: credential.id,
    });
    world = { ...a, b, userId: user.id, apiKey, image, issuerKey, identifier, credential, auditEntry };
  });

  describe('organization B sees and changes nothing of A through', () => {
    for (const [name, probe] of Object.entries(SCOPED)) {
      test(name, async () => {
        await probe(ctx.db, world);
      });
    }
  });

  describe('organization B cannot attach its rows to A’s through', () => {
    for (const [name, probe] of Object.entries(CROSS_TENANT_INSERTS)) {
      test(name, async () => {
        await probe(ctx.db, world);
      });
    }
  });

  test('and A still sees all of its own', async () => {
    const id = world.organization.id;
    expect(await credentials.findCredential(ctx.db, id, world.credential.id)).toEqual(world.credential);
    expect(await issuerKeys.findActiveIssuerKey(ctx.db, id, world.issuer.id)).toEqual(world.issuerKey);
    expect((await auditLog.listAuditEntries(ctx.db, id)).items).toEqual([world.auditEntry]);
  });
});
