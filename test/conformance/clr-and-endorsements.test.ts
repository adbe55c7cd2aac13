/**
 * A CLR is verified together with every credential it carries; endorsements are verified on their own
 * and reported beside the credential's verdict.
 */
import { describe, expect, it } from 'vitest';
import type { AchievementCredential, EndorsementCredential } from '../../src/core/credentials/index.js';
import {
  buildAchievement,
  buildAchievementCredential,
  buildClrCredential,
  buildEndorsementCredential,
  buildProfile,
} from '../../src/core/credentials/index.js';
import type { KeyPair } from '../../src/core/keys/key-pair.js';
import { FIXED_NOW } from '../support/fixtures.js';
import { referenceVerify } from '../support/reference-stack.js';
import { newKeyPair, signAs, verifyOffline } from '../support/signing.js';

const learner = 'did:example:ada';

function unit(n: number) {
  return buildAchievement({
    id: `https://trail.example/achievements/unit-${n}`,
    name: `Unit ${n}`,
    description: `Unit ${n} of the course`,
    criteria: { narrative: `Pass unit ${n}.` },
    achievementType: 'MicroCredential',
  });
}

async function badge(issuer: KeyPair, n: number, extra: { endorsement?: EndorsementCredential[] } = {}) {
  const achievement = extra.endorsement ? { ...unit(n), endorsement: extra.endorsement } : unit(n);
  const credential = buildAchievementCredential({
    id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
    issuer: buildProfile({ id: issuer.controller, name: 'Trail School' }),
    validFrom: '2026-03-01T00:00:00Z',
    credentialSubject: { recipient: { id: learner }, achievement },
  });
  return (await signAs(
    credential as unknown as Record<string, unknown>,
    issuer,
  )) as unknown as AchievementCredential;
}

async function clr(issuer: KeyPair, inner: AchievementCredential[]) {
  const course = buildAchievement({
    id: 'https://trail.example/achievements/course',
    name: 'The course',
    description: 'All units',
    criteria: { narrative: 'Earn every unit.' },
    achievementType: 'Certificate',
  });
  return buildClrCredential({
    id: 'urn:uuid:11111111-0000-4000-8000-000000000000',
    issuer: buildProfile({ id: issuer.controller, name: 'Trail School' }),
    validFrom: '2026-06-01T00:00:00Z',
    name: "Ada's record",
    credentialSubject: {
      recipient: { id: learner },
      verifiableCredential: inner,
      achievement: [course, unit(1), unit(2)],
      association: [
        { associationType: 'isPartOf', sourceId: unit(1).id, targetId: course.id },
        { associationType: 'isPartOf', sourceId: unit(2).id, targetId: course.id },
        { associationType: 'precedes', sourceId: unit(1).id, targetId: unit(2).id },
      ],
    },
  }) as unknown as Record<string, unknown>;
}

describe('CLR 2.0', () => {
  it('a signed CLR verifies, and so does every credential inside it; the reference stack agrees', async () => {
    const issuer = await newKeyPair();
    const signed = (await signAs(
      await clr(issuer, [await badge(issuer, 1), await badge(issuer, 2)]),
      issuer,
    )) as Record<string, unknown>;
    const report = await verifyOffline(signed, { now: FIXED_NOW });
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(report.kind).toBe('ClrCredential');
    expect(report.checks.filter((check) => check.check === 'embedded')).toHaveLength(2);
    expect(report.embedded?.map((inner) => inner.verified)).toEqual([true, true]);
    expect((await referenceVerify(signed)).verified).toBe(true);
    const inner = (signed.credentialSubject as { verifiableCredential: Record<string, unknown>[] })
      .verifiableCredential;
    for (const credential of inner) {
      expect((await referenceVerify(credential)).verified).toBe(true);
    }
  });

  it('a CLR whose issuer signed over a tampered inner credential is not verified', async () => {
    const issuer = await newKeyPair();
    const good = await badge(issuer, 1);
    const tampered = { ...good, name: 'Unit 1 (with honours)' } as AchievementCredential;
    const signed = await signAs(await clr(issuer, [tampered, await badge(issuer, 2)]), issuer);
    const report = await verifyOffline(signed, { now: FIXED_NOW });
    expect(report.checks.find((check) => check.check === 'proof')?.status).toBe('passed');
    expect(report.verified).toBe(false);
    expect(report.verdict).toBe('tampered');
    expect(report.checks.filter((check) => check.check === 'embedded').map((check) => check.status)).toEqual([
      'failed',
      'passed',
    ]);
  });
});

describe('endorsements', () => {
  it('are verified on their own and reported; a bad one warns without changing the verdict', async () => {
    const issuer = await newKeyPair();
    const endorser = await newKeyPair();
    const endorsement = buildEndorsementCredential({
      id: 'urn:uuid:22222222-0000-4000-8000-000000000000',
      issuer: buildProfile({ id: endorser.controller, name: 'Guild of Stonemasons' }),
      validFrom: '2026-02-01T00:00:00Z',
      name: 'Endorsement of Unit 1',
      credentialSubject: { id: unit(1).id, endorsementComment: 'Solid work.' },
    }) as unknown as Record<string, unknown>;
    const signedEndorsement = (await signAs(endorsement, endorser)) as unknown as EndorsementCredential;
    const good = await badge(issuer, 1, { endorsement: [signedEndorsement] });
    const report = await verifyOffline(good, { now: FIXED_NOW });
    expect(report.verified).toBe(true);
    expect(report.endorsements).toEqual([
      expect.objectContaining({
        on: 'achievement',
        issuer: endorser.controller,
        verified: true,
        verdict: 'valid',
      }),
    ]);

    const forged = { ...signedEndorsement, name: 'Endorsement of Unit 1 (forged)' } as EndorsementCredential;
    const withForged = await badge(issuer, 1, { endorsement: [forged] });
    const second = await verifyOffline(withForged, { now: FIXED_NOW });
    expect(second.verified).toBe(true);
    expect(second.endorsements?.[0]).toMatchObject({ verified: false, verdict: 'tampered' });
    expect(second.warnings.join(' ')).toMatch(/endorsement on the achievement/);
  });
});
