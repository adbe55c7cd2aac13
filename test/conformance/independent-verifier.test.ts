/**
 * Independent checks, both ways: what Cairn signs verifies with Digital Bazaar's @digitalbazaar/vc (and
 * JWTs with `jose`), and what those libraries sign verifies in Cairn. Every OB 3.0 example of the spec
 * signs with each suite and verifies.
 */
import { readdirSync } from 'node:fs';
import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { validateCredential } from '../../src/core/credentials/validate-credential.js';
import { exportKeyFile } from '../../src/core/keys/key-pair.js';
import { FIXED_NOW, fixturePath, readFixtureJson } from '../support/fixtures.js';
import { joseSignVcJwt, referenceSign, referenceVerify } from '../support/reference-stack.js';
import { issuedBy, newKeyPair, signAs, verifyOffline } from '../support/signing.js';

const EXAMPLES_DIR = 'standards/examples/ob3';
const examples = readdirSync(fixturePath(EXAMPLES_DIR)).filter((name) => name.endsWith('.json'));
// The spec's equality examples name a context that does not exist (STANDARDS-NOTES trap 14).
const BOGUS_CONTEXT = 'https://www.w3.org/2018/credentials/examples/v2';

function example(name: string): Record<string, unknown> {
  const credential = readFixtureJson(`${EXAMPLES_DIR}/${name}`);
  const contexts = credential['@context'] as string[];
  return contexts.includes(BOGUS_CONTEXT)
    ? {
        ...credential,
        '@context': contexts.map((url) =>
          url === BOGUS_CONTEXT ? 'https://www.w3.org/ns/credentials/examples/v2' : url,
        ),
      }
    : credential;
}

describe('every OB 3.0 example signs with each suite and verifies', () => {
  it('there are examples to test', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of examples) {
    for (const format of ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'vc-jwt'] as const) {
      it(`${name} with ${format}`, async () => {
        const keyPair = await newKeyPair();
        const signed = await signAs(example(name), keyPair, format);
        const report = await verifyOffline(signed, { now: FIXED_NOW });
        const failedOrUnknown = report.checks.filter((check) => check.status !== 'passed');
        if ((example(name) as { credentialStatus?: unknown }).credentialStatus) {
          // A status entry cannot be checked without the issuer's list: honest "unknown", not verified.
          expect(failedOrUnknown.map((check) => [check.check, check.status])).toEqual([
            ['status', 'unknown'],
          ]);
          expect(report.verified).toBe(false);
          expect(report.verdict).toBe('unknown');
        } else {
          expect(failedOrUnknown).toEqual([]);
          expect(report.verified).toBe(true);
        }
        if (format !== 'vc-jwt') {
          // What Cairn issues passes the formal (strict, array-valued) OB 3.0 schema, proof included.
          const formal = validateCredential(signed, { mode: 'issue' });
          expect(formal.errors).toEqual([]);
          const reference = await referenceVerify(signed as Record<string, unknown>);
          expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
        }
      });
    }
  }

  it('an example naming a context that does not exist is refused, not fetched', async () => {
    const keyPair = await newKeyPair();
    const raw = readFixtureJson(`${EXAMPLES_DIR}/equality-sample-A.json`);
    await expect(signAs(raw, keyPair)).rejects.toMatchObject({ code: 'CONTEXT_UNKNOWN' });
  });
});

describe('credentials signed by the reference stack verify in Cairn', () => {
  for (const cryptosuite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
    for (const name of [
      'basic-openbadgecredential.json',
      'achievement-alignment-case.json',
      'skill-assertion-case.json',
    ]) {
      it(`${name} signed by @digitalbazaar/vc with ${cryptosuite}`, async () => {
        const keyPair = await newKeyPair();
        const signed = await referenceSign(
          issuedBy(example(name), keyPair),
          exportKeyFile(keyPair),
          cryptosuite,
        );
        const report = await verifyOffline(signed, { now: FIXED_NOW });
        expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
        expect(report.verified).toBe(true);
        // And a one-character change is caught.
        const tampered = { ...signed, name: `${String(signed.name)}!` };
        expect((await verifyOffline(tampered, { now: FIXED_NOW })).verdict).toBe('tampered');
      });
    }
  }
});

describe('VC-JWTs Cairn signs verify with jose', () => {
  for (const algorithm of ['Ed25519', 'P-256', 'RSA'] as const) {
    it(`${algorithm}`, async () => {
      const keyPair = await newKeyPair(algorithm);
      const jwt = (await signAs(example('basic-openbadgecredential.json'), keyPair, 'vc-jwt')) as string;
      const file = exportKeyFile(keyPair, { includeSecret: false });
      const jwk =
        'publicKeyJwk' in file
          ? file.publicKeyJwk
          : {
              kty: 'OKP',
              crv: 'Ed25519',
              x: Buffer.from((keyPair.privateKey as { publicKey: Uint8Array }).publicKey).toString(
                'base64url',
              ),
            };
      const alg = { Ed25519: 'EdDSA', 'P-256': 'ES256', RSA: 'RS256' }[algorithm];
      const key = await jose.importJWK(jwk as jose.JWK, alg);
      const { payload, protectedHeader } = await jose.jwtVerify(jwt, key, { currentDate: FIXED_NOW });
      expect(protectedHeader).toEqual({ alg, kid: keyPair.id, typ: 'JWT' });
      expect(payload.iss).toBe(keyPair.controller);
      expect(payload.jti).toBe(payload.id);
      expect(payload.nbf).toBe(Date.parse(payload.validFrom as string) / 1000);
      expect((await verifyOffline(jwt, { now: FIXED_NOW })).verified).toBe(true);
    });
  }

  it('a JWT signed by jose in the OB 3.0 form verifies in Cairn', async () => {
    const keyPair = await newKeyPair('P-256');
    const credential = issuedBy(example('basic-openbadgecredential.json'), keyPair);
    const jwt = await joseSignVcJwt(credential, keyPair);
    const report = await verifyOffline(jwt, { now: FIXED_NOW });
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
  });
});
