/**
 * Pathways over HTTP on both databases: the four-unit course awarded in the transaction of its fourth
 * unit (verified by Cairn and by @digitalbazaar/vc, its evidence naming the units), n-of and nested
 * trees, order, time and result constraints, retroactive awards with a preview, versions and migration,
 * the revocation policies, the validation endpoint, figures, and the public pages.
 */
import { expect, it } from 'vitest';
import { validateCredential } from '../../../src/core/credentials/validate-credential.js';
import type { DidDocument } from '../../../src/core/keys/did-document.js';
import { unique } from '../../support/factories.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { addAchievement, courseTenant, createPathway, issue } from '../../support/pathways.js';
import { referenceVerify } from '../../support/reference-stack.js';

async function didDocument(server: TestServer, slug: string): Promise<DidDocument> {
  const response = await server.request({ method: 'GET', url: `/i/${slug}/did.json` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function verifiedByCairn(server: TestServer, credential: Record<string, unknown>) {
  const response = await server.request({ method: 'POST', url: '/api/v1/verify', payload: credential });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function progress(server: TestServer, key: string, pathwayId: string, email: string) {
  const response = await server.request({
    method: 'GET',
    url: `/api/v1/pathways/${pathwayId}/progress?email=${encodeURIComponent(email)}`,
    key,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const allOf = (ids: string[]) => ({ all: ids.map((achievement) => ({ achievement })) });

forEachServer('pathways', (server) => {
  it('the four-unit course: the fourth unit’s issue returns the certificate, which verifies and names the units', async () => {
    const s = server();
    const course = await courseTenant(s);
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
      name: 'Stacking Stones',
    });
    expect(pathway).toMatchObject({ version: 1, retroactive: { evaluated: 0, awarded: [] } });
    const email = `${unique('lee')}@example.org`;
    const units = [];
    for (const [index, unit] of course.units.slice(0, 3).entries()) {
      const issued = await issue(s, course.apiKey, unit, email);
      expect(issued.awarded).toEqual([]);
      units.push(issued);
      expect((await progress(s, course.apiKey, pathway.id, email)).percent).toBe(25 * (index + 1));
    }
    const before = await progress(s, course.apiKey, pathway.id, email);
    expect(before).toMatchObject({
      completed: false,
      awarded: null,
      nextSteps: [{ achievementId: course.units[3], name: 'Unit 4: Stone 4' }],
    });

    const fourth = await issue(s, course.apiKey, course.units[3] as string, email);
    units.push(fourth);
    expect(fourth.awarded).toHaveLength(1);
    const certificate = fourth.awarded[0] as (typeof fourth.awarded)[number];
    expect(certificate.achievementId).toBe(course.certificateId);
    expect(certificate).toMatchObject({ status: 'active', learnerId: fourth.learnerId });
    const signed = certificate.credential as {
      evidence: { id: string; name: string }[];
      credentialSubject: { narrative: string; achievement: { name: string } };
    };
    expect(signed.credentialSubject.achievement.name).toBe('Certificate in Stacking Stones');
    expect(signed.evidence.map((evidence) => evidence.id)).toEqual(units.map((unit) => unit.url));
    expect(signed.evidence.map((evidence) => evidence.name)).toEqual([
      'Unit 1: Balance',
      'Unit 2: Stone 2',
      'Unit 3: Stone 3',
      'Unit 4: Stone 4',
    ]);
    expect(signed.credentialSubject.narrative).toContain('Stacking Stones');

    const report = await verifiedByCairn(s, certificate.credential);
    expect(report.checks.filter((check: { status: string }) => check.status !== 'passed')).toEqual([]);
    expect(report.verified).toBe(true);
    const did = await didDocument(s, course.issuer.slug);
    const reference = await referenceVerify(certificate.credential, { [course.issuer.did]: did });
    expect(reference.verified, JSON.stringify(reference.error)).toBe(true);

    const after = await progress(s, course.apiKey, pathway.id, email);
    expect(after).toMatchObject({
      completed: true,
      percent: 100,
      awarded: { credentialId: certificate.id, flagged: null },
      satisfiedBy: units.map((unit) => unit.id),
    });
    // Earning a unit again never awards the certificate twice.
    const again = await issue(s, course.apiKey, course.units[0] as string, email);
    expect(again.awarded).toEqual([]);
    const certificates = await s.request({
      method: 'GET',
      url: `/api/v1/credentials?achievementId=${course.certificateId}`,
      key: course.apiKey,
    });
    expect(certificates.json().items).toHaveLength(1);

    // Public pages: the pathway shows the stack; the unit and the certificate show their pathway.
    const page = await s.request({
      method: 'GET',
      url: `/p/${pathway.id}`,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Earns: <a href=');
    expect(page.body).toContain('Unit 4: Stone 4');
    expect(page.body).toContain('<meta property="og:title" content="Stacking Stones">');
    const json = await s.request({
      method: 'GET',
      url: `/p/${pathway.id}`,
      headers: { accept: 'application/json' },
    });
    expect(json.json()).toMatchObject({
      id: pathway.id,
      target: { name: 'Certificate in Stacking Stones', published: true },
      minimumToComplete: 4,
    });
    expect(json.json().achievements).toHaveLength(4);
    const unitPage = await s.request({
      method: 'GET',
      url: `/c/${units[0]?.id}`,
      headers: { accept: 'text/html' },
    });
    expect(unitPage.body).toContain('Counts toward');
    expect(unitPage.body).toContain(`/p/${pathway.id}`);
    const certificatePage = await s.request({
      method: 'GET',
      url: `/c/${certificate.id}`,
      headers: { accept: 'text/html' },
    });
    expect(certificatePage.body).toContain('Awarded for completing the pathway');
  });

  it('n-of and nested: two core units and any two of three electives', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 5 });
    const [u1, u2, u3, u4, u5] = course.units as [string, string, string, string, string];
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: {
        all: [
          { all: [{ achievement: u1 }, { achievement: u2 }] },
          { atLeast: 2, of: [{ achievement: u3 }, { achievement: u4 }, { achievement: u5 }] },
        ],
      },
    });
    const email = `${unique('nest')}@example.org`;
    const first = await issue(s, course.apiKey, u1, email);
    await issue(s, course.apiKey, u3, email);
    expect((await progress(s, course.apiKey, pathway.id, email)).percent).toBe(50);
    await issue(s, course.apiKey, u2, email);
    const three = await progress(s, course.apiKey, pathway.id, email);
    expect(three.percent).toBe(75);
    expect(three.remaining.map((item: { achievementId: string }) => item.achievementId)).toEqual([u4]);
    expect(three.tree.children[1]).toMatchObject({ kind: 'atLeast', atLeast: 2, satisfied: false });
    const last = await issue(s, course.apiKey, u5, email);
    expect(last.awarded).toHaveLength(1);
    const evidence =
      (last.awarded[0]?.credential as { evidence: { id: string }[] } | undefined)?.evidence ?? [];
    expect(evidence.map((item) => item.id)).toContain(first.url);
    expect(evidence).toHaveLength(4);
  });

  it('order, time and result: after, withinMonths and minResult decide what counts', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 3 });
    const [u1, u2, u3] = course.units as [string, string, string];
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: {
        all: [{ achievement: u1 }, { achievement: u2, after: [u1] }, { achievement: u3, minResult: 70 }],
        withinMonths: 12,
      },
    });
    const at = (date: string) => ({ validFrom: `${date}T09:00:00Z` });
    const score = (value: string) => ({ results: [{ value }] });

    // Order: the second unit before the first does not count, until it is earned again after it.
    const ordered = `${unique('order')}@example.org`;
    await issue(s, course.apiKey, u2, ordered, at('2026-01-10'));
    await issue(s, course.apiKey, u1, ordered, at('2026-02-10'));
    expect(
      (await issue(s, course.apiKey, u3, ordered, { ...at('2026-03-01'), ...score('85') })).awarded,
    ).toEqual([]);
    const waiting = await progress(s, course.apiKey, pathway.id, ordered);
    expect(waiting.remaining).toEqual([
      expect.objectContaining({
        achievementId: u2,
        reason: expect.stringMatching(/before “Unit 1: Balance”/),
      }),
    ]);
    expect((await issue(s, course.apiKey, u2, ordered, at('2026-03-05'))).awarded).toHaveLength(1);

    // Time: all within twelve months of the first.
    const slow = `${unique('slow')}@example.org`;
    await issue(s, course.apiKey, u1, slow, at('2024-01-01'));
    await issue(s, course.apiKey, u2, slow, at('2024-02-01'));
    expect(
      (await issue(s, course.apiKey, u3, slow, { ...at('2025-06-01'), ...score('90') })).awarded,
    ).toEqual([]);
    const late = await progress(s, course.apiKey, pathway.id, slow);
    expect(late.completed).toBe(false);
    expect(JSON.stringify(late.remaining)).toMatch(/outside the 12-month window/);

    // Result: below the minimum does not count; a later pass does.
    const low = `${unique('low')}@example.org`;
    await issue(s, course.apiKey, u1, low, at('2026-01-01'));
    await issue(s, course.apiKey, u2, low, at('2026-01-02'));
    expect((await issue(s, course.apiKey, u3, low, { ...at('2026-01-03'), ...score('65') })).awarded).toEqual(
      [],
    );
    expect((await progress(s, course.apiKey, pathway.id, low)).remaining).toEqual([
      expect.objectContaining({ achievementId: u3, reason: 'the result 65 is below the minimum of 70' }),
    ]);
    expect(
      (await issue(s, course.apiKey, u3, low, { ...at('2026-01-04'), ...score('75') })).awarded,
    ).toHaveLength(1);
  });

  it('retroactive: a preview names who would be awarded and stores nothing; creating awards them', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 3 });
    const complete = `${unique('done')}@example.org`;
    const partial = `${unique('half')}@example.org`;
    for (const unit of course.units) {
      await issue(s, course.apiKey, unit, complete);
    }
    await issue(s, course.apiKey, course.units[0] as string, partial);
    await issue(s, course.apiKey, course.units[1] as string, partial);
    const body = { targetAchievementId: course.certificateId, requirements: allOf(course.units) };

    const preview = await s.request({
      method: 'POST',
      url: '/api/v1/pathways',
      key: course.apiKey,
      payload: { ...body, preview: true },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      preview: true,
      valid: true,
      evaluated: 2,
      wouldAward: [{ email: complete, name: 'Lee Learner' }],
    });
    expect(preview.json().wouldAward[0].satisfiedBy).toHaveLength(3);
    const listed = await s.request({ method: 'GET', url: '/api/v1/pathways', key: course.apiKey });
    expect(listed.json().items).toEqual([]);

    const created = await createPathway(s, course.apiKey, body);
    expect(created.retroactive.evaluated).toBe(2);
    expect(created.retroactive.awarded).toEqual([
      expect.objectContaining({ email: complete, credentialId: expect.any(String) }),
    ]);
    const certificate = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${created.retroactive.awarded[0]?.credentialId}`,
      key: course.apiKey,
    });
    expect(certificate.json()).toMatchObject({ achievementId: course.certificateId, status: 'active' });
    expect((await verifiedByCairn(s, certificate.json().credential)).verified).toBe(true);

    // The learner halfway was enrolled on version 1; their last unit awards at once.
    const stats = await s.request({
      method: 'GET',
      url: `/api/v1/pathways/${created.id}/stats`,
      key: course.apiKey,
    });
    expect(stats.json()).toMatchObject({
      enrolled: 2,
      completed: 1,
      awarded: 1,
      inProgress: 1,
      byComponentsDone: [
        { done: 0, learners: 0 },
        { done: 1, learners: 0 },
        { done: 2, learners: 1 },
      ],
    });
    expect(stats.json().byComponent[2]).toMatchObject({
      achievementId: course.units[2],
      earned: 1,
      nextStepFor: 1,
    });
    expect((await issue(s, course.apiKey, course.units[2] as string, partial)).awarded).toHaveLength(1);
    const list = await s.request({ method: 'GET', url: '/api/v1/pathways', key: course.apiKey });
    expect(list.json().items[0]).toMatchObject({
      id: created.id,
      counts: { enrolled: 2, awarded: 2, flagged: 0 },
    });
  });

  it('versions: a learner is judged by the version they started on, until migrated', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 3 });
    const [u1, u2, u3] = course.units as [string, string, string];
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf([u1, u2, u3]),
    });
    const early = `${unique('early')}@example.org`;
    const earlyLearner = (await issue(s, course.apiKey, u1, early)).learnerId;

    const same = await s.request({
      method: 'PUT',
      url: `/api/v1/pathways/${pathway.id}`,
      key: course.apiKey,
      payload: { requirements: allOf([u1, u2, u3]), name: 'Renamed' },
    });
    expect(same.json()).toMatchObject({ newVersion: false, version: 1, name: 'Renamed' });
    const changed = await s.request({
      method: 'PUT',
      url: `/api/v1/pathways/${pathway.id}`,
      key: course.apiKey,
      payload: { requirements: allOf([u1, u2]) },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ newVersion: true, version: 2 });

    // Started on version 1: two units are not enough for them.
    expect((await issue(s, course.apiKey, u2, early)).awarded).toEqual([]);
    expect(await progress(s, course.apiKey, pathway.id, early)).toMatchObject({
      version: 1,
      currentVersion: 2,
      completed: false,
    });
    // Starting now: version 2.
    const late = `${unique('late')}@example.org`;
    await issue(s, course.apiKey, u1, late);
    expect((await issue(s, course.apiKey, u2, late)).awarded).toHaveLength(1);

    const detail = await s.request({
      method: 'GET',
      url: `/api/v1/pathways/${pathway.id}`,
      key: course.apiKey,
    });
    expect(detail.json().versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);

    const preview = await s.request({
      method: 'POST',
      url: `/api/v1/pathways/${pathway.id}/migrate`,
      key: course.apiKey,
      payload: { preview: true },
    });
    expect(preview.json()).toMatchObject({ preview: true, toVersion: 2, moved: [earlyLearner] });
    expect(preview.json().awarded).toHaveLength(1);
    expect((await progress(s, course.apiKey, pathway.id, early)).version).toBe(1);
    const migrated = await s.request({
      method: 'POST',
      url: `/api/v1/pathways/${pathway.id}/migrate`,
      key: course.apiKey,
      payload: { learnerIds: [earlyLearner] },
    });
    expect(migrated.statusCode, migrated.body).toBe(200);
    expect(migrated.json()).toMatchObject({ moved: [earlyLearner], awarded: [{ learnerId: earlyLearner }] });
    expect(await progress(s, course.apiKey, pathway.id, early)).toMatchObject({
      version: 2,
      completed: true,
      awarded: { credentialId: migrated.json().awarded[0].credentialId },
    });
  });

  for (const policy of ['keep', 'flag', 'revoke'] as const) {
    it(`a component revoked under the "${policy}" policy`, async () => {
      const s = server();
      const course = await courseTenant(s, { units: 2 });
      const pathway = await createPathway(s, course.apiKey, {
        targetAchievementId: course.certificateId,
        requirements: allOf(course.units),
        revocationPolicy: policy,
      });
      const email = `${unique(policy)}@example.org`;
      const unit = await issue(s, course.apiKey, course.units[0] as string, email);
      const certificate = (await issue(s, course.apiKey, course.units[1] as string, email)).awarded[0];
      expect(certificate).toBeDefined();
      const revoked = await s.request({
        method: 'POST',
        url: `/api/v1/credentials/${unit.id}/revoke`,
        key: course.apiKey,
        payload: { reason: 'Issued in error' },
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      const after = await s.request({
        method: 'GET',
        url: `/api/v1/credentials/${certificate?.id}`,
        key: course.apiKey,
      });
      const page = await s.request({
        method: 'GET',
        url: `/c/${certificate?.id}`,
        headers: { accept: 'text/html' },
      });
      const state = await progress(s, course.apiKey, pathway.id, email);
      expect(state.completed).toBe(false);
      if (policy === 'keep') {
        expect(after.json().status).toBe('active');
        expect(state.awarded.flagged).toBeNull();
        expect(page.body).not.toContain('Warning:');
      } else if (policy === 'flag') {
        expect(after.json().status).toBe('active');
        expect(state.awarded.flagged).toMatch(/“Unit 1: Balance” it was awarded for was revoked/);
        expect(page.body).toContain('role="alert">Warning: ');
        const stats = await s.request({
          method: 'GET',
          url: `/api/v1/pathways/${pathway.id}/stats`,
          key: course.apiKey,
        });
        expect(stats.json().flagged).toBe(1);
      } else {
        expect(after.json()).toMatchObject({
          status: 'revoked',
          statusReason: 'A credential it was awarded for was revoked',
        });
        const report = await verifiedByCairn(s, certificate?.credential as Record<string, unknown>);
        expect(report).toMatchObject({ verified: false, verdict: 'revoked' });
        // Never twice: earning the unit again does not award the certificate again.
        expect((await issue(s, course.apiKey, course.units[0] as string, email)).awarded).toEqual([]);
      }
    });
  }

  it('bulk revocation of a component revokes the awards under the "revoke" policy, once each', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 2 });
    await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
      revocationPolicy: 'revoke',
    });
    const certificates: string[] = [];
    for (let index = 0; index < 3; index++) {
      const email = `${unique('bulk')}@example.org`;
      await issue(s, course.apiKey, course.units[0] as string, email);
      certificates.push(
        (await issue(s, course.apiKey, course.units[1] as string, email)).awarded[0]?.id as string,
      );
    }
    // The certificates are listed too (by ids): revoking a unit first revokes its certificate, which the
    // bulk run then finds revoked already.
    const units = await s.request({
      method: 'GET',
      url: `/api/v1/credentials?achievementId=${course.units[0]}`,
      key: course.apiKey,
    });
    const ids = [...units.json().items.map((item: { id: string }) => item.id), ...certificates];
    const bulk = await s.request({
      method: 'POST',
      url: '/api/v1/credentials/bulk-revoke',
      key: course.apiKey,
      payload: { ids, reason: 'Course withdrawn' },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    for (const id of certificates) {
      const row = await s.request({ method: 'GET', url: `/api/v1/credentials/${id}`, key: course.apiKey });
      expect(row.json().status).toBe('revoked');
    }
  });

  it('suspending a component flags the award; lifting the suspension clears the flag', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 2 });
    await s.request({
      method: 'PATCH',
      url: `/api/v1/issuers/${course.issuer.id}`,
      key: course.apiKey,
      payload: { suspensionEnabled: true },
    });
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
      revocationPolicy: 'revoke',
    });
    const email = `${unique('susp')}@example.org`;
    const unit = await issue(s, course.apiKey, course.units[0] as string, email);
    await issue(s, course.apiKey, course.units[1] as string, email);
    const suspend = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${unit.id}/suspend`,
      key: course.apiKey,
      payload: {},
    });
    expect(suspend.statusCode, suspend.body).toBe(200);
    expect((await progress(s, course.apiKey, pathway.id, email)).awarded.flagged).toMatch(/suspended/);
    await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${unit.id}/unsuspend`,
      key: course.apiKey,
      payload: {},
    });
    expect((await progress(s, course.apiKey, pathway.id, email)).awarded.flagged).toBeNull();
  });

  it('validation: the editor gets every problem in words; creating refuses an invalid pathway', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 2 });
    const [u1, u2] = course.units as [string, string];
    const validate = async (payload: Record<string, unknown>) => {
      const response = await s.request({
        method: 'POST',
        url: '/api/v1/pathways/validate',
        key: course.apiKey,
        payload,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const fine = await validate({ targetAchievementId: course.certificateId, requirements: allOf([u1, u2]) });
    expect(fine).toMatchObject({ valid: true, errors: [], summary: { components: 2, minimumToComplete: 2 } });
    expect(fine.achievements.map((a: { name: string }) => a.name).sort()).toEqual([
      'Certificate in Stacking Stones',
      'Unit 1: Balance',
      'Unit 2: Stone 2',
    ]);
    const impossible = await validate({
      requirements: { atLeast: 3, of: [{ achievement: u1 }, { achievement: u2 }] },
    });
    expect(impossible.errors).toEqual([
      {
        path: 'requirements.atLeast',
        message: 'asks for 3 of a list of 2: it can never be met (lower it, or add to the list)',
      },
    ]);
    const unknown = await validate({ requirements: allOf([u1, 'no-such-achievement']) });
    expect(unknown.errors[0].message).toBe('no achievement “no-such-achievement” in this organization');
    const self = await validate({ targetAchievementId: u1, requirements: allOf([u1, u2]) });
    expect(self.errors[0].message).toMatch(/cannot also be one of its requirements/);

    const refused = await s.request({
      method: 'POST',
      url: '/api/v1/pathways',
      key: course.apiKey,
      payload: { targetAchievementId: course.certificateId, requirements: { all: [] } },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PATHWAY_INVALID', errors: [{ path: 'requirements.all' }] });
    expect(refused.headers['content-type']).toMatch(/problem\+json/);

    // A cycle across pathways: the certificate needs unit 1; unit 1 may not need the certificate.
    await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf([u1, u2]),
    });
    const circle = await s.request({
      method: 'POST',
      url: '/api/v1/pathways',
      key: course.apiKey,
      payload: { targetAchievementId: u1, requirements: allOf([course.certificateId]) },
    });
    expect(circle.statusCode).toBe(422);
    expect(circle.json().detail).toMatch(
      /go round in a circle: “Unit 1: Balance” needs “Certificate in Stacking Stones” needs “Unit 1: Balance”/,
    );
    const twice = await s.request({
      method: 'POST',
      url: '/api/v1/pathways',
      key: course.apiKey,
      payload: { targetAchievementId: course.certificateId, requirements: allOf([u2]) },
    });
    expect(twice.json()).toMatchObject({
      code: 'PATHWAY_INVALID',
      errors: [{ path: 'targetAchievementId' }],
    });
  });

  it('stacks: a course certificate completing a diploma awards both in the one transaction', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 2 });
    const other = await addAchievement(s, course, 'Certificate in Bridges', 'Certificate');
    const diploma = await addAchievement(s, course, 'Diploma in Stonework', 'Diploma');
    await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
    });
    await createPathway(s, course.apiKey, {
      targetAchievementId: diploma,
      requirements: allOf([course.certificateId, other]),
    });
    const email = `${unique('stack')}@example.org`;
    await issue(s, course.apiKey, other, email);
    await issue(s, course.apiKey, course.units[0] as string, email);
    const last = await issue(s, course.apiKey, course.units[1] as string, email);
    expect(last.awarded.map((item) => item.achievementId)).toEqual([course.certificateId, diploma]);
  });

  it('tenant isolation: another organization sees no pathway and cannot use the achievements', async () => {
    const s = server();
    const a = await courseTenant(s, { units: 2 });
    const b = await courseTenant(s, { units: 2 });
    const pathway = await createPathway(s, a.apiKey, {
      targetAchievementId: a.certificateId,
      requirements: allOf(a.units),
    });
    for (const url of [`/api/v1/pathways/${pathway.id}`, `/api/v1/pathways/${pathway.id}/stats`]) {
      expect((await s.request({ method: 'GET', url, key: b.apiKey })).statusCode).toBe(404);
    }
    expect((await s.request({ method: 'GET', url: '/api/v1/pathways', key: b.apiKey })).json().items).toEqual(
      [],
    );
    const steal = await s.request({
      method: 'POST',
      url: '/api/v1/pathways',
      key: b.apiKey,
      payload: { targetAchievementId: b.certificateId, requirements: allOf(a.units) },
    });
    expect(steal.json().code).toBe('PATHWAY_INVALID');
    const viewer = (
      await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: a.apiKey,
        payload: { name: 'v', role: 'viewer' },
      })
    ).json().key;
    expect(
      (
        await s.request({
          method: 'POST',
          url: '/api/v1/pathways/validate',
          key: viewer,
          payload: { requirements: allOf(a.units) },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/pathways/${pathway.id}`, key: viewer })).statusCode,
    ).toBe(200);
    expect((await s.request({ method: 'GET', url: `/p/${pathway.id}.json` })).statusCode).toBe(200);
    expect((await s.request({ method: 'GET', url: '/p/no-such-pathway' })).statusCode).toBe(404);
  });

  it('the public page escapes what users wrote', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 1, certificateName: '<script>alert(1)</script>' });
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
      name: 'A & <b>B</b>',
      description: '"quoted" <img src=x onerror=alert(1)>',
    });
    const page = await s.request({
      method: 'GET',
      url: `/p/${pathway.id}`,
      headers: { accept: 'text/html' },
    });
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('A &amp; &lt;b&gt;B&lt;/b&gt;');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('CLR 2.0 export: signed, valid against the CLR schema, verified by Cairn, every inner credential by @digitalbazaar/vc', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 3 });
    const [u1, u2, u3] = course.units as [string, string, string];
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: { all: [{ achievement: u1 }, { achievement: u2, after: [u1] }, { achievement: u3 }] },
    });
    const email = `${unique('clr')}@example.org`;
    const { learnerId } = await issue(s, course.apiKey, u1, email);
    await issue(s, course.apiKey, u2, email);
    const exportClr = async (query = '') => {
      const response = await s.request({
        method: 'GET',
        url: `/api/v1/learners/${learnerId}/clr${query}`,
        key: course.apiKey,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/ld\+json/);
      return response.json() as Record<string, unknown> & {
        type: string[];
        issuer: { id: string };
        partial?: boolean;
        credentialSubject: {
          verifiableCredential: Record<string, unknown>[];
          achievement: { id: string; name: string }[];
          association: { associationType: string; sourceId: string; targetId: string }[];
        };
      };
    };
    const achievementUri = (id: string) => `http://localhost:3000/a/${id}`;
    const halfway = await exportClr();
    expect(halfway.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(halfway.issuer.id).toBe(course.issuer.did);
    expect(halfway.partial).toBe(false);
    expect(halfway.credentialSubject.verifiableCredential).toHaveLength(2);
    // The target is there although not awarded yet, and so is the unit not earned yet.
    expect(halfway.credentialSubject.achievement.map((a) => a.id).sort()).toEqual(
      [u1, u2, u3, course.certificateId].map(achievementUri).sort(),
    );
    expect(halfway.credentialSubject.association).toEqual([
      {
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: achievementUri(u1),
        targetId: achievementUri(course.certificateId),
      },
      {
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: achievementUri(u2),
        targetId: achievementUri(course.certificateId),
      },
      {
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: achievementUri(u3),
        targetId: achievementUri(course.certificateId),
      },
      {
        type: 'Association',
        associationType: 'precedes',
        sourceId: achievementUri(u1),
        targetId: achievementUri(u2),
      },
    ]);

    await issue(s, course.apiKey, u3, email);
    const complete = await exportClr(`?pathwayId=${pathway.id}`);
    expect(complete.credentialSubject.verifiableCredential).toHaveLength(4);
    expect(validateCredential(complete, { mode: 'issue' })).toMatchObject({
      valid: true,
      kind: 'ClrCredential',
      errors: [],
    });

    const report = await verifiedByCairn(s, complete);
    expect(report.checks.filter((check: { status: string }) => check.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ verified: true, kind: 'ClrCredential' });
    expect(report.embedded).toHaveLength(4);
    expect(report.embedded.every((inner: { verified: boolean }) => inner.verified)).toBe(true);

    const did = await didDocument(s, course.issuer.slug);
    for (const inner of complete.credentialSubject.verifiableCredential) {
      const reference = await referenceVerify(inner, { [course.issuer.did]: did });
      expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
    }
    const whole = await referenceVerify(complete, { [course.issuer.did]: did });
    expect(whole.verified, JSON.stringify(whole.error)).toBe(true);

    // A credential of another issuer stays out (one issuer per CLR), and the CLR says it is partial.
    const other = await s.request({
      method: 'POST',
      url: '/api/v1/issuers',
      key: course.apiKey,
      payload: { name: 'Department of Bridges', slug: unique('bridges') },
    });
    const bridge = await addAchievement(s, { ...course, issuer: other.json() }, 'Bridges 101');
    await issue(s, course.apiKey, bridge, email);
    const partial = await exportClr(`?issuerId=${course.issuer.id}`);
    expect(partial.partial).toBe(true);
    expect(partial.credentialSubject.verifiableCredential).toHaveLength(4);
    const theirs = await exportClr(`?issuerId=${other.json().id}`);
    expect(theirs.issuer.id).toBe(other.json().did);
    expect(theirs.credentialSubject.verifiableCredential).toHaveLength(1);
    expect((await verifiedByCairn(s, theirs)).verified).toBe(true);

    expect(
      (await s.request({ method: 'GET', url: '/api/v1/learners/nobody/clr', key: course.apiKey })).statusCode,
    ).toBe(404);
  });

  it('a target that cannot be awarded (archived) never blocks the component; archiving the pathway stops awards, re-activating awards who meet it', async () => {
    const s = server();
    const course = await courseTenant(s, { units: 2 });
    const pathway = await createPathway(s, course.apiKey, {
      targetAchievementId: course.certificateId,
      requirements: allOf(course.units),
    });
    const archive = (id: string, action: 'archive' | 'activate') =>
      s.request({
        method: 'POST',
        url: `/api/v1/achievements/${id}/${action}`,
        key: course.apiKey,
        payload: {},
      });
    expect((await archive(course.certificateId, 'archive')).statusCode).toBe(200);
    const blocked = `${unique('blocked')}@example.org`;
    await issue(s, course.apiKey, course.units[0] as string, blocked);
    expect((await issue(s, course.apiKey, course.units[1] as string, blocked)).awarded).toEqual([]);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'pathway.award_blocked')
      .where('target_id', '=', pathway.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(String(audit[0]?.details)).toContain('archived');
    await archive(course.certificateId, 'activate');

    const paused = await s.request({
      method: 'PUT',
      url: `/api/v1/pathways/${pathway.id}`,
      key: course.apiKey,
      payload: { status: 'archived' },
    });
    expect(paused.json()).toMatchObject({ status: 'archived', newVersion: false });
    expect((await s.request({ method: 'GET', url: `/p/${pathway.id}` })).statusCode).toBe(404);
    const later = `${unique('later')}@example.org`;
    await issue(s, course.apiKey, course.units[0] as string, later);
    expect((await issue(s, course.apiKey, course.units[1] as string, later)).awarded).toEqual([]);
    const resumed = await s.request({
      method: 'PUT',
      url: `/api/v1/pathways/${pathway.id}`,
      key: course.apiKey,
      payload: { status: 'active' },
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    // Both learners who met it meanwhile are awarded now.
    expect(
      resumed
        .json()
        .retroactive.awarded.map((item: { email: string }) => item.email)
        .sort(),
    ).toEqual([blocked, later].sort());
  });
});
