import { describe, expect, test } from 'vitest';
import {
  deleteDraftAchievement,
  findAchievement,
  findAchievementsByName,
  findPublicAchievement,
  insertAchievement,
  listAchievements,
  updateAchievement,
} from '../../../src/storage/achievements.repository.js';
import {
  findActiveApiKeyByHash,
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from '../../../src/storage/api-keys.repository.js';
import { insertAuditEntry, listAuditEntries } from '../../../src/storage/audit-log.repository.js';
import { isCheckViolation, isUniqueViolation } from '../../../src/storage/errors.js';
import {
  findImage,
  findImageBySha256,
  findPublicImage,
  insertImage,
} from '../../../src/storage/images.repository.js';
import {
  findActiveIssuerKey,
  findIssuerKey,
  insertIssuerKey,
  listIssuerKeys,
  listPublicIssuerKeys,
  retireIssuerKey,
} from '../../../src/storage/issuer-keys.repository.js';
import {
  findIssuer,
  findIssuerBySlug,
  findPublicIssuerBySlug,
  insertIssuer,
  listIssuers,
  updateIssuer,
} from '../../../src/storage/issuers.repository.js';
import {
  findLearner,
  findLearnerByIdentifier,
  findLearnerIdentifier,
  insertLearner,
  insertLearnerIdentifier,
  listLearnerIdentifiers,
  listLearners,
  setLearnerIdentifierVerified,
  updateLearnerName,
} from '../../../src/storage/learners.repository.js';
import {
  deleteMembership,
  findMembership,
  insertMembership,
  listMembers,
  listUserOrganizations,
  updateMembershipRole,
} from '../../../src/storage/memberships.repository.js';
import {
  findOrganization,
  findOrganizationBySlug,
  insertOrganization,
  updateOrganization,
} from '../../../src/storage/organizations.repository.js';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findLiveSession,
  insertSession,
} from '../../../src/storage/sessions.repository.js';
import { findSystemKey, insertSystemKey } from '../../../src/storage/system-keys.repository.js';
import { findUser, findUserByEmail, insertUser, updateUser } from '../../../src/storage/users.repository.js';
import { forEachDialect } from '../../support/databases.js';
import { buildTenant, unique } from '../../support/factories.js';

const T0 = '2026-03-01T12:00:00.000Z';

forEachDialect('repositories round-trip', (ctx) => {
  describe('organizations', () => {
    test('insert, find by id and slug, update; slugs are unique', async () => {
      const slug = unique('acme');
      const organization = await insertOrganization(ctx.db, { slug, name: 'Acme', created_at: T0 });
      expect(organization).toEqual({
        id: expect.any(String),
        slug,
        name: 'Acme',
        mail_locale: null,
        created_at: T0,
      });
      expect(await findOrganization(ctx.db, organization.id)).toEqual(organization);
      expect(await findOrganizationBySlug(ctx.db, slug)).toEqual(organization);
      expect(await updateOrganization(ctx.db, organization.id, { name: 'Acme Inc.' })).toEqual({
        ...organization,
        name: 'Acme Inc.',
      });
      expect(await updateOrganization(ctx.db, organization.id, {})).toMatchObject({ name: 'Acme Inc.' });
      expect(await findOrganization(ctx.db, 'missing')).toBeUndefined();
      const duplicate = await insertOrganization(ctx.db, { slug, name: 'Other' }).catch(
        (error: unknown) => error,
      );
      expect(isUniqueViolation(duplicate)).toBe(true);
    });
  });

  describe('users and memberships', () => {
    test('e-mail addresses are stored normalized and unique', async () => {
      const local = unique('Grace.Hopper');
      const user = await insertUser(ctx.db, {
        email: `  ${local}@Example.ORG `,
        password_hash: 'scrypt$x',
        name: 'Grace',
        created_at: T0,
      });
      expect(user.email).toBe(`${local.toLowerCase()}@example.org`);
      expect(await findUser(ctx.db, user.id)).toEqual(user);
      expect(await findUserByEmail(ctx.db, `${local.toUpperCase()}@EXAMPLE.org`)).toEqual(user);
      const again = await insertUser(ctx.db, {
        email: `${local.toLowerCase()}@example.org`,
        password_hash: 'x',
        name: 'Again',
      }).catch((error: unknown) => error);
      expect(isUniqueViolation(again)).toBe(true);
      const updated = await updateUser(ctx.db, user.id, {
        email: `New-${local}@example.org`,
        name: 'G. Hopper',
      });
      expect(updated).toMatchObject({ email: `new-${local.toLowerCase()}@example.org`, name: 'G. Hopper' });
    });

    test('memberships: roles per organization, listed both ways, roles checked', async () => {
      const first = await insertOrganization(ctx.db, { slug: unique('m1'), name: 'B first' });
      const second = await insertOrganization(ctx.db, { slug: unique('m2'), name: 'A second' });
      const user = await insertUser(ctx.db, {
        email: `${unique('m')}@example.org`,
        password_hash: 'x',
        name: 'M',
      });
      const owner = await insertMembership(ctx.db, {
        organization_id: first.id,
        user_id: user.id,
        role: 'owner',
        created_at: T0,
      });
      expect(owner).toEqual({ organization_id: first.id, user_id: user.id, role: 'owner', created_at: T0 });
      await insertMembership(ctx.db, { organization_id: second.id, user_id: user.id, role: 'viewer' });
      expect(await findMembership(ctx.db, first.id, user.id)).toEqual(owner);
      expect(await listMembers(ctx.db, first.id)).toEqual([{ ...owner, email: user.email, name: 'M' }]);
      const organizations = await listUserOrganizations(ctx.db, user.id);
      expect(organizations.map((o) => [o.organization_name, o.role])).toEqual([
        ['A second', 'viewer'],
        ['B first', 'owner'],
      ]);
      expect(await updateMembershipRole(ctx.db, second.id, user.id, 'issuer')).toMatchObject({
        role: 'issuer',
      });
      const badRole = await ctx.db
        .insertInto('memberships')
        .values({ organization_id: second.id, user_id: user.id, role: 'root' as 'owner', created_at: T0 })
        .execute()
        .catch((error: unknown) => error);
      expect(isCheckViolation(badRole) || isUniqueViolation(badRole)).toBe(true);
      expect(await deleteMembership(ctx.db, second.id, user.id)).toBe(true);
      expect(await deleteMembership(ctx.db, second.id, user.id)).toBe(false);
      expect(await findMembership(ctx.db, second.id, user.id)).toBeUndefined();
    });

    test('a role outside owner, admin, issuer, viewer is refused by the database', async () => {
      const organization = await insertOrganization(ctx.db, { slug: unique('r'), name: 'R' });
      const user = await insertUser(ctx.db, {
        email: `${unique('r')}@example.org`,
        password_hash: 'x',
        name: 'R',
      });
      const error = await insertMembership(ctx.db, {
        organization_id: organization.id,
        user_id: user.id,
        role: 'superuser' as 'owner',
      }).catch((caught: unknown) => caught);
      expect(isCheckViolation(error)).toBe(true);
    });
  });

  describe('sessions', () => {
    test('live until they expire; deleted one by one, per user, or when expired', async () => {
      const user = await insertUser(ctx.db, {
        email: `${unique('s')}@example.org`,
        password_hash: 'x',
        name: 'S',
      });
      const session = await insertSession(ctx.db, {
        id: unique('hash'),
        user_id: user.id,
        csrf_token_hash: 'csrf',
        expires_at: '2026-03-02T12:00:00.000Z',
        created_at: T0,
      });
      expect(session).toEqual({
        id: session.id,
        user_id: user.id,
        csrf_token_hash: 'csrf',
        expires_at: '2026-03-02T12:00:00.000Z',
        created_at: T0,
      });
      expect(await findLiveSession(ctx.db, session.id, '2026-03-02T11:59:59.999Z')).toEqual(session);
      expect(await findLiveSession(ctx.db, session.id, '2026-03-02T12:00:00.000Z')).toBeUndefined();
      const other = await insertSession(ctx.db, {
        id: unique('hash'),
        user_id: user.id,
        expires_at: new Date(0),
      });
      expect(other.csrf_token_hash).toBeNull();
      expect(await deleteExpiredSessions(ctx.db, '2000-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
      expect(await findLiveSession(ctx.db, other.id, new Date(-1))).toBeUndefined();
      expect(await deleteSession(ctx.db, session.id)).toBe(true);
      await insertSession(ctx.db, {
        id: unique('hash'),
        user_id: user.id,
        expires_at: '2099-01-01T00:00:00Z',
      });
      expect(await deleteUserSessions(ctx.db, user.id)).toBe(1);
    });
  });

  describe('api keys', () => {
    test('found by hash while unrevoked; touched; revoked once', async () => {
      const { organization } = await buildTenant(ctx.db);
      const keyHash = unique('sha256');
      const key = await insertApiKey(ctx.db, {
        organization_id: organization.id,
        name: 'LMS',
        role: 'issuer',
        prefix: 'cairn_ab12',
        key_hash: keyHash,
        created_at: T0,
      });
      expect(key).toEqual({
        id: key.id,
        organization_id: organization.id,
        name: 'LMS',
        role: 'issuer',
        prefix: 'cairn_ab12',
        key_hash: keyHash,
        created_at: T0,
        last_used_at: null,
        revoked_at: null,
      });
      expect(await findActiveApiKeyByHash(ctx.db, keyHash)).toEqual(key);
      await touchApiKey(ctx.db, organization.id, key.id, '2026-03-01T13:00:00.000Z');
      expect(await findApiKey(ctx.db, organization.id, key.id)).toMatchObject({
        last_used_at: '2026-03-01T13:00:00.000Z',
      });
      const revoked = await revokeApiKey(ctx.db, organization.id, key.id, '2026-03-01T14:00:00.000Z');
      expect(revoked?.revoked_at).toBe('2026-03-01T14:00:00.000Z');
      expect((await revokeApiKey(ctx.db, organization.id, key.id))?.revoked_at).toBe(
        '2026-03-01T14:00:00.000Z',
      );
      expect(await findActiveApiKeyByHash(ctx.db, keyHash)).toBeUndefined();
      expect((await listApiKeys(ctx.db, organization.id)).map((k) => k.id)).toEqual([key.id]);
      const duplicate = await insertApiKey(ctx.db, {
        organization_id: organization.id,
        name: 'again',
        role: 'viewer',
        prefix: 'x',
        key_hash: keyHash,
      }).catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
    });
  });

  describe('audit log', () => {
    test('details round-trip as JSON; filtered and paged newest first', async () => {
      const { organization } = await buildTenant(ctx.db);
      const details = {
        reason: 'Issued in error',
        nested: { list: [1, 'two', null, true] },
        unicode: 'Zoë ✓',
      };
      const entry = await insertAuditEntry(ctx.db, {
        organization_id: organization.id,
        actor_type: 'api_key',
        actor_id: 'key-1',
        action: 'credential.revoke',
        target_type: 'credential',
        target_id: 'c-1',
        details,
        ip: '203.0.113.7',
        user_agent: 'curl/8',
        created_at: T0,
      });
      expect(entry).toEqual({
        id: entry.id,
        organization_id: organization.id,
        actor_type: 'api_key',
        actor_id: 'key-1',
        action: 'credential.revoke',
        target_type: 'credential',
        target_id: 'c-1',
        details,
        ip: '203.0.113.7',
        user_agent: 'curl/8',
        created_at: T0,
      });
      const system = await insertAuditEntry(ctx.db, {
        organization_id: organization.id,
        actor_type: 'system',
        action: 'credential.expire',
        created_at: '2026-03-01T12:00:01.000Z',
      });
      expect(system).toMatchObject({ actor_id: null, details: null, ip: null });
      const all = await listAuditEntries(ctx.db, organization.id);
      expect(all.items.map((e) => e.id)).toEqual([system.id, entry.id]);
      const revokes = await listAuditEntries(ctx.db, organization.id, { action: 'credential.revoke' });
      expect(revokes.items).toEqual([entry]);
      const byTarget = await listAuditEntries(ctx.db, organization.id, {
        targetType: 'credential',
        targetId: 'c-1',
      });
      expect(byTarget.items).toEqual([entry]);
      const first = await listAuditEntries(ctx.db, organization.id, {}, { limit: 1 });
      expect(first.items).toEqual([system]);
      const second = await listAuditEntries(
        ctx.db,
        organization.id,
        {},
        { limit: 1, cursor: first.next ?? '' },
      );
      expect(second).toEqual({ items: [entry], next: null });
    });
  });

  describe('images', () => {
    test('bytes round-trip exactly, with their SHA-256', async () => {
      const { organization } = await buildTenant(ctx.db);
      const bytes = new Uint8Array(256).map((_, i) => i);
      const image = await insertImage(ctx.db, {
        organization_id: organization.id,
        media_type: 'image/png',
        bytes: bytes.subarray(1),
      });
      expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
      const found = await findImage(ctx.db, organization.id, image.id);
      expect(Buffer.from(found?.bytes ?? [])).toEqual(Buffer.from(bytes.subarray(1)));
      expect(found?.media_type).toBe('image/png');
      expect((await findPublicImage(ctx.db, image.id))?.sha256).toBe(image.sha256);
    });

    test('the earliest image with the same bytes and media type is found by its SHA-256', async () => {
      const { organization } = await buildTenant(ctx.db);
      const bytes = new TextEncoder().encode(unique('same bytes'));
      const first = await insertImage(ctx.db, {
        organization_id: organization.id,
        media_type: 'image/svg+xml',
        bytes,
        created_at: T0,
      });
      await insertImage(ctx.db, { organization_id: organization.id, media_type: 'image/svg+xml', bytes });
      expect(await findImageBySha256(ctx.db, organization.id, first.sha256, 'image/svg+xml')).toEqual(first);
      expect(await findImageBySha256(ctx.db, organization.id, first.sha256, 'image/png')).toBeUndefined();
    });
  });

  describe('issuers and keys', () => {
    test('issuer profile: insert, find by id and slug, list, update; slugs unique across organizations', async () => {
      const { organization } = await buildTenant(ctx.db);
      const logo = await insertImage(ctx.db, {
        organization_id: organization.id,
        media_type: 'image/svg+xml',
        bytes: new TextEncoder().encode('<svg/>'),
      });
      const slug = unique('engineering');
      const issuer = await insertIssuer(ctx.db, {
        organization_id: organization.id,
        slug,
        name: 'School of Engineering',
        url: 'https://example.org/eng',
        email: 'eng@example.org',
        description: 'Builds things',
        image_id: logo.id,
        created_at: T0,
      });
      expect(issuer).toEqual({
        id: issuer.id,
        organization_id: organization.id,
        slug,
        name: 'School of Engineering',
        url: 'https://example.org/eng',
        email: 'eng@example.org',
        description: 'Builds things',
        image_id: logo.id,
        suspension_enabled: 0,
        linkedin_organization_id: null,
        created_at: T0,
        updated_at: T0,
      });
      expect(await findIssuer(ctx.db, organization.id, issuer.id)).toEqual(issuer);
      expect(await findIssuerBySlug(ctx.db, organization.id, slug)).toEqual(issuer);
      expect(await findPublicIssuerBySlug(ctx.db, slug)).toEqual(issuer);
      expect((await listIssuers(ctx.db, organization.id)).map((i) => i.name)).toEqual([
        'Department of Examples',
        'School of Engineering',
      ]);
      const updated = await updateIssuer(
        ctx.db,
        organization.id,
        issuer.id,
        { description: null, name: 'Engineering' },
        '2026-03-02T00:00:00.000Z',
      );
      expect(updated).toEqual({
        ...issuer,
        description: null,
        name: 'Engineering',
        updated_at: '2026-03-02T00:00:00.000Z',
      });
      const other = await buildTenant(ctx.db);
      const taken = await insertIssuer(ctx.db, {
        organization_id: other.organization.id,
        slug,
        name: 'Copy',
      }).catch((error: unknown) => error);
      expect(isUniqueViolation(taken)).toBe(true);
    });

    test('keys: one active per issuer; rotation retires the old one, which stays published', async () => {
      const { organization, issuer } = await buildTenant(ctx.db);
      const first = await insertIssuerKey(ctx.db, {
        organization_id: organization.id,
        issuer_id: issuer.id,
        type: 'Ed25519',
        public_key_multibase: 'z6MkFirst',
        encrypted_secret_key: 'v1.iv.ciphertext.tag',
        created_at: T0,
      });
      expect(first).toEqual({
        id: first.id,
        issuer_id: issuer.id,
        organization_id: organization.id,
        type: 'Ed25519',
        public_key_multibase: 'z6MkFirst',
        encrypted_secret_key: 'v1.iv.ciphertext.tag',
        status: 'active',
        created_at: T0,
        retired_at: null,
      });
      const second = {
        organization_id: organization.id,
        issuer_id: issuer.id,
        type: 'Ed25519',
        public_key_multibase: 'z6MkSecond',
        encrypted_secret_key: 'v1.x.y.z',
        created_at: '2026-03-01T12:00:01.000Z',
      };
      const twoActive = await insertIssuerKey(ctx.db, second).catch((error: unknown) => error);
      expect(isUniqueViolation(twoActive)).toBe(true);

      const retired = await retireIssuerKey(ctx.db, organization.id, first.id, '2026-03-01T12:00:01.000Z');
      expect(retired).toMatchObject({ status: 'retired', retired_at: '2026-03-01T12:00:01.000Z' });
      const current = await insertIssuerKey(ctx.db, second);
      expect(await findActiveIssuerKey(ctx.db, organization.id, issuer.id)).toEqual(current);
      expect(await findIssuerKey(ctx.db, organization.id, first.id)).toEqual(retired);
      expect((await listIssuerKeys(ctx.db, organization.id, issuer.id)).map((k) => k.id)).toEqual([
        first.id,
        current.id,
      ]);
      const published = await listPublicIssuerKeys(ctx.db, issuer.id);
      expect(published.map((k) => [k.public_key_multibase, k.status])).toEqual([
        ['z6MkFirst', 'retired'],
        ['z6MkSecond', 'active'],
      ]);
      for (const key of published) {
        expect(Object.keys(key).sort()).toEqual(
          ['created_at', 'id', 'issuer_id', 'public_key_multibase', 'retired_at', 'status', 'type'].sort(),
        );
      }
    });
  });

  describe('achievements', () => {
    test('the document round-trips; find by name; filter, page and update', async () => {
      const { organization, issuer, achievement: existing } = await buildTenant(ctx.db);
      const document = {
        name: 'Course Certificate',
        description: 'All four units',
        criteria: { narrative: 'Earn units 1–4', id: 'https://example.org/criteria' },
        alignment: [
          { targetName: 'ESCO skill', targetUrl: 'https://esco.example/1', targetType: 'ext:ESCO' },
        ],
        tag: ['course', 'certificate'],
        creditsAvailable: 7.5,
        inLanguage: 'en',
      };
      const achievement = await insertAchievement(ctx.db, {
        organization_id: organization.id,
        issuer_id: issuer.id,
        name: 'Course Certificate',
        achievement_type: 'Certificate',
        document,
        validity_months: 24,
        created_at: T0,
      });
      expect(achievement).toEqual({
        id: achievement.id,
        organization_id: organization.id,
        issuer_id: issuer.id,
        status: 'draft',
        name: 'Course Certificate',
        achievement_type: 'Certificate',
        document,
        image_id: null,
        validity_months: 24,
        created_at: T0,
        updated_at: T0,
      });
      expect(await findAchievement(ctx.db, organization.id, achievement.id)).toEqual(achievement);
      expect(await findAchievementsByName(ctx.db, organization.id, 'Course Certificate')).toEqual([
        achievement,
      ]);
      const drafts = await listAchievements(ctx.db, organization.id, { status: 'draft' });
      expect(drafts).toEqual({ items: [achievement], next: null });
      const byIssuer = await listAchievements(ctx.db, organization.id, { issuerId: issuer.id }, { limit: 1 });
      expect(byIssuer.items).toHaveLength(1);
      const rest = await listAchievements(
        ctx.db,
        organization.id,
        { issuerId: issuer.id },
        { cursor: byIssuer.next ?? '' },
      );
      expect([...byIssuer.items, ...rest.items].map((a) => a.id).sort()).toEqual(
        [existing.id, achievement.id].sort(),
      );

      const updated = await updateAchievement(
        ctx.db,
        organization.id,
        achievement.id,
        { status: 'active', document: { ...document, version: '2' }, validity_months: null },
        '2026-03-05T00:00:00.000Z',
      );
      expect(updated).toEqual({
        ...achievement,
        status: 'active',
        document: { ...document, version: '2' },
        validity_months: null,
        updated_at: '2026-03-05T00:00:00.000Z',
      });
    });

    test('name search: any case, anywhere in the name, wildcards taken literally', async () => {
      const { organization, issuer } = await buildTenant(ctx.db);
      const make = (name: string) =>
        insertAchievement(ctx.db, {
          organization_id: organization.id,
          issuer_id: issuer.id,
          name,
          achievement_type: 'Badge',
          document: { name },
        });
      const git = await make('Introduction to GIT');
      const percent = await make('100% attendance');
      const underscore = await make('snake_case');
      const backslash = await make('back\\slash');
      const search = async (text: string) =>
        (await listAchievements(ctx.db, organization.id, { nameContains: text })).items.map((a) => a.id);
      expect(await search('git')).toEqual([git.id]);
      expect(await search('TO g')).toEqual([git.id]);
      expect(await search('%')).toEqual([percent.id]);
      expect(await search('_')).toEqual([underscore.id]);
      expect(await search('\\')).toEqual([backslash.id]);
      expect(await search('nothing like it')).toEqual([]);
      expect((await search('')).length).toBe(5); // with buildTenant's own achievement
    });

    test('public lookup shows active and archived achievements, never drafts; only drafts can be deleted', async () => {
      const { organization, issuer, achievement } = await buildTenant(ctx.db);
      const draft = await insertAchievement(ctx.db, {
        organization_id: organization.id,
        issuer_id: issuer.id,
        name: 'Draft',
        achievement_type: 'Badge',
        document: {},
      });
      expect(await findPublicAchievement(ctx.db, achievement.id)).toEqual(achievement);
      expect(await findPublicAchievement(ctx.db, draft.id)).toBeUndefined();
      const archived = await updateAchievement(ctx.db, organization.id, achievement.id, {
        status: 'archived',
      });
      expect(await findPublicAchievement(ctx.db, achievement.id)).toEqual(archived);

      expect(await deleteDraftAchievement(ctx.db, organization.id, achievement.id)).toBe(false);
      expect(await findAchievement(ctx.db, organization.id, achievement.id)).toBeDefined();
      expect(await deleteDraftAchievement(ctx.db, organization.id, draft.id)).toBe(true);
      expect(await findAchievement(ctx.db, organization.id, draft.id)).toBeUndefined();
      expect(await deleteDraftAchievement(ctx.db, organization.id, draft.id)).toBe(false);
    });
  });

  describe('learners', () => {
    test('identifiers: normalized, unique per organization, verified as a boolean', async () => {
      const { organization, learner } = await buildTenant(ctx.db);
      const local = unique('Zoë');
      const identifier = await insertLearnerIdentifier(ctx.db, {
        organization_id: organization.id,
        learner_id: learner.id,
        type: 'email',
        value: ` ${local}@Example.org`,
        verified: true,
        created_at: T0,
      });
      expect(identifier).toEqual({
        id: identifier.id,
        organization_id: organization.id,
        learner_id: learner.id,
        type: 'email',
        value: `${local.toLowerCase()}@example.org`,
        verified: true,
        created_at: T0,
      });
      const did = await insertLearnerIdentifier(ctx.db, {
        organization_id: organization.id,
        learner_id: learner.id,
        type: 'did',
        value: 'did:key:z6MkLearner',
      });
      expect(did.verified).toBe(false);
      expect(
        await findLearnerIdentifier(ctx.db, organization.id, 'email', `${local.toUpperCase()}@EXAMPLE.ORG`),
      ).toEqual(identifier);
      expect(await findLearnerByIdentifier(ctx.db, organization.id, 'did', 'did:key:z6MkLearner')).toEqual(
        learner,
      );
      const identifiers = await listLearnerIdentifiers(ctx.db, organization.id, learner.id);
      expect(identifiers.map((i) => i.type)).toEqual(['email', 'email', 'did']);
      expect(await setLearnerIdentifierVerified(ctx.db, organization.id, did.id, true)).toEqual({
        ...did,
        verified: true,
      });

      const other = await insertLearner(ctx.db, { organization_id: organization.id });
      expect(other.name).toBeNull();
      const taken = await insertLearnerIdentifier(ctx.db, {
        organization_id: organization.id,
        learner_id: other.id,
        type: 'email',
        value: `${local}@example.org`,
      }).catch((error: unknown) => error);
      expect(isUniqueViolation(taken)).toBe(true);
      // Another organization may know the same address.
      const elsewhere = await buildTenant(ctx.db);
      await insertLearnerIdentifier(ctx.db, {
        organization_id: elsewhere.organization.id,
        learner_id: elsewhere.learner.id,
        type: 'email',
        value: `${local}@example.org`,
      });
    });

    test('learners: find, rename, list in pages', async () => {
      const { organization, learner } = await buildTenant(ctx.db);
      expect(await findLearner(ctx.db, organization.id, learner.id)).toEqual(learner);
      expect(await updateLearnerName(ctx.db, organization.id, learner.id, 'Countess Lovelace')).toEqual({
        ...learner,
        name: 'Countess Lovelace',
      });
      const more = [];
      for (let i = 0; i < 3; i++) {
        more.push(await insertLearner(ctx.db, { organization_id: organization.id, created_at: T0 }));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listLearners(ctx.db, organization.id, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((l) => l.id));
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      expect(seen.sort()).toEqual([learner.id, ...more.map((l) => l.id)].sort());
    });
  });

  describe('system keys', () => {
    test('insert, find by name; a second key of the same name is a unique violation', async () => {
      const name = unique('system-key');
      expect(await findSystemKey(ctx.db, name)).toBeUndefined();
      const values = {
        name,
        type: 'Ed25519',
        public_key_multibase: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
        encrypted_secret_key: 'v1.iv.sealed',
      };
      const key = await insertSystemKey(ctx.db, { ...values, created_at: T0 });
      expect(key).toEqual({ ...values, created_at: T0 });
      expect(await findSystemKey(ctx.db, name)).toEqual(key);
      const again = await insertSystemKey(ctx.db, values).catch((error: unknown) => error);
      expect(isUniqueViolation(again)).toBe(true);
    });
  });
});
