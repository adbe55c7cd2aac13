import { beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../../../test/support/fixtures.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { createRdfcCanonizer } from '../jsonld/canonize.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import { generateKeyPair, type KeyPair } from '../keys/key-pair.js';
import { addDataIntegrityProof } from '../proofs/add-proof.js';
import { signVcJwt } from '../proofs/vc-jwt.js';
import { envelopedCredentialPayload, verifyPresentation } from './verify-presentation.js';

const crypto = nodeCryptoBackend;
const deps = { crypto, canonize: createRdfcCanonizer() };
const DOMAIN = 'verifier.example';
const CHALLENGE = 'u-challenge-1234';

type Json = Record<string, unknown>;

function credentialBy(issuer: KeyPair, subject: string): Json {
  return {
    '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_EXAMPLES_V2],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: issuer.controller,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: subject, alumniOf: 'The School of Examples' },
  };
}

async function sign(document: Json, keyPair: KeyPair, purpose = 'assertionMethod', extra: Json = {}) {
  return addDataIntegrityProof(
    document,
    { cryptosuite: 'eddsa-rdfc-2022', keyPair, proofPurpose: purpose, ...extra },
    deps,
  );
}

async function presentationOf(holder: KeyPair, credentials: unknown[], extra: Json = {}) {
  return sign(
    {
      '@context': [CONTEXT_URLS.VC_V2],
      type: ['VerifiablePresentation'],
      holder: holder.controller,
      verifiableCredential: credentials,
      ...extra,
    },
    holder,
    'authentication',
    { domain: DOMAIN, challenge: CHALLENGE },
  );
}

const verify = (vp: unknown, options: { domain?: string; challenge?: string } = {}) =>
  verifyPresentation(vp, { now: FIXED_NOW, crypto, domain: DOMAIN, challenge: CHALLENGE, ...options });

const failed = (report: Awaited<ReturnType<typeof verify>>) =>
  report.checks.filter((check) => check.status !== 'passed').map((check) => check.check);

describe('verifyPresentation', () => {
  let issuer: KeyPair;
  let holder: KeyPair;
  let credentials: Json[];

  beforeAll(async () => {
    issuer = await generateKeyPair('Ed25519', crypto);
    holder = await generateKeyPair('Ed25519', crypto);
    credentials = [
      await sign(credentialBy(issuer, holder.controller), issuer),
      await sign(credentialBy(issuer, 'did:example:other'), issuer),
    ];
  });

  it('verifies a presentation signed by its holder, with every credential it carries', async () => {
    const report = await verify(await presentationOf(holder, credentials));
    expect(failed(report)).toEqual([]);
    expect(report).toMatchObject({
      verified: true,
      verdict: 'valid',
      vcdm: '2.0',
      holder: holder.controller,
    });
    expect(report.checks.map((check) => check.check)).toEqual([
      'format',
      'context',
      'schema',
      'proof',
      'holder',
      'credential',
      'credential',
    ]);
    expect(report.credentials.map((credential) => credential.verified)).toEqual([true, true]);
  });

  it('verifies a presentation without holder or credentials, and with the holder as an object', async () => {
    const bare = await sign(
      { '@context': [CONTEXT_URLS.VC_V2], type: ['VerifiablePresentation'] },
      holder,
      'authentication',
      { domain: DOMAIN, challenge: CHALLENGE },
    );
    expect((await verify(bare)).verified).toBe(true);
    const objectHolder = await presentationOf(holder, credentials, { holder: { id: holder.controller } });
    expect((await verify(objectHolder)).verified).toBe(true);
  });

  it('refuses the wrong domain or challenge, and the assertionMethod purpose', async () => {
    const vp = await presentationOf(holder, credentials);
    expect(failed(await verify(vp, { challenge: 'another' }))).toEqual(['proof', 'holder']);
    expect(failed(await verify(vp, { domain: 'elsewhere.example' }))).toEqual(['proof', 'holder']);
    const asserted = await sign(
      { '@context': [CONTEXT_URLS.VC_V2], type: ['VerifiablePresentation'] },
      holder,
      'assertionMethod',
      { domain: DOMAIN, challenge: CHALLENGE },
    );
    const report = await verify(asserted);
    expect(report.verified).toBe(false);
    expect(report.checks.find((check) => check.check === 'proof')?.detail).toMatch(/authentication/);
  });

  it('refuses a presentation signed by someone other than its holder', async () => {
    const vp = await presentationOf(holder, credentials, { holder: issuer.controller });
    const report = await verify(vp);
    expect(failed(report)).toEqual(['holder']);
    expect(report.verdict).toBe('invalid');
  });

  it('refuses an unsigned presentation, and a tampered one', async () => {
    const vp = await presentationOf(holder, credentials);
    const { proof: _proof, ...unsigned } = vp;
    expect(failed(await verify(unsigned))).toEqual(['proof', 'holder']);
    const tampered = {
      ...vp,
      proof: { ...(vp.proof as Json), proofValue: 'z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh' },
    };
    expect((await verify(tampered)).verified).toBe(false);
    const changed = { ...vp, id: 'urn:uuid:4d2e5e1e-7a4c-4f7e-8d0c-6a4b1b0f8e11' };
    expect((await verify(changed)).verdict).toBe('tampered');
  });

  it('refuses a presentation carrying a credential that does not verify', async () => {
    const [first, second] = credentials as [Json, Json];
    const forged = { ...second, credentialSubject: { id: 'did:example:mallory', alumniOf: 'Elsewhere' } };
    const report = await verify(await presentationOf(holder, [first, forged]));
    expect(failed(report)).toEqual(['credential']);
    expect(report.credentials.map((credential) => credential.verdict)).toEqual(['valid', 'tampered']);
  });

  it.each([
    [
      'no @context',
      (vp: Json) => ({ ...vp, '@context': undefined }),
      ['context', 'schema', 'proof', 'holder'],
    ],
    [
      'the base context second',
      (vp: Json) => ({ ...vp, '@context': [CONTEXT_URLS.VC_EXAMPLES_V2, CONTEXT_URLS.VC_V2] }),
      ['schema'],
    ],
    [
      'an unknown context',
      (vp: Json) => ({ ...vp, '@context': [CONTEXT_URLS.VC_V2, 'https://example.com'] }),
      ['context', 'proof', 'holder'],
    ],
    [
      'a number as a context',
      (vp: Json) => ({ ...vp, '@context': [CONTEXT_URLS.VC_V2, 123192875] }),
      ['context', 'schema', 'proof', 'holder'],
    ],
    ['no type', (vp: Json) => ({ ...vp, type: undefined }), ['schema', 'proof', 'holder']],
    [
      'no VerifiablePresentation type',
      (vp: Json) => ({ ...vp, type: ['VerifiableCredential'] }),
      ['schema', 'proof', 'holder'],
    ],
    [
      'a credential as a URL',
      (vp: Json) => ({ ...vp, verifiableCredential: ['https://example.com/vc/1'] }),
      ['schema', 'proof', 'holder', 'credential'],
    ],
  ])('refuses a presentation with %s', async (_, mutate, expected) => {
    const vp = await presentationOf(holder, [credentials[0]]);
    const mutated = JSON.parse(JSON.stringify(mutate(vp)));
    const report = await verify(mutated);
    expect(report.verified).toBe(false);
    expect(failed(report)).toEqual(expected);
  });

  it('refuses what is not a presentation at all', async () => {
    for (const input of ['garbage', '{"type":["NonconformingDocument"]}', 42, null, []]) {
      const report = await verify(input);
      expect(report.verified).toBe(false);
    }
    expect(failed(await verify({ type: ['NonconformingDocument'] }))).toEqual(['context', 'schema', 'proof']);
  });

  it('verifies an enveloped credential (a VC-JWT in a data: URL)', async () => {
    const jwt = await signVcJwt(
      { ...credentialBy(issuer, holder.controller), id: 'urn:uuid:0b6f3c52-9a49-4a8e-a5f5-6f3e44c1f7a2' },
      issuer,
      crypto,
    );
    expect(envelopedCredentialPayload(`data:application/vc+jwt,${jwt}`)).toBe(jwt);
    expect(envelopedCredentialPayload(`data:application/vc-ld+jwt;base64url,${jwt}`)).toBe(jwt);
    expect(envelopedCredentialPayload('https://example.com')).toBeUndefined();
    const enveloped = {
      '@context': CONTEXT_URLS.VC_V2,
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${jwt}`,
    };
    const report = await verify(await presentationOf(holder, [enveloped]));
    expect(failed(report)).toEqual([]);
    expect(report.credentials[0]?.format).toBe('jwt');
    const broken = await presentationOf(holder, [{ ...enveloped, id: 'https://example.com/vc/1' }]);
    expect(failed(await verify(broken))).toEqual(['credential']);
  });
});
