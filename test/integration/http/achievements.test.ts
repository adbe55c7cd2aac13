/**
 * The achievements API over HTTP on both databases: the full OB 3.0 Achievement round trip (and that a
 * credential embedding it signs and verifies), field-naming validation errors, the draft / active /
 * archived life cycle and the public URI, tenant isolation, roles and pagination.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAchievementCredential } from '../../../src/core/credentials/build-achievement-credential.js';
import { buildProfile } from '../../../src/core/credentials/build-profile.js';
import type { Achievement } from '../../../src/core/credentials/types.js';
import { validateCredential } from '../../../src/core/credentials/validate-credential.js';
import { achievementDocument, achievementValidUntil } from '../../../src/services/achievements.js';
import { findAchievement } from '../../../src/storage/achievements.repository.js';
import { forEachServer, TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { makePng } from '../../support/png-fixtures.js';
import { newKeyPair, signAs, verifyOffline } from '../../support/signing.js';

type Org = Awaited<ReturnType<TestServer['newOrganization']>> & {
  issuerId: string;
  viewerKey: string;
  issuerKey: string;
};

/** An organization with an issuer profile, and API keys with the viewer and issuer roles. */
async function newOrg(server: TestServer): Promise<Org> {
  const org = await server.newOrganization();
  const issuer = await server.request({
    method: 'POST',
    url: '/api/v1/issuers',
    key: org.apiKey,
    payload: { name: 'Faculty of Examples', slug: `fac-${randomUUID().slice(0, 8)}` },
  });
  expect(issuer.statusCode).toBe(201);
  const key = async (role: string) => {
    const created = await server.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      key: org.apiKey,
      payload: { name: role, role },
    });
    return created.json().key as string;
  };
  return {
    ...org,
    issuerId: issuer.json().id,
    viewerKey: await key('viewer'),
    issuerKey: await key('issuer'),
  };
}

async function uploadPng(server: TestServer, key: string): Promise<string> {
  const upload = await server.request({
    method: 'POST',
    url: '/api/v1/images',
    key,
    headers: { 'content-type': 'image/png' },
    payload: Buffer.from(makePng()),
  });
  expect(upload.statusCode).toBeLessThan(300);
  return upload.json().id;
}

const minimal = (issuerId: string, name = 'Unit 1: Version control') => ({
  issuerId,
  name,
  description: 'Can branch, merge and rebase.',
  criteria: { narrative: 'Pass the lab.' },
});

const everyField = (issuerId: string, imageId: string) => ({
  issuerId,
  imageId,
  imageCaption: 'A hexagonal badge with a branch',
  validityMonths: 24,
  status: 'active',
  name: 'Introduction to Git',
  description: 'Can create, branch and merge a Git repository.',
  criteria: { id: 'https://example.edu/git/criteria', narrative: '1. Complete the labs.\n2. Pass the quiz.' },
  achievementType: 'MicroCredential',
  alignment: [
    {
      targetName: 'Use version control',
      targetUrl: 'https://esco.example/skill/1234',
      targetCode: 'S1.2.3',
      targetDescription: 'Manage source code versions',
      targetFramework: 'ESCO',
      targetType: 'ext:ESCOSkill',
    },
  ],
  tag: ['git', 'software'],
  resultDescription: [
    {
      id: 'https://example.edu/git/results/grade',
      name: 'Final grade',
      resultType: 'RubricCriterionLevel',
      requiredLevel: 'https://example.edu/git/levels/pass',
      rubricCriterionLevel: [
        { id: 'https://example.edu/git/levels/pass', name: 'Pass', points: '50' },
        { id: 'https://example.edu/git/levels/merit', name: 'Merit', points: '75', level: 'B' },
      ],
      alignment: [{ targetName: 'Git', targetUrl: 'https://esco.example/skill/1234' }],
    },
    { name: 'Score', resultType: 'Percent', valueMin: '0', valueMax: '100' },
    { name: 'Status', resultType: 'Status' },
  ],
  creditsAvailable: 1.5,
  fieldOfStudy: 'Computer Science',
  inLanguage: 'en-GB',
  version: '2026.1',
  humanCode: 'GIT-101',
  specialization: 'Software tools',
  otherIdentifier: [
    { identifier: 'GIT101', identifierType: 'ext:CourseCode' },
    { identifier: 'urn:isbn:0-123', identifierType: 'isbn' },
  ],
  related: [{ id: 'https://example.edu/git-fr', inLanguage: 'fr', version: '2026.1' }],
});

forEachServer('achievements API', (server) => {
  it('creates an achievement with every optional field, reads it back, and it signs and verifies in a credential', async () => {
    const s = server();
    const org = await newOrg(s);
    const imageId = await uploadPng(s, org.issuerKey);
    const input = everyField(org.issuerId, imageId);
    const created = await s.request({
      method: 'POST',
      url: '/api/v1/achievements',
      key: org.issuerKey,
      payload: input,
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    const url = `${TEST_PUBLIC_URL}/a/${body.id}`;
    expect(body).toMatchObject({
      url,
      name: input.name,
      achievementType: 'MicroCredential',
      status: 'active',
      issuerId: org.issuerId,
      imageId,
      validityMonths: 24,
    });
    expect(body.createdAt).toBe(body.updatedAt);
    const achievement = body.achievement as Achievement;
    expect(achievement).toMatchObject({
      id: url,
      type: ['Achievement'],
      name: input.name,
      description: input.description,
      criteria: input.criteria,
      achievementType: 'MicroCredential',
      image: { id: `${TEST_PUBLIC_URL}/images/${imageId}`, type: 'Image', caption: input.imageCaption },
      alignment: [{ type: ['Alignment'], ...input.alignment[0] }],
      tag: input.tag,
      creditsAvailable: 1.5,
      fieldOfStudy: 'Computer Science',
      inLanguage: 'en-GB',
      version: '2026.1',
      humanCode: 'GIT-101',
      specialization: 'Software tools',
      otherIdentifier: input.otherIdentifier.map((entry) => ({ type: 'IdentifierEntry', ...entry })),
      related: [{ type: ['Related'], ...input.related[0] }],
    });
    const [grade, score, status] = achievement.resultDescription ?? [];
    expect(grade).toMatchObject({
      id: 'https://example.edu/git/results/grade',
      type: ['ResultDescription'],
      requiredLevel: 'https://example.edu/git/levels/pass',
      rubricCriterionLevel: [
        {
          id: 'https://example.edu/git/levels/pass',
          type: ['RubricCriterionLevel'],
          name: 'Pass',
          points: '50',
        },
        {
          id: 'https://example.edu/git/levels/merit',
          type: ['RubricCriterionLevel'],
          name: 'Merit',
          level: 'B',
        },
      ],
    });
    // Ids were made for the result descriptions that had none, and they stay put.
    expect(score?.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(status?.id).toMatch(/^urn:uuid:/);

    const read = await s.request({
      method: 'GET',
      url: `/api/v1/achievements/${body.id}`,
      key: org.viewerKey,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const row = await findAchievement(s.ctx.db, org.organization.id, body.id);
    expect(row && achievementDocument(s.ctx, row)).toEqual(achievement);
    expect(row && achievementValidUntil(row, new Date('2026-01-31T10:00:00Z'))).toEqual(
      new Date('2028-01-31T10:00:00Z'),
    );

    // The OB Achievement is valid: a credential embedding it passes the OB schema, signs (JSON-LD safe
    // mode: every term defined) and verifies.
    const keyPair = await newKeyPair();
    const credential = buildAchievementCredential({
      id: `urn:uuid:${randomUUID()}`,
      issuer: buildProfile({ id: keyPair.controller, name: 'Faculty of Examples' }),
      validFrom: '2026-11-01T10:00:00Z',
      credentialSubject: {
        recipient: { email: 'ada@example.org', salt: 'pepper' },
        achievement,
        result: [{ resultDescription: status?.id ?? '', status: 'Completed' }],
      },
    });
    expect(validateCredential(credential, { mode: 'issue' })).toMatchObject({ valid: true });
    const signed = await signAs(credential as unknown as Record<string, unknown>, keyPair);
    const report = await verifyOffline(signed, { now: new Date('2026-11-02T00:00:00Z') });
    expect(report.verified).toBe(true);

    const log = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('organization_id', '=', org.organization.id)
      .where('target_type', '=', 'achievement')
      .execute();
    expect(log).toEqual([{ action: 'achievement.create', target_id: body.id }]);
  });

  it('a credential issued over HTTP embeds the achievement exactly as /a/{id} serves it, and expires by its policy', async () => {
    const s = server();
    const org = await newOrg(s);
    const imageId = await uploadPng(s, org.issuerKey);
    const { achievementType: _type, ...withoutType } = everyField(org.issuerId, imageId);
    const created = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload: withoutType,
      })
    ).json();
    const issued = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: org.issuerKey,
      payload: {
        achievementId: created.id,
        recipient: { email: 'ada@example.org' },
        validFrom: '2026-01-31T10:00:00Z',
      },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const credential = issued.json().credential;
    const { '@context': _context, ...served } = (
      await s.request({ method: 'GET', url: `/a/${created.id}.json` })
    ).json();
    expect(credential.credentialSubject.achievement).toEqual(served);
    expect(served.achievementType).toBe('Badge');
    expect(served.image.caption).toBe('A hexagonal badge with a branch');
    expect(credential.validUntil).toBe('2028-01-31T10:00:00Z');
  });

  it('keeps the minimum minimal: a Badge, a draft, no image, no expiry', async () => {
    const s = server();
    const org = await newOrg(s);
    const created = await s.request({
      method: 'POST',
      url: '/api/v1/achievements',
      key: org.apiKey,
      payload: minimal(org.issuerId),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'draft',
      achievementType: 'Badge',
      imageId: null,
      validityMonths: null,
      achievement: {
        type: ['Achievement'],
        achievementType: 'Badge',
        criteria: { narrative: 'Pass the lab.' },
      },
    });
    expect(created.json().achievement).not.toHaveProperty('image');
  });

  describe('validation errors are problem+json naming the field', () => {
    const cases: [string, (issuerId: string) => Record<string, unknown>, string, number?][] = [
      ['a missing name', (i) => ({ ...minimal(i), name: undefined }), 'name'],
      ['a blank description', (i) => ({ ...minimal(i), description: '   ' }), 'description'],
      ['criteria with neither narrative nor id', (i) => ({ ...minimal(i), criteria: {} }), 'criteria'],
      [
        'a criteria id that is not a URI',
        (i) => ({ ...minimal(i), criteria: { id: 'not a url' } }),
        'criteria.id',
      ],
      [
        'a javascript: criteria URL',
        (i) => ({ ...minimal(i), criteria: { id: 'javascript:alert(1)' } }),
        'criteria.id',
      ],
      [
        'an alignment without targetUrl',
        (i) => ({ ...minimal(i), alignment: [{ targetName: 'x' }] }),
        'alignment.0.targetUrl',
      ],
      [
        'an alignment targetUrl that is not a URI',
        (i) => ({ ...minimal(i), alignment: [{ targetName: 'x', targetUrl: 'nope' }] }),
        'alignment.0.targetUrl',
      ],
      [
        'an unknown achievementType',
        (i) => ({ ...minimal(i), achievementType: 'Trophy' }),
        'achievementType',
      ],
      ['a malformed language tag', (i) => ({ ...minimal(i), inLanguage: 'english please' }), 'inLanguage'],
      [
        'a requiredLevel that is none of the levels',
        (i) => ({
          ...minimal(i),
          resultDescription: [
            {
              name: 'Grade',
              resultType: 'RubricCriterionLevel',
              requiredLevel: 'https://example.edu/levels/gold',
              rubricCriterionLevel: [{ id: 'https://example.edu/levels/pass', name: 'Pass' }],
            },
          ],
        }),
        'resultDescription.0.requiredLevel',
      ],
      ['a validity of 0 months', (i) => ({ ...minimal(i), validityMonths: 0 }), 'validityMonths'],
      ['an unknown property', (i) => ({ ...minimal(i), colour: 'blue' }), 'colour'],
      ['an id of its own', (i) => ({ ...minimal(i), id: 'https://evil.example/a' }), 'id'],
      [
        'an image URL instead of an uploaded image',
        (i) => ({ ...minimal(i), image: 'https://e.example/x.png' }),
        'image',
      ],
      ['status archived on creation', (i) => ({ ...minimal(i), status: 'archived' }), 'status'],
      ['an unknown issuer', (i) => ({ ...minimal(i), issuerId: `${i}-nope` }), 'issuerId', 404],
      ['an unknown image', (i) => ({ ...minimal(i), imageId: 'nope' }), 'imageId', 404],
    ];
    for (const [name, payload, path, status = 400] of cases) {
      it(name, async () => {
        const s = server();
        const org = await newOrg(s);
        const answer = await s.request({
          method: 'POST',
          url: '/api/v1/achievements',
          key: org.issuerKey,
          payload: payload(org.issuerId),
        });
        expect(answer.statusCode, answer.body).toBe(status);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = answer.json();
        expect(problem.code).toBe(status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT');
        expect(problem.errors?.map((error: { path: string }) => error.path)).toContain(path);
        if (process.env.SHOW_PROBLEMS) {
          console.log(name, JSON.stringify({ detail: problem.detail, errors: problem.errors }));
        }
      });
    }
  });

  it('PATCH changes only what it names; null removes; the result is validated as a whole; version is left alone', async () => {
    const s = server();
    const org = await newOrg(s);
    const imageId = await uploadPng(s, org.issuerKey);
    const created = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload: everyField(org.issuerId, imageId),
      })
    ).json();
    const url = `/api/v1/achievements/${created.id}`;
    const patched = await s.request({
      method: 'PATCH',
      url,
      key: org.issuerKey,
      payload: {
        name: 'Git, revised',
        tag: null,
        imageId: null,
        validityMonths: 12,
        achievementType: 'Course',
      },
    });
    expect(patched.statusCode).toBe(200);
    const body = patched.json();
    expect(body).toMatchObject({
      name: 'Git, revised',
      achievementType: 'Course',
      imageId: null,
      validityMonths: 12,
      status: 'active',
      achievement: { name: 'Git, revised', version: '2026.1', achievementType: 'Course' },
    });
    expect(body.achievement).not.toHaveProperty('tag');
    expect(body.achievement).not.toHaveProperty('image');
    // Generated result description ids survive an edit that does not touch them.
    expect(body.achievement.resultDescription).toEqual(created.achievement.resultDescription);
    expect(body.createdAt).toBe(created.createdAt);

    // Sending back what was read (with its `type`s) is accepted.
    const { alignment, resultDescription, otherIdentifier, related } = body.achievement;
    const roundTrip = await s.request({
      method: 'PATCH',
      url,
      key: org.issuerKey,
      payload: { alignment, resultDescription, otherIdentifier, related },
    });
    expect(roundTrip.statusCode, roundTrip.body).toBe(200);
    expect(roundTrip.json().achievement).toEqual(body.achievement);

    const invalid = await s.request({
      method: 'PATCH',
      url,
      key: org.issuerKey,
      payload: { criteria: {}, name: null },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((error: { path: string }) => error.path)).toEqual(
      expect.arrayContaining(['name']),
    );
    const removeRequired = await s.request({
      method: 'PATCH',
      url,
      key: org.issuerKey,
      payload: { criteria: {} },
    });
    expect(removeRequired.json().errors.map((error: { path: string }) => error.path)).toEqual(['criteria']);
    expect((await s.request({ method: 'GET', url, key: org.viewerKey })).json().name).toBe('Git, revised');

    const actions = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(actions.map((entry) => entry.action)).toEqual([
      'achievement.create',
      'achievement.update',
      'achievement.update',
    ]);
  });

  it('life cycle: drafts are private, active and archived answer at their URI; only drafts are deleted', async () => {
    const s = server();
    const org = await newOrg(s);
    const draft = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload: minimal(org.issuerId),
      })
    ).json();
    const publicUrl = `/a/${draft.id}`;
    expect((await s.request({ method: 'GET', url: publicUrl })).statusCode).toBe(404);
    const archiveDraft = await s.request({
      method: 'POST',
      url: `/api/v1/achievements/${draft.id}/archive`,
      key: org.issuerKey,
    });
    expect(archiveDraft.statusCode).toBe(409);
    expect(archiveDraft.json().code).toBe('CONFLICT');

    const active = await s.request({
      method: 'POST',
      url: `/api/v1/achievements/${draft.id}/activate`,
      key: org.issuerKey,
    });
    expect(active.json()).toMatchObject({ status: 'active' });
    const json = await s.request({
      method: 'GET',
      url: publicUrl,
      headers: { accept: 'application/ld+json' },
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(json.headers.vary).toMatch(/Accept/i);
    expect(json.json()).toEqual({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      ...active.json().achievement,
    });
    const plain = await s.request({ method: 'GET', url: publicUrl });
    expect(plain.headers['content-type']).toMatch(/^application\/json/);

    expect(
      (
        await s.request({ method: 'DELETE', url: `/api/v1/achievements/${draft.id}`, key: org.issuerKey })
      ).json().code,
    ).toBe('CONFLICT');
    const archived = await s.request({
      method: 'POST',
      url: `/api/v1/achievements/${draft.id}/archive`,
      key: org.issuerKey,
    });
    expect(archived.json().status).toBe('archived');
    expect((await s.request({ method: 'GET', url: publicUrl })).statusCode).toBe(200);
    // Archiving again changes nothing and logs nothing.
    await s.request({ method: 'POST', url: `/api/v1/achievements/${draft.id}/archive`, key: org.issuerKey });

    const other = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload: minimal(org.issuerId),
      })
    ).json();
    const deleted = await s.request({
      method: 'DELETE',
      url: `/api/v1/achievements/${other.id}`,
      key: org.issuerKey,
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/achievements/${other.id}`, key: org.issuerKey }))
        .statusCode,
    ).toBe(404);

    const actions = await s.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('organization_id', '=', org.organization.id)
      .where('target_type', '=', 'achievement')
      .orderBy('id')
      .execute();
    expect(actions.map((entry) => entry.action)).toEqual([
      'achievement.create',
      'achievement.activate',
      'achievement.archive',
      'achievement.create',
      'achievement.delete',
    ]);
  });

  it('the public page for browsers escapes every string and links the JSON-LD', async () => {
    const s = server();
    const org = await newOrg(s);
    const created = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload: {
          ...minimal(org.issuerId, '<script>alert("name")</script>'),
          description: 'Fish & chips <img src=x onerror=alert(1)>',
          criteria: { narrative: '</p><script>alert(2)</script>', id: 'https://example.edu/c?a=1&b="2"' },
          status: 'active',
        },
      })
    ).json();
    const page = await s.request({
      method: 'GET',
      url: `/a/${created.id}`,
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).not.toMatch(/<script|<img src=x/);
    expect(page.body).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(page.body).toContain('Fish &amp; chips &lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain(
      `<link rel="alternate" type="application/ld+json" href="${TEST_PUBLIC_URL}/a/${created.id}.json">`,
    );
    expect(page.body).toContain('<meta property="og:title" content="&lt;script&gt;');
    const json = await s.request({ method: 'GET', url: `/a/${created.id}.json` });
    expect(json.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(json.json().name).toBe('<script>alert("name")</script>');
    expect(page.body).toContain('href="https://example.edu/c?a=1&amp;b=&quot;2&quot;"');
    expect(page.body).toContain('<html lang="en">');
  });
});

forEachServer('achievements: tenant isolation and roles', (server) => {
  it("organization B cannot read, change or reference A's achievements, issuers or images (404, never 403)", async () => {
    const s = server();
    const a = await newOrg(s);
    const b = await newOrg(s);
    const imageOfA = await uploadPng(s, a.issuerKey);
    const ofA = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: a.issuerKey,
        payload: minimal(a.issuerId),
      })
    ).json();
    const ofB = (
      await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: b.issuerKey,
        payload: minimal(b.issuerId),
      })
    ).json();

    for (const key of [b.apiKey, b.issuerKey, b.viewerKey]) {
      const read = await s.request({ method: 'GET', url: `/api/v1/achievements/${ofA.id}`, key });
      expect(read.statusCode).toBe(404);
      expect(read.json().code).toBe('NOT_FOUND');
    }
    const attempts = [
      { method: 'PATCH' as const, url: `/api/v1/achievements/${ofA.id}`, payload: { name: 'Hijacked' } },
      { method: 'POST' as const, url: `/api/v1/achievements/${ofA.id}/activate` },
      { method: 'POST' as const, url: `/api/v1/achievements/${ofA.id}/archive` },
      { method: 'DELETE' as const, url: `/api/v1/achievements/${ofA.id}` },
    ];
    for (const attempt of attempts) {
      const answer = await s.request({ ...attempt, key: b.issuerKey });
      expect(answer.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    const references = [
      {
        method: 'POST' as const,
        url: '/api/v1/achievements',
        payload: minimal(a.issuerId),
        path: 'issuerId',
      },
      {
        method: 'POST' as const,
        url: '/api/v1/achievements',
        payload: { ...minimal(b.issuerId), imageId: imageOfA },
        path: 'imageId',
      },
      {
        method: 'PATCH' as const,
        url: `/api/v1/achievements/${ofB.id}`,
        payload: { issuerId: a.issuerId },
        path: 'issuerId',
      },
      {
        method: 'PATCH' as const,
        url: `/api/v1/achievements/${ofB.id}`,
        payload: { imageId: imageOfA },
        path: 'imageId',
      },
    ];
    for (const { path, ...attempt } of references) {
      const answer = await s.request({ ...attempt, key: b.issuerKey });
      expect(answer.statusCode, `${attempt.method} ${attempt.url} ${path}`).toBe(404);
      expect(answer.json().errors).toEqual([{ path, message: expect.any(String) }]);
    }
    const listed = await s.request({ method: 'GET', url: '/api/v1/achievements', key: b.viewerKey });
    expect(listed.json().items.map((item: { id: string }) => item.id)).toEqual([ofB.id]);
    const byIssuer = await s.request({
      method: 'GET',
      url: `/api/v1/achievements?issuerId=${a.issuerId}`,
      key: b.viewerKey,
    });
    expect(byIssuer.json()).toEqual({ items: [], next: null });

    // A's achievement is untouched.
    const still = await s.request({ method: 'GET', url: `/api/v1/achievements/${ofA.id}`, key: a.viewerKey });
    expect(still.json()).toEqual(ofA);
  });

  it('viewers read; issuers and admins write; nobody without a key', async () => {
    const s = server();
    const org = await newOrg(s);
    const created = await s.request({
      method: 'POST',
      url: '/api/v1/achievements',
      key: org.issuerKey,
      payload: minimal(org.issuerId),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (await s.request({ method: 'GET', url: '/api/v1/achievements', key: org.viewerKey })).statusCode,
    ).toBe(200);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/achievements/${id}`, key: org.viewerKey })).statusCode,
    ).toBe(200);
    const writes = [
      { method: 'POST' as const, url: '/api/v1/achievements', payload: minimal(org.issuerId) },
      { method: 'PATCH' as const, url: `/api/v1/achievements/${id}`, payload: { name: 'x' } },
      { method: 'POST' as const, url: `/api/v1/achievements/${id}/activate` },
      { method: 'POST' as const, url: `/api/v1/achievements/${id}/archive` },
      { method: 'DELETE' as const, url: `/api/v1/achievements/${id}` },
    ];
    for (const write of writes) {
      const forbidden = await s.request({ ...write, key: org.viewerKey });
      expect(forbidden.statusCode, `${write.method} ${write.url}`).toBe(403);
      expect(forbidden.json().code).toBe('FORBIDDEN');
      expect((await s.request(write)).statusCode).toBe(401);
    }
    const byAdmin = await s.request({
      method: 'PATCH',
      url: `/api/v1/achievements/${id}`,
      key: org.apiKey,
      payload: { name: 'By admin' },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect((await s.request({ method: 'GET', url: '/api/v1/achievements' })).statusCode).toBe(401);
  });

  it('the OpenAPI document describes the achievements and images endpoints', async () => {
    const document = (await server().request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/achievements',
        '/api/v1/achievements/{id}',
        '/api/v1/achievements/{id}/activate',
        '/api/v1/achievements/{id}/archive',
        '/api/v1/images',
        '/images/{id}',
        '/a/{id}',
      ]),
    );
    const create = document.paths['/api/v1/achievements'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['issuerId', 'name', 'description', 'criteria']));
    expect(body.properties.achievementType.anyOf[0].enum).toContain('MicroCredential');
  });

  it('pagination returns every row exactly once, and filters combine', async () => {
    const s = server();
    const org = await newOrg(s);
    const second = (
      await s.request({
        method: 'POST',
        url: '/api/v1/issuers',
        key: org.apiKey,
        payload: { name: 'Second', slug: `sec-${randomUUID().slice(0, 8)}` },
      })
    ).json().id as string;
    const made: { id: string; name: string; issuerId: string; status: string }[] = [];
    for (let i = 0; i < 11; i++) {
      const issuerId = i % 3 === 0 ? second : org.issuerId;
      const payload = {
        ...minimal(issuerId, `${i % 2 === 0 ? 'Even' : 'Odd'} unit ${i}`),
        ...(i % 4 === 0 ? { status: 'active' } : {}),
      };
      const answer = await s.request({
        method: 'POST',
        url: '/api/v1/achievements',
        key: org.issuerKey,
        payload,
      });
      made.push({ id: answer.json().id, name: payload.name, issuerId, status: answer.json().status });
    }
    const all = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const answer = await s.request({
          method: 'GET',
          url: `/api/v1/achievements?limit=3${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          key: org.viewerKey,
        });
        expect(answer.statusCode).toBe(200);
        const page = answer.json();
        expect(page.items.length).toBeLessThanOrEqual(3);
        ids.push(...page.items.map((item: { id: string }) => item.id));
        cursor = page.next;
        pages++;
      } while (cursor !== null && pages < 20);
      return ids;
    };
    const everything = await all('');
    expect(everything).toEqual([...made].reverse().map((item) => item.id));
    expect(new Set(everything).size).toBe(11);
    expect(await all('&status=active')).toEqual(
      made
        .filter((item) => item.status === 'active')
        .reverse()
        .map((item) => item.id),
    );
    expect(await all(`&issuerId=${second}&q=EVEN`)).toEqual(
      made
        .filter((item) => item.issuerId === second && item.name.startsWith('Even'))
        .reverse()
        .map((item) => item.id),
    );
    const badCursor = await s.request({
      method: 'GET',
      url: '/api/v1/achievements?cursor=nonsense',
      key: org.viewerKey,
    });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().code).toBe('INVALID_INPUT');
    const badStatus = await s.request({
      method: 'GET',
      url: '/api/v1/achievements?status=deleted',
      key: org.viewerKey,
    });
    expect(badStatus.statusCode).toBe(400);
  });
});
