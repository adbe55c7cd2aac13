/**
 * Open Badges 2.0 by its own rules, against an independent issuer (test/support/ob2-issuer.ts: a real
 * HTTP server on 127.0.0.1, keys and JWS from jose, images baked without Cairn's baker), through the
 * verifier the CLI and the server use (SSRF-guarded fetch, here allowed onto loopback over http).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/core/verification/report.js';
import { createGuardedFetch } from '../../src/node/guarded-fetch.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import { readCredentialInput } from '../../src/services/read-credential-input.js';
import { createVerifier } from '../../src/services/verifier.js';
import { FIXED_NOW } from '../support/fixtures.js';
import { bakeOb2Png, bakeOb2Svg, type Json, type Ob2Issuer, startOb2Issuer } from '../support/ob2-issuer.js';

const EMAIL = 'ada@example.org';
let issuer: Ob2Issuer;
const online = createVerifier({
  crypto: nodeCryptoBackend,
  fetch: createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true }),
});
const offline = createVerifier({ crypto: nodeCryptoBackend });

function verify(input: unknown, recipient?: string): Promise<VerificationReport> {
  return online(input, { now: FIXED_NOW, ...(recipient ? { recipient } : {}) });
}

function statusOf(report: VerificationReport, check: string): string | undefined {
  return report.checks.find((entry) => entry.check === check)?.status;
}

function notPassed(report: VerificationReport) {
  return report.checks.filter((check) => check.status !== 'passed');
}

beforeAll(async () => {
  issuer = await startOb2Issuer();
});
afterAll(async () => {
  await issuer.close();
});

describe('OB 2.0 hosted assertions', () => {
  it('a hosted assertion verifies: fetched from its id, on the issuer origin, badge and issuer read', async () => {
    const assertion = issuer.hosted(EMAIL);
    const report = await verify(assertion, EMAIL);
    expect(notPassed(report)).toEqual([]);
    expect(report).toMatchObject({
      verified: true,
      verdict: 'valid',
      format: 'ob2-hosted',
      kind: 'Assertion',
    });
    expect(report.checks.map((check) => check.check)).toEqual([
      'format',
      'hosted',
      'schema',
      'badge',
      'issuer',
      'recipient',
      'validity',
      'status',
    ]);
    // The reader sees the BadgeClass and issuer as fetched.
    expect(report.credential).toMatchObject({
      badge: { name: 'Robotics Basics', issuer: { name: 'Example Maker Society' } },
    });
  });

  it('the URL alone (as baked in old images) verifies the same', async () => {
    const assertion = issuer.hosted(EMAIL);
    const report = await verify(assertion.id as string);
    expect(report).toMatchObject({ verified: true, format: 'ob2-hosted' });
  });

  it('revoked: true on the hosted assertion is revoked, with the reason', async () => {
    const assertion = issuer.hosted(EMAIL);
    issuer.revokeHosted(assertion, 'Awarded in error');
    const report = await verify(assertion);
    expect(report).toMatchObject({ verified: false, verdict: 'revoked' });
    expect(report.checks.find((check) => check.check === 'status')?.detail).toMatch(/Awarded in error/);
  });

  it('410 Gone is revoked', async () => {
    const assertion = issuer.hosted(EMAIL);
    issuer.answers.set(new URL(assertion.id as string).pathname, {
      status: 410,
      body: { id: assertion.id, revoked: true },
    });
    expect((await verify(assertion)).verdict).toBe('revoked');
  });

  it('a document at the id that names another id is invalid', async () => {
    const assertion = issuer.hosted(EMAIL);
    const path = new URL(assertion.id as string).pathname;
    issuer.answers.set(path, { status: 200, body: { ...assertion, id: `${issuer.base}/assertions/other` } });
    const report = await verify(assertion);
    expect(report).toMatchObject({ verified: false, verdict: 'invalid' });
    expect(report.checks.find((check) => check.check === 'hosted')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/names itself/),
    });
  });

  it('a copy that differs from the hosted one is tampered', async () => {
    const assertion = issuer.hosted(EMAIL);
    const forged = {
      ...assertion,
      issuedOn: '2020-01-01T00:00:00Z',
      recipient: { type: 'email', hashed: false, identity: 'mallory@example.org' },
    };
    const report = await verify(forged);
    expect(report).toMatchObject({ verified: false, verdict: 'tampered' });
    expect(report.checks.find((check) => check.check === 'hosted')?.detail).toMatch(
      /recipient, issuedOn|issuedOn, recipient/,
    );
    // The verdict rests on the issuer's copy, never on the one handed in.
    expect(report.credential).toMatchObject({ recipient: { identity: expect.stringMatching(/^sha256\$/) } });
    expect(JSON.stringify(report.credential)).not.toContain('mallory@example.org');
  });

  it('an unreachable issuer server is unknown, never valid', async () => {
    const assertion = issuer.hosted(EMAIL, { id: 'http://127.0.0.1:9/assertions/1' });
    const report = await verify(assertion);
    expect(report).toMatchObject({ verified: false, verdict: 'unknown' });
    expect(statusOf(report, 'hosted')).toBe('unknown');
    const offlineReport = await offline(issuer.hosted(EMAIL), { now: FIXED_NOW });
    expect(offlineReport).toMatchObject({ verified: false, verdict: 'unknown' });
    expect(offlineReport.checks.find((check) => check.check === 'hosted')?.detail).toMatch(/offline/);
  });

  it('an assertion hosted outside the issuer origin is refused; allowedOrigins and startsWith widen or narrow it', async () => {
    const elsewhere = await startOb2Issuer();
    try {
      // Hosted by another server, claiming the first issuer's badge.
      const assertion = elsewhere.hosted(EMAIL, { badge: issuer.badgeId });
      const report = await verify(assertion);
      expect(report).toMatchObject({ verified: false, verdict: 'invalid' });
      expect(report.checks.find((check) => check.check === 'issuer')?.detail).toMatch(
        /not hosted within the scope/,
      );
      // An issuer that allows the other host by name (host:port): now in scope.
      issuer.answers.set('/issuer', {
        status: 200,
        body: {
          ...issuer.profile,
          verification: { type: 'VerificationObject', allowedOrigins: [new URL(elsewhere.base).host] },
        },
      });
      expect(
        (await verify(elsewhere.hosted(EMAIL, { badge: issuer.badgeId }))).checks.find(
          (c) => c.check === 'issuer',
        )?.detail,
      ).toMatch(/not hosted within/);
      // The BadgeClass is on the first issuer's origin, outside its own allowedOrigins: the embedded badge works.
      const embedded = elsewhere.hosted(EMAIL, {
        badge: { ...((issuer.answers.get('/badges/robotics')?.body ?? {}) as Json) },
      });
      expect(notPassed(await verify(embedded))).toEqual([]);
      issuer.answers.set('/issuer', {
        status: 200,
        body: {
          ...issuer.profile,
          verification: { type: 'VerificationObject', startsWith: `${issuer.base}/assertions/trusted/` },
        },
      });
      const narrowed = await verify(issuer.hosted(EMAIL));
      expect(narrowed.checks.find((check) => check.check === 'issuer')).toMatchObject({
        status: 'failed',
        detail: expect.stringMatching(/does not start with/),
      });
    } finally {
      issuer.answers.set('/issuer', { status: 200, body: issuer.profile });
      await elsewhere.close();
    }
  });

  it('an issuer policy embedded in the badge is not trusted: the Profile is read from its own id', async () => {
    const elsewhere = await startOb2Issuer();
    try {
      const badge = { ...((issuer.answers.get('/badges/robotics')?.body ?? {}) as Json) };
      const forgedIssuer = {
        ...issuer.profile,
        verification: { allowedOrigins: new URL(elsewhere.base).host },
      };
      const report = await verify(elsewhere.hosted(EMAIL, { badge: { ...badge, issuer: forgedIssuer } }));
      expect(report).toMatchObject({ verified: false, verdict: 'invalid' });
    } finally {
      await elsewhere.close();
    }
  });

  it('the recipient: the salted hash matches the right address, not another', async () => {
    const assertion = issuer.hosted(EMAIL);
    expect(statusOf(await verify(assertion, 'ADA@example.org '), 'recipient')).toBe('passed');
    const other = await verify(assertion, 'bob@example.org');
    expect(other).toMatchObject({ verified: false, verdict: 'invalid' });
    expect(statusOf(other, 'recipient')).toBe('failed');
    // Without an address there is nothing to check, and the report says how to.
    const unchecked = await verify(assertion);
    expect(statusOf(unchecked, 'recipient')).toBeUndefined();
    expect(unchecked.warnings.join(' ')).toMatch(/hashed e-mail address/);
  });

  it('an expired hosted assertion is expired', async () => {
    const report = await verify(issuer.hosted(EMAIL, { expires: '2026-06-01T00:00:00Z' }));
    expect(report).toMatchObject({ verified: false, verdict: 'expired' });
  });

  it('an assertion with no verification type, or a signed payload without its JWS, is invalid', async () => {
    const { verification: _omit, ...bare } = issuer.hosted(EMAIL);
    expect((await verify(bare)).verdict).toBe('invalid');
    const payload = JSON.parse(
      Buffer.from((await issuer.signed(EMAIL)).split('.')[1] as string, 'base64url').toString(),
    );
    const report = await verify(payload);
    expect(report).toMatchObject({ verdict: 'invalid', format: 'ob2-signed' });
  });
});

describe('OB 2.0 signed assertions', () => {
  it('a JWS signed with the issuer key verifies: signature, key owner, revocation list', async () => {
    const jws = await issuer.signed(EMAIL);
    const report = await verify(jws, EMAIL);
    expect(notPassed(report)).toEqual([]);
    expect(report).toMatchObject({ verified: true, verdict: 'valid', format: 'ob2-signed' });
    expect(report.checks.map((check) => check.check)).toEqual([
      'format',
      'schema',
      'badge',
      'signature',
      'issuer',
      'recipient',
      'validity',
      'status',
    ]);
  });

  it('without verification.creator, the keys the issuer Profile lists are tried', async () => {
    const jws = await issuer.signed(EMAIL, { verification: { type: 'signed' } });
    expect(notPassed(await verify(jws))).toEqual([]);
  });

  it('a JWS signed with another key, or with a changed payload, is tampered', async () => {
    const forged = await issuer.signed(EMAIL, {}, await issuer.otherKey());
    expect(await verify(forged)).toMatchObject({ verified: false, verdict: 'tampered' });
    const [header, payload, signature] = (await issuer.signed(EMAIL)).split('.') as [string, string, string];
    const changed = {
      ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
      issuedOn: '2020-01-01T00:00:00Z',
    };
    const tampered = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    const report = await verify(tampered);
    expect(report).toMatchObject({ verified: false, verdict: 'tampered' });
    expect(statusOf(report, 'signature')).toBe('failed');
  });

  it('a key whose owner is someone else, or that the issuer does not list, is refused', async () => {
    const elsewhere = await startOb2Issuer();
    try {
      // Signed with the other server's key (its owner is that server), claiming the first issuer's badge.
      const forged = await elsewhere.signed(EMAIL, { badge: issuer.badgeId });
      const report = await verify(forged);
      expect(report).toMatchObject({ verified: false, verdict: 'invalid' });
      expect(statusOf(report, 'signature')).toBe('passed');
      expect(report.checks.find((check) => check.check === 'issuer')?.detail).toMatch(
        /belongs to .*not the issuer/,
      );
      // The issuer's own key, but its Profile no longer lists it.
      issuer.answers.set('/issuer', {
        status: 200,
        body: { ...issuer.profile, publicKey: [`${issuer.base}/keys/2`] },
      });
      const unlisted = await verify(await issuer.signed(EMAIL));
      expect(unlisted).toMatchObject({ verified: false, verdict: 'invalid' });
      expect(unlisted.checks.find((check) => check.check === 'issuer')?.detail).toMatch(
        /does not list the key/,
      );
    } finally {
      issuer.answers.set('/issuer', { status: 200, body: issuer.profile });
      await elsewhere.close();
    }
  });

  it('an assertion on the issuer revocation list is revoked, with the reason', async () => {
    const jws = await issuer.signed(EMAIL);
    const id = JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()).id as string;
    issuer.revoke(id, 'Policy violation');
    const report = await verify(jws);
    expect(report).toMatchObject({ verified: false, verdict: 'revoked' });
    expect(report.checks.find((check) => check.check === 'status')?.detail).toMatch(/Policy violation/);
  });

  it('an expired signed assertion is expired; an unreachable key is unknown', async () => {
    expect((await verify(await issuer.signed(EMAIL, { expires: '2026-03-01T00:00:00Z' }))).verdict).toBe(
      'expired',
    );
    const unreachable = await issuer.signed(EMAIL, {
      verification: { type: 'SignedBadge', creator: 'http://127.0.0.1:9/keys/1' },
    });
    const report = await verify(unreachable);
    expect(report).toMatchObject({ verified: false, verdict: 'unknown' });
    expect(statusOf(report, 'signature')).toBe('unknown');
    expect((await offline(await issuer.signed(EMAIL), { now: FIXED_NOW })).verdict).toBe('unknown');
  });
});

describe('OB 2.0 baked images', () => {
  async function verifyFile(bytes: Uint8Array | string): Promise<VerificationReport> {
    const input = readCredentialInput(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
    expect(input.bakedVersion).toBe('2.0');
    return verify(input.text, EMAIL);
  }

  it('PNG with a hosted assertion (JSON), its URL, or a signed JWS', async () => {
    const hosted = issuer.hosted(EMAIL);
    expect(notPassed(await verifyFile(bakeOb2Png(JSON.stringify(hosted))))).toEqual([]);
    expect((await verifyFile(bakeOb2Png(hosted.id as string))).verified).toBe(true);
    const signed = await verifyFile(bakeOb2Png(await issuer.signed(EMAIL)));
    expect(signed).toMatchObject({ verified: true, format: 'ob2-signed' });
  });

  it('SVG with a hosted assertion (JSON), its URL, or a signed JWS', async () => {
    const hosted = issuer.hosted(EMAIL);
    expect(notPassed(await verifyFile(bakeOb2Svg(JSON.stringify(hosted))))).toEqual([]);
    expect((await verifyFile(bakeOb2Svg(hosted.id as string))).verified).toBe(true);
    expect((await verifyFile(bakeOb2Svg(await issuer.signed(EMAIL)))).format).toBe('ob2-signed');
  });

  it('a baked signed badge revoked later is revoked', async () => {
    const jws = await issuer.signed(EMAIL);
    issuer.revoke(
      JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()).id,
      'Withdrawn',
    );
    expect((await verifyFile(bakeOb2Svg(jws))).verdict).toBe('revoked');
  });
});
