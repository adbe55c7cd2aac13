import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { insertAchievement } from '../../../src/storage/achievements.repository.js';
import {
  credentialStatus,
  findCredential,
  findCredentialByIdempotencyKey,
  findPublicCredential,
  insertCredential,
  listCredentials,
  updateCredentialStatus,
} from '../../../src/storage/credentials.repository.js';
import { isUniqueViolation } from '../../../src/storage/errors.js';
import type { Page } from '../../../src/storage/pagination.js';
import { forEachDialect } from '../../support/databases.js';
import { buildCredential, buildTenant } from '../../support/factories.js';

/**
 * A signed credential as some other serializer might have written it: odd spacing and line breaks, keys
 * out of alphabetical order, a duplicate-looking key inside a string, escapes, and Unicode outside the
 * Basic Multilingual Plane. jsonb, or any parse-and-stringify, would change these bytes.
 */
const ODD_DOCUMENT = `{ "type" : [ "VerifiableCredential","OpenBadgeCredential" ],
\t"@context":["https://www.w3.org/ns/credentials/v2" ,"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "name":"Zoë’s \\u00e9t\\u00E9 badge — 🏔️ cairn 𝄞",   "id":"urn:uuid:00000000-0000-4000-8000-000000000000",
  "credentialSubject":{"z":1,"a":1.0,"big":12345678901234567890,"neg":-0.0,"e":1E3,"s":"\\"quoted\\" \\/ \\n"},
  "proof":{"proofValue":"z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKU1MNYxrcVNvGR5Ywd","type":"DataIntegrityProof"}
}
`;

forEachDialect('credentials repository', (ctx) => {
  test('the document comes back byte for byte as signed', async () => {
    const tenant = await buildTenant(ctx.db);
    const credential = await buildCredential(ctx.db, tenant, { document: ODD_DOCUMENT });
    expect(credential.document).toBe(ODD_DOCUMENT);
    const found = await findCredential(ctx.db, tenant.organization.id, credential.id);
    expect(found?.document).toBe(ODD_DOCUMENT);
    expect(Buffer.from(found?.document ?? '', 'utf8').equals(Buffer.from(ODD_DOCUMENT, 'utf8'))).toBe(true);
    expect((await findPublicCredential(ctx.db, credential.id))?.document).toBe(ODD_DOCUMENT);
    const listed = await listCredentials(ctx.db, tenant.organization.id);
    expect(listed.items[0]?.document).toBe(ODD_DOCUMENT);
  });

  test('insert and find: every column round-trips, timestamps canonical', async () => {
    const tenant = await buildTenant(ctx.db);
    const id = `urn:uuid:${randomUUID()}`;
    const credential = await insertCredential(ctx.db, {
      id,
      organization_id: tenant.organization.id,
      issuer_id: tenant.issuer.id,
      achievement_id: tenant.achievement.id,
      learner_id: tenant.learner.id,
      recipient_email: ' Ada@Example.ORG',
      recipient_did: 'did:key:z6MkAda',
      document: '{}',
      awarded_date: '2026-01-15T10:00:00+01:00',
      valid_from: new Date('2026-01-15T09:00:00Z'),
      valid_until: '2028-01-15T09:00:00Z',
      idempotency_key: 'row-17',
      created_at: '2026-01-15T09:00:00.123Z',
    });
    expect(credential).toEqual({
      id,
      organization_id: tenant.organization.id,
      issuer_id: tenant.issuer.id,
      achievement_id: tenant.achievement.id,
      learner_id: tenant.learner.id,
      recipient_email: 'ada@example.org',
      recipient_did: 'did:key:z6MkAda',
      status: 'active',
      status_reason: null,
      status_reason_public: 0,
      // The learner's privacy choice (0011): link-only until they choose.
      visibility: 'link',
      mail_locale: null,
      document: '{}',
      awarded_date: '2026-01-15T09:00:00.000Z',
      valid_from: '2026-01-15T09:00:00.000Z',
      valid_until: '2028-01-15T09:00:00.000Z',
      idempotency_key: 'row-17',
      created_at: '2026-01-15T09:00:00.123Z',
      updated_at: '2026-01-15T09:00:00.123Z',
    });
    expect(await findCredential(ctx.db, tenant.organization.id, id)).toEqual(credential);
    expect(await findCredentialByIdempotencyKey(ctx.db, tenant.organization.id, 'row-17')).toEqual(
      credential,
    );
    expect(await findCredentialByIdempotencyKey(ctx.db, tenant.organization.id, 'row-18')).toBeUndefined();
  });

  test('an idempotency key is unique within an organization, and free across organizations', async () => {
    const tenant = await buildTenant(ctx.db);
    const first = await buildCredential(ctx.db, tenant, { idempotency_key: 'batch-1:row-1' });
    const duplicate = await buildCredential(ctx.db, tenant, { idempotency_key: 'batch-1:row-1' }).catch(
      (error: unknown) => error,
    );
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(await findCredentialByIdempotencyKey(ctx.db, tenant.organization.id, 'batch-1:row-1')).toEqual(
      first,
    );
    // No key, many credentials.
    await buildCredential(ctx.db, tenant);
    await buildCredential(ctx.db, tenant);
    const other = await buildTenant(ctx.db);
    await buildCredential(ctx.db, other, { idempotency_key: 'batch-1:row-1' });
  });

  test('cursor pagination returns every row exactly once, newest first, across created_at ties', async () => {
    const tenant = await buildTenant(ctx.db);
    // 23 credentials over 5 distinct instants: most share a created_at with others.
    const instants = [0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4].map(
      (second) => `2026-02-01T00:00:0${second}.000Z`,
    );
    const made = [];
    for (const created_at of instants) {
      made.push(await buildCredential(ctx.db, tenant, { created_at }));
    }
    const expected = [...made]
      .sort((a, b) =>
        a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1,
      )
      .map((credential) => credential.id);

    for (const limit of [1, 2, 3, 5, 7, 22, 23, 24]) {
      const seen: string[] = [];
      let page: Page<{ id: string }> | undefined;
      let pages = 0;
      do {
        page = await listCredentials(
          ctx.db,
          tenant.organization.id,
          {},
          page?.next ? { limit, cursor: page.next } : { limit },
        );
        seen.push(...page.items.map((credential) => credential.id));
        pages++;
      } while (page.next !== null);
      expect(seen, `limit ${limit}`).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(instants.length / limit)));
    }
  });

  test('a page stays right when rows are added between requests', async () => {
    const tenant = await buildTenant(ctx.db);
    const old = [];
    for (let i = 0; i < 4; i++) {
      old.push(await buildCredential(ctx.db, tenant, { created_at: '2026-02-01T00:00:00.000Z' }));
    }
    const first = await listCredentials(ctx.db, tenant.organization.id, {}, { limit: 2 });
    await buildCredential(ctx.db, tenant, { created_at: '2026-02-02T00:00:00.000Z' });
    const second = await listCredentials(
      ctx.db,
      tenant.organization.id,
      {},
      { limit: 2, cursor: first.next ?? '' },
    );
    expect([...first.items, ...second.items].map((c) => c.id).sort()).toEqual(old.map((c) => c.id).sort());
    expect(second.next).toBeNull();
  });

  test('filters: e-mail, achievement, learner, status, issued dates; they combine', async () => {
    const tenant = await buildTenant(ctx.db);
    const certificate = await insertAchievement(ctx.db, {
      organization_id: tenant.organization.id,
      issuer_id: tenant.issuer.id,
      name: 'Certificate',
      achievement_type: 'Certificate',
      document: { name: 'Certificate' },
    });
    const a = await buildCredential(ctx.db, tenant, { created_at: '2026-01-01T00:00:00.000Z' });
    const b = await buildCredential(ctx.db, tenant, {
      created_at: '2026-02-01T00:00:00.000Z',
      achievement_id: certificate.id,
      valid_until: '2026-06-01T00:00:00.000Z',
    });
    const c = await buildCredential(ctx.db, tenant, {
      created_at: '2026-03-01T00:00:00.000Z',
      recipient_email: 'someone.else@example.org',
    });
    const d = await buildCredential(ctx.db, tenant, {
      created_at: '2026-04-01T00:00:00.000Z',
      achievement_id: certificate.id,
      valid_until: '2027-06-01T00:00:00.000Z',
    });
    await updateCredentialStatus(ctx.db, tenant.organization.id, c.id, 'revoked', {
      reason: 'Issued in error',
    });
    const e = await buildCredential(ctx.db, tenant, { created_at: '2026-05-01T00:00:00.000Z' });
    await updateCredentialStatus(ctx.db, tenant.organization.id, e.id, 'suspended');

    const ids = async (filters: Parameters<typeof listCredentials>[2]) =>
      (await listCredentials(ctx.db, tenant.organization.id, filters)).items.map(
        (credential) => credential.id,
      );
    const now = '2026-12-01T00:00:00.000Z';

    expect(await ids({ email: tenant.email.toUpperCase() })).toEqual([e.id, d.id, b.id, a.id]);
    expect(await ids({ email: 'SOMEONE.else@example.org' })).toEqual([c.id]);
    expect(await ids({ achievementId: certificate.id })).toEqual([d.id, b.id]);
    expect(await ids({ learnerId: tenant.learner.id })).toEqual([e.id, d.id, c.id, b.id, a.id]);
    expect(await ids({ status: 'revoked' })).toEqual([c.id]);
    expect(await ids({ status: 'suspended' })).toEqual([e.id]);
    expect(await ids({ status: 'expired', now })).toEqual([b.id]);
    expect(await ids({ status: 'active', now })).toEqual([d.id, a.id]);
    expect(await ids({ status: 'active', now: '2026-05-31T23:59:59.999Z' })).toEqual([d.id, b.id, a.id]);
    expect(await ids({ issuedAfter: '2026-02-01T00:00:00.000Z' })).toEqual([e.id, d.id, c.id, b.id]);
    expect(await ids({ issuedBefore: new Date('2026-02-01T00:00:00.000Z') })).toEqual([a.id]);
    expect(
      await ids({
        email: tenant.email,
        achievementId: certificate.id,
        status: 'active',
        now,
        issuedAfter: '2026-01-15T00:00:00Z',
        issuedBefore: '2026-12-31T00:00:00Z',
      }),
    ).toEqual([d.id]);

    const badCursor = await listCredentials(ctx.db, tenant.organization.id, {}, { cursor: 'garbage' }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(badCursor, 'INVALID_INPUT')).toBe(true);
    const badDate = await listCredentials(ctx.db, tenant.organization.id, { issuedAfter: 'yesterday' }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(badDate, 'INVALID_INPUT')).toBe(true);
  });

  test('updateCredentialStatus: revoke with a reason, suspend, unsuspend; expired is computed', async () => {
    const tenant = await buildTenant(ctx.db);
    const credential = await buildCredential(ctx.db, tenant, { valid_until: '2027-01-01T00:00:00.000Z' });
    const suspended = await updateCredentialStatus(
      ctx.db,
      tenant.organization.id,
      credential.id,
      'suspended',
      {
        reason: 'Under review',
        now: '2026-06-01T00:00:00.000Z',
      },
    );
    expect(suspended).toEqual({
      ...credential,
      status: 'suspended',
      status_reason: 'Under review',
      updated_at: '2026-06-01T00:00:00.000Z',
    });
    const active = await updateCredentialStatus(ctx.db, tenant.organization.id, credential.id, 'active');
    expect(active).toMatchObject({ status: 'active', status_reason: null });
    expect(credentialStatus(active ?? credential, '2026-12-31T23:59:59.999Z')).toBe('active');
    expect(credentialStatus(active ?? credential, '2027-01-01T00:00:00.000Z')).toBe('expired');
    const revoked = await updateCredentialStatus(ctx.db, tenant.organization.id, credential.id, 'revoked', {
      reason: 'Fraud',
    });
    expect(credentialStatus(revoked ?? credential, '2030-01-01T00:00:00.000Z')).toBe('revoked');
    expect(
      await updateCredentialStatus(ctx.db, tenant.organization.id, 'urn:uuid:missing', 'revoked'),
    ).toBeUndefined();
  });
});
