/**
 * Legacy forms a displayer meets (OB 3.0 displayer conformance requires VCDM 1.1 badges too): VCDM 1.1
 * credentials with `issuanceDate`, signed with Ed25519Signature2020 or eddsa-rdfc-2022 by the reference stack.
 */
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as vc from '@digitalbazaar/vc';
import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/core/encoding/bytes.js';
import { encodeMulticodec } from '../../src/core/encoding/multibase.js';
import { exportKeyFile } from '../../src/core/keys/key-pair.js';
import { FIXED_NOW, readFixtureJson } from '../support/fixtures.js';
import { referenceDocumentLoader, referenceSign, referenceVerify } from '../support/reference-stack.js';
import { issuedBy, newKeyPair, signAs, verifyOffline } from '../support/signing.js';

function vcdm11Badge(): Record<string, unknown> {
  const { validFrom, ...badge } = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
  return {
    ...badge,
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    ],
    issuanceDate: validFrom,
  };
}

describe('VCDM 1.1 Open Badges 3.0 credentials', () => {
  it('signed with Ed25519Signature2020 by the reference stack, verify in Cairn with a warning', async () => {
    const keyPair = await newKeyPair();
    const file = exportKeyFile(keyPair) as { publicKeyMultibase: string };
    const { secretKey, publicKey } = keyPair.privateKey as { secretKey: Uint8Array; publicKey: Uint8Array };
    // The 2020 key format keeps the 64-byte RFC 8032 secret (seed || public key) under the same multicodec.
    const key = await Ed25519VerificationKey2020.from({
      id: keyPair.id,
      controller: keyPair.controller,
      publicKeyMultibase: file.publicKeyMultibase,
      privateKeyMultibase: encodeMulticodec('ED25519_PRIV', concatBytes(secretKey, publicKey)),
    });
    const signed = await vc.issue({
      credential: issuedBy(vcdm11Badge(), keyPair),
      suite: new Ed25519Signature2020({ key }),
      documentLoader: referenceDocumentLoader(),
    });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const report = await verifyOffline(signed, { now: FIXED_NOW });
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ verified: true, vcdm: '1.1' });
    expect(report.warnings.join(' ')).toMatch(/Ed25519Signature2020/);
    const tampered = { ...signed, name: 'Forged' };
    expect((await verifyOffline(tampered, { now: FIXED_NOW })).verdict).toBe('tampered');
  });

  it('signed with eddsa-rdfc-2022 by the reference stack, verify in Cairn', async () => {
    const keyPair = await newKeyPair();
    const signed = await referenceSign(
      issuedBy(vcdm11Badge(), keyPair),
      exportKeyFile(keyPair),
      'eddsa-rdfc-2022',
    );
    const report = await verifyOffline(signed, { now: FIXED_NOW });
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(report.vcdm).toBe('1.1');
  });

  it('Cairn signs a VCDM 1.1 credential with the Data Integrity context added, and the reference stack verifies it', async () => {
    const keyPair = await newKeyPair();
    for (const format of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
      const signed = (await signAs(vcdm11Badge(), keyPair, format)) as Record<string, unknown>;
      expect(signed['@context']).toContain('https://w3id.org/security/data-integrity/v2');
      expect((await verifyOffline(signed, { now: FIXED_NOW })).verified).toBe(true);
      const reference = await referenceVerify(signed);
      expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
    }
  });

  it('a VCDM 1.1 VC-JWT signed by jose (the credential in the vc claim) verifies; changed, it is tampered', async () => {
    const keyPair = await newKeyPair('P-256');
    const credential = issuedBy(vcdm11Badge(), keyPair);
    const key = await jose.importJWK(
      (exportKeyFile(keyPair) as { secretKeyJwk: jose.JWK }).secretKeyJwk,
      'ES256',
    );
    // VCDM 1.1 §6.3.1: id, issuer and issuanceDate may live only in jti, iss and nbf.
    const { id, issuer: _issuer, issuanceDate, ...claim } = credential;
    const jwt = await new jose.SignJWT({ vc: claim })
      .setProtectedHeader({ alg: 'ES256', kid: keyPair.id, typ: 'JWT' })
      .setIssuer(keyPair.controller)
      .setJti(id as string)
      .setNotBefore(Date.parse(issuanceDate as string) / 1000)
      .sign(key);
    const report = await verifyOffline(jwt, { now: FIXED_NOW });
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ verified: true, format: 'jwt', vcdm: '1.1' });
    expect(report.checks[0]?.detail).toMatch(/VCDM 1\.1 vc claim/);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const changed = JSON.parse(Buffer.from(payload, 'base64url').toString());
    changed.vc.credentialSubject.achievement.name = 'Forged';
    const forged = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    expect((await verifyOffline(forged, { now: FIXED_NOW })).verdict).toBe('tampered');
  });

  it('an expired VCDM 1.1 credential (expirationDate) is expired', async () => {
    const keyPair = await newKeyPair();
    const signed = await signAs({ ...vcdm11Badge(), expirationDate: '2022-01-01T00:00:00Z' }, keyPair);
    expect((await verifyOffline(signed, { now: FIXED_NOW })).verdict).toBe('expired');
  });
});
