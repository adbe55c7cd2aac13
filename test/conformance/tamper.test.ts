/**
 * Tamper tests: any single change anywhere in a signed credential makes verification fail with a
 * cryptographic problem — over every leaf, for each suite — and so do a wrong key, a swapped issuer,
 * a removed proof, a future validFrom and a past validUntil.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDataIntegrityProof } from '../../src/core/proofs/add-proof.js';
import { signCredential } from '../../src/services/sign-credential.js';
import { FIXED_NOW, readFixtureJson } from '../support/fixtures.js';
import { canonize, crypto, issuedBy, newKeyPair, signAs, verifyOffline } from '../support/signing.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function leaves(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => leaves(item, [...path, index]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  }
  return [path];
}

function get(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string] as Json, value);
}

function set(value: Json, path: Path, leaf: Json): Json {
  const copy = structuredClone(value);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path.at(-1) as string] = leaf;
  return copy;
}

/** A different value of the same kind, keeping URLs URLs and dates dates, so only the signature can object. */
function changed(original: Json, salt: string): Json {
  if (typeof original === 'number') {
    return original + 1;
  }
  if (typeof original === 'boolean') {
    return !original;
  }
  if (typeof original === 'string') {
    const date = /^(\d{4})(-.*)$/.exec(original);
    if (date) {
      return `${Number(date[1]) - 1}${date[2]}`;
    }
    const replacement = original.endsWith(salt.slice(-1)) ? `${original}${salt}x` : `${original}${salt}`;
    return replacement;
  }
  return 'changed';
}

const rich = {
  ...readFixtureJson('standards/examples/ob3/skill-assertion-case.json'),
};

const isStructural = (path: Path) =>
  path[0] === '@context' || path.includes('type') || path.includes('@context');

describe('tampering with any value of a signed credential is detected', () => {
  for (const format of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
    it(`${format}: every leaf, one at a time`, async () => {
      const keyPair = await newKeyPair();
      const signed = (await signAs(rich, keyPair, format)) as Json;
      expect((await verifyOffline(signed, { now: FIXED_NOW })).verified).toBe(true);
      const paths = leaves(signed);
      expect(paths.length).toBeGreaterThan(40);
      for (const path of paths) {
        const tampered = set(signed, path, changed(get(signed, path), 'Z'));
        const report = await verifyOffline(tampered, { now: FIXED_NOW });
        const where = path.join('.');
        expect(report.verified, where).toBe(false);
        const proofCheck = report.checks.find((check) => check.check === 'proof');
        if (
          path[0] === 'proof' &&
          ['verificationMethod', 'proofPurpose', 'type', 'cryptosuite'].includes(String(path[1]))
        ) {
          expect(proofCheck?.status, where).toBe('failed');
        } else if (!isStructural(path) && path[0] !== 'proof') {
          expect(proofCheck?.status, where).toBe('failed');
          expect(
            report.problems.map((problem) => problem.title),
            where,
          ).toContain('CRYPTOGRAPHIC_SECURITY_ERROR');
          expect(report.verdict, where).toBe('tampered');
        } else {
          expect(
            report.checks.some((check) => check.status === 'failed'),
            where,
          ).toBe(true);
        }
      }
    });
  }

  it('vc-jwt: any change to the payload or header breaks the signature', async () => {
    const keyPair = await newKeyPair();
    const jwt = (await signAs(rich, keyPair, 'vc-jwt')) as string;
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json;
    for (const path of leaves(decoded)) {
      const tampered = set(decoded, path, changed(get(decoded, path), 'Z'));
      const forged = `${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;
      const report = await verifyOffline(forged, { now: FIXED_NOW });
      expect(report.verified, path.join('.')).toBe(false);
      expect(report.checks.find((check) => check.check === 'proof')?.status, path.join('.')).toBe('failed');
    }
  });

  it('property: a random string written into a random leaf is detected (rdfc)', async () => {
    const keyPair = await newKeyPair();
    const signed = (await signAs(rich, keyPair)) as Json;
    const paths = leaves(signed).filter((path) => !isStructural(path) && path[0] !== 'proof');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (path, text) => {
          const original = get(signed, path);
          fc.pre(typeof original === 'string' && original !== text);
          const report = await verifyOffline(set(signed, path, text), { now: FIXED_NOW });
          expect(report.verified).toBe(false);
          expect(report.checks.find((check) => check.check === 'proof')?.status).toBe('failed');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('other ways a credential goes wrong', () => {
  it('a wrong key: signed by a key whose controller is not the issuer', async () => {
    const issuerKey = await newKeyPair();
    const otherKey = await newKeyPair();
    const credential = issuedBy(rich, issuerKey);
    await expect(
      signCredential(
        credential,
        { keyPair: otherKey, format: 'eddsa-rdfc-2022', created: '2026-11-01T00:00:00Z' },
        { crypto, canonize },
      ),
    ).rejects.toMatchObject({ code: 'ISSUER_KEY_MISMATCH' });
    // Forged anyway (a proof made by another key for this issuer):
    const forged = (await signAs(rich, otherKey)) as Record<string, unknown>;
    const swapped = { ...forged, issuer: { ...(forged.issuer as object), id: issuerKey.controller } };
    const report = await verifyOffline(swapped, { now: FIXED_NOW });
    expect(report.verified).toBe(false);
    expect(report.verdict).toBe('tampered');
  });

  it('a swapped issuer: the issuer changed after signing', async () => {
    const keyPair = await newKeyPair();
    const signed = (await signAs(rich, keyPair)) as Record<string, unknown>;
    const stranger = await newKeyPair();
    const report = await verifyOffline(
      { ...signed, issuer: { ...(signed.issuer as object), id: stranger.controller } },
      { now: FIXED_NOW },
    );
    expect(report.verified).toBe(false);
    expect(report.checks.find((check) => check.check === 'proof')?.status).toBe('failed');
  });

  it("a proof made by someone else than the issuer, over the issuer's credential", async () => {
    const issuer = await newKeyPair();
    const other = await newKeyPair();
    const proofBySomeoneElse = await addDataIntegrityProof(
      issuedBy(rich, issuer),
      { cryptosuite: 'eddsa-rdfc-2022', keyPair: other },
      { crypto, canonize },
    );
    const report = await verifyOffline(proofBySomeoneElse, { now: FIXED_NOW });
    expect(report.checks.find((check) => check.check === 'proof')?.status).toBe('passed');
    expect(report.checks.find((check) => check.check === 'issuer')).toMatchObject({ status: 'failed' });
    expect(report.verified).toBe(false);
  });

  it('a removed proof', async () => {
    const keyPair = await newKeyPair();
    const { proof: _proof, ...unsigned } = (await signAs(rich, keyPair)) as Record<string, unknown>;
    const report = await verifyOffline(unsigned, { now: FIXED_NOW });
    expect(report.verified).toBe(false);
    expect(report.problems.map((problem) => problem.title)).toContain('CRYPTOGRAPHIC_SECURITY_ERROR');
  });

  it('a future validFrom and a past validUntil', async () => {
    const keyPair = await newKeyPair();
    const future = await signAs({ ...rich, validFrom: '2030-01-01T00:00:00Z' }, keyPair);
    const futureReport = await verifyOffline(future, { now: FIXED_NOW });
    expect(futureReport).toMatchObject({ verified: false, verdict: 'not-yet-valid' });
    const past = await signAs(
      { ...rich, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' },
      keyPair,
    );
    const pastReport = await verifyOffline(past, { now: FIXED_NOW });
    expect(pastReport).toMatchObject({ verified: false, verdict: 'expired' });
    expect(pastReport.checks.find((check) => check.check === 'validity')?.detail).toContain(
      '2021-01-01T00:00:00Z',
    );
    // Still cryptographically sound: expired is not tampered.
    expect(pastReport.checks.find((check) => check.check === 'proof')?.status).toBe('passed');
  });
});
