/**
 * The W3C VC-API endpoints against every case of shared/VC-API-CONTRACT.md that can run offline, on both
 * databases: issuing (rdfc and jcs) what the suites send and refusing what they must not get signed;
 * verifying credentials and presentations signed by outside did:keys (the reference stack, as the suites
 * sign them, and Cairn), and refusing every broken one with 400 or 422.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createRdfcCanonizer } from '../../../src/core/jsonld/canonize.js';
import { exportKeyFile, type KeyPair } from '../../../src/core/keys/key-pair.js';
import { type AddProofOptions, addDataIntegrityProof } from '../../../src/core/proofs/add-proof.js';
import { signVcJwt } from '../../../src/core/proofs/vc-jwt.js';
import { buildApp } from '../../../src/http/app.js';
import { nodeCryptoBackend } from '../../../src/node/node-crypto-backend.js';
import { CONFORMANCE_KEY_NAME } from '../../../src/services/vc-api.js';
import { forEachServer, TEST_PUBLIC_URL } from '../../support/http.js';
import { referenceSign, referenceSignPresentation, referenceVerify } from '../../support/reference-stack.js';
import { newKeyPair } from '../../support/signing.js';
import {
  DATA_INTEGRITY,
  EXAMPLES,
  ISSUE_ACCEPTED,
  ISSUE_REJECTED,
  V1,
  V2,
  vc1,
  vc2,
  withIssuer,
  without,
} from '../../support/vc-api-cases.js';

type Json = Record<string, unknown>;

const INSTANCES = [
  { name: 'rdfc', cryptosuite: 'eddsa-rdfc-2022' },
  { name: 'jcs', cryptosuite: 'eddsa-jcs-2022' },
] as const;
const DOMAIN = 'github.com/w3c/vc-data-model-2.0-test-suite';
const CHALLENGE = 'uZ2V0LXJlYWR5LWZvci10aGUtdGVzdA';
const PROOF_VALUE = /^z[1-9A-HJ-NP-Za-km-z]+$/;
const DATE_TIME_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const deps = { crypto: nodeCryptoBackend, canonize: createRdfcCanonizer() };

/** The base context with its true digests (from its bytes as the Recommendation fixes them). */
const BASE_CONTEXT_BYTES = readFileSync(
  new URL('../../fixtures/contexts/credentials-v2-recommendation.jsonld', import.meta.url),
);
const BASE_CONTEXT_RESOURCE = {
  id: 'https://www.w3.org/ns/credentials/v2',
  digestSRI: `sha384-${createHash('sha384').update(BASE_CONTEXT_BYTES).digest('base64')}`,
  digestMultibase: `u${createHash('sha256').update(BASE_CONTEXT_BYTES).digest('base64url')}`,
};
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const proofOf = (document: Json) => document.proof as Json;

/** Cairn signing as an outside party would (any key, any purpose, chains and sets). */
function sign(
  document: Json,
  keyPair: KeyPair,
  options: Partial<Omit<AddProofOptions, 'keyPair'>> = {},
): Promise<Json> {
  return addDataIntegrityProof(
    document,
    { cryptosuite: 'eddsa-rdfc-2022', created: '2026-01-01T00:00:00Z', ...options, keyPair },
    deps,
  );
}

/** An alumni credential of the examples context, issued by the key's did:key. */
function alumni(issuer: KeyPair, extra: Json = {}): Json {
  return vc2({
    '@context': [V2, EXAMPLES],
    id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: issuer.controller,
    validFrom: '2023-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
    ...extra,
  });
}

/** The same as VCDM 1.1 (no @vocab: every term comes from a context). */
function alumni11(issuer: KeyPair): Json {
  return vc1({
    '@context': [
      V1,
      DATA_INTEGRITY,
      {
        '@context': {
          AlumniCredential: 'https://www.example.org/AlumniCredential',
          alumniOf: 'https://www.example.org/alumniOf',
        },
      },
    ],
    type: ['VerifiableCredential', 'AlumniCredential'],
    issuer: issuer.controller,
    issuanceDate: '2023-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
  });
}

function expectProblem(response: LightMyRequestResponse, status: number | number[], code?: string) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, response.body).toContain(response.statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (code) {
    expect(response.json().code).toBe(code);
  }
}

forEachServer('VC-API', (server) => {
  let issuerId: string;
  let outsider: KeyPair;
  let other: KeyPair;

  const post = (url: string, payload: unknown) =>
    server().request({
      method: 'POST',
      url,
      headers: { accept: 'application/ld+json, application/json' },
      payload: payload as Json,
    });
  const issue = (instance: string, credential: Json, options?: unknown) =>
    post(`/vc-api/issuers/${instance}/credentials/issue`, {
      credential,
      ...(options === undefined ? {} : { options }),
    });
  const verify = (verifiableCredential: unknown, options?: unknown) =>
    post('/vc-api/credentials/verify', {
      verifiableCredential,
      ...(options === undefined ? {} : { options }),
    });
  const verifyVp = (
    verifiablePresentation: unknown,
    options: Json = { domain: DOMAIN, challenge: CHALLENGE },
  ) => post('/vc-api/presentations/verify', { verifiablePresentation, options });

  beforeAll(async () => {
    const listing = await server().request({ method: 'GET', url: '/vc-api/issuers' });
    issuerId = listing.json().issuers[0].id;
    outsider = await newKeyPair();
    other = await newKeyPair();
  });

  describe('the conformance issuer', () => {
    it('lists its instances, their did:key, endpoints and registry tags, and the verifiers', async () => {
      const response = await server().request({ method: 'GET', url: '/vc-api/issuers' });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(issuerId).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
      expect(body).toEqual({
        issuers: [
          {
            name: 'rdfc',
            id: issuerId,
            endpoint: `${TEST_PUBLIC_URL}/vc-api/issuers/rdfc/credentials/issue`,
            cryptosuite: 'eddsa-rdfc-2022',
            tags: ['vc2.0', 'eddsa-rdfc-2022'],
          },
          {
            name: 'jcs',
            id: issuerId,
            endpoint: `${TEST_PUBLIC_URL}/vc-api/issuers/jcs/credentials/issue`,
            cryptosuite: 'eddsa-jcs-2022',
            tags: ['eddsa-jcs-2022'],
          },
          {
            name: 'status',
            id: issuerId,
            endpoint: `${TEST_PUBLIC_URL}/vc-api/issuers/status/credentials/issue`,
            cryptosuite: 'eddsa-rdfc-2022',
            tags: ['BitstringStatusList'],
          },
        ],
        verifiers: [
          {
            endpoint: `${TEST_PUBLIC_URL}/vc-api/credentials/verify`,
            tags: ['vc2.0', 'eddsa-rdfc-2022', 'eddsa-jcs-2022', 'BitstringStatusList'],
          },
        ],
        vpVerifiers: [{ endpoint: `${TEST_PUBLIC_URL}/vc-api/presentations/verify`, tags: ['vc2.0'] }],
      });
    });

    it('keeps its key in the database, encrypted, and the same across restarts', async () => {
      const row = await server()
        .ctx.db.selectFrom('system_keys')
        .selectAll()
        .where('name', '=', CONFORMANCE_KEY_NAME)
        .executeTakeFirstOrThrow();
      expect(issuerId).toBe(`did:key:${row.public_key_multibase}`);
      expect(row.encrypted_secret_key).toMatch(/^v1\./);
      const restarted = await buildApp(server().ctx);
      const again = await restarted.inject({ method: 'GET', url: '/vc-api/issuers' });
      expect(again.json().issuers[0].id).toBe(issuerId);
      await restarted.close();
      // Another master key cannot open it: the server refuses to start rather than sign with a new key.
      await expect(
        buildApp({ ...server().ctx, masterKey: new Uint8Array(32).fill(7) }),
      ).rejects.toMatchObject({ code: 'INTERNAL' });
    });

    it('is not served when CAIRN_VC_API is off', async () => {
      const config = loadConfig({
        CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
        CAIRN_DATA_DIR: server().ctx.config.dataDir,
        NODE_ENV: 'test',
        CAIRN_VC_API: 'off',
      });
      const app = await buildApp({ ...server().ctx, config });
      for (const [method, url] of [
        ['GET', '/vc-api/issuers'],
        ['POST', '/vc-api/issuers/rdfc/credentials/issue'],
        ['POST', '/vc-api/credentials/verify'],
        ['POST', '/vc-api/presentations/verify'],
      ] as const) {
        const response = await app.inject(method === 'POST' ? { method, url, payload: {} } : { method, url });
        expectProblem(response, 404, 'NOT_FOUND');
      }
      await app.close();
      const production = loadConfig({
        CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
        CAIRN_DATA_DIR: server().ctx.config.dataDir,
        NODE_ENV: 'production',
      });
      expect(production.vcApi).toBe(false);
    });

    it('needs no authentication, takes application/ld+json, is rate limited and documented', async () => {
      const response = await server().request({
        method: 'POST',
        url: '/vc-api/issuers/rdfc/credentials/issue',
        headers: { 'content-type': 'application/ld+json', accept: 'application/ld+json, application/json' },
        payload: JSON.stringify({ credential: withIssuer(vc2(), issuerId) }),
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['x-ratelimit-limit']).toBe('1200');
      const openapi = await server().request({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(Object.keys(openapi.json().paths)).toEqual(
        expect.arrayContaining([
          '/vc-api/issuers',
          '/vc-api/issuers/rdfc/credentials/issue',
          '/vc-api/issuers/jcs/credentials/issue',
          '/vc-api/credentials/verify',
          '/vc-api/presentations/verify',
        ]),
      );
    });
  });

  for (const instance of INSTANCES) {
    describe(`POST /vc-api/issuers/${instance.name}/credentials/issue`, () => {
      it.each(ISSUE_ACCEPTED.map((c) => [c.name, c] as const))(
        'signs %s; Cairn and @digitalbazaar/vc verify it',
        async (_, { credential, verifyChecks }) => {
          const input = withIssuer(credential, issuerId);
          const response = await issue(instance.name, input);
          expect(response.statusCode, response.body).toBe(201);
          const signed = response.json().verifiableCredential as Json;
          const proof = proofOf(signed);
          expect(proof).toMatchObject({
            type: 'DataIntegrityProof',
            cryptosuite: instance.cryptosuite,
            proofPurpose: 'assertionMethod',
            verificationMethod: `${issuerId}#${issuerId.slice('did:key:'.length)}`,
            proofValue: expect.stringMatching(PROOF_VALUE),
            created: expect.stringMatching(DATE_TIME_STAMP),
          });
          const contexts = signed['@context'] as unknown[];
          expect(contexts[0]).toBe((input['@context'] as unknown[])[0]);
          expect(contexts.includes(V2) || contexts.includes(DATA_INTEGRITY)).toBe(true);
          expect(without(signed, 'proof', '@context')).toEqual(without(input, '@context'));

          const verified = await verify(signed, verifyChecks ? { checks: verifyChecks } : undefined);
          expect(verified.statusCode, verified.body).toBe(200);
          expect(verified.json()).toMatchObject({ verified: true, errors: [] });

          const validFrom = Date.parse(String(signed.validFrom ?? ''));
          const now = validFrom > Date.now() ? new Date(validFrom + 86_400_000) : undefined;
          // @digitalbazaar/eddsa-jcs-2022-cryptosuite 1.0 compares the proof's @context with the
          // document's by identity (`!==`), so a context object never matches once sent as JSON. Cairn
          // compares values; the suites verify JCS credentials with the issuer's own verifier only.
          const objectContext = contexts.some((entry) => typeof entry === 'object');
          if (instance.cryptosuite === 'eddsa-jcs-2022' && objectContext) {
            return;
          }
          const reference = await referenceVerify(signed, {}, now ? { now } : {});
          expect(reference.verified, String(reference.error)).toBe(true);
        },
      );

      it('adds the Data Integrity context to a VCDM 1.1 credential, and a DataIntegrityProof', async () => {
        const response = await issue(instance.name, withIssuer(vc1(), issuerId), {});
        expect(response.statusCode).toBe(201);
        const signed = response.json().verifiableCredential as Json;
        expect(signed['@context']).toEqual([V1, DATA_INTEGRITY]);
        expect(signed.issuanceDate).toBe('2020-03-16T22:37:26.544Z');
        expect(proofOf(signed)).toMatchObject({
          type: 'DataIntegrityProof',
          cryptosuite: instance.cryptosuite,
        });
        expect((await verify(signed, {})).statusCode).toBe(200);
        expect((await referenceVerify(signed)).verified).toBe(true);
      });

      it.each(ISSUE_REJECTED.map((c) => [c.name, c] as const))(
        'refuses %s',
        async (_, { credential, code }) => {
          const response = await issue(instance.name, withIssuer(credential, issuerId));
          expectProblem(response, [400, 422], code);
        },
      );

      it("joins a proof already on the credential (someone else's) in a proof set", async () => {
        const cosigned = await sign(withIssuer(vc2(), issuerId), other);
        const response = await issue(instance.name, cosigned);
        expect(response.statusCode, response.body).toBe(201);
        const signed = response.json().verifiableCredential as Json;
        expect(signed.proof).toEqual([
          cosigned.proof,
          expect.objectContaining({
            cryptosuite: instance.cryptosuite,
            verificationMethod: expect.stringContaining(issuerId),
          }),
        ]);
        expect((await verify(signed)).statusCode).toBe(200);
      });

      it('takes options absent, empty or with unknown keys; refuses another cryptosuite', async () => {
        const credential = withIssuer(vc2(), issuerId);
        for (const options of [undefined, {}, { credentialId: 'urn:uuid:1', mandatoryPointers: [], x: 1 }]) {
          expect((await issue(instance.name, credential, options)).statusCode).toBe(201);
        }
        expect(
          (await issue(instance.name, credential, { cryptosuite: instance.cryptosuite })).statusCode,
        ).toBe(201);
        const otherSuite = instance.cryptosuite === 'eddsa-rdfc-2022' ? 'eddsa-jcs-2022' : 'eddsa-rdfc-2022';
        expectProblem(
          await issue(instance.name, credential, { cryptosuite: otherSuite }),
          400,
          'UNSUPPORTED_SUITE',
        );
      });

      it('refuses a credential whose issuer is not the conformance did:key', async () => {
        for (const issuer of [
          outsider.controller,
          { id: outsider.controller },
          'https://example.org/issuer',
        ]) {
          const response = await issue(instance.name, vc2({ issuer }));
          expectProblem(response, 422, 'ISSUER_KEY_MISMATCH');
          expect(response.json().detail).toContain(issuerId);
        }
      });

      it('refuses a request that is not {credential: {...}}', async () => {
        const credential = withIssuer(vc2(), issuerId);
        expectProblem(await issue(instance.name, JSON.stringify(credential) as never), 400, 'INVALID_INPUT');
        expectProblem(
          await post(`/vc-api/issuers/${instance.name}/credentials/issue`, credential),
          400,
          'INVALID_INPUT',
        );
        expectProblem(await issue(instance.name, credential, 'fast'), 400, 'INVALID_INPUT');
        const text = await server().request({
          method: 'POST',
          url: `/vc-api/issuers/${instance.name}/credentials/issue`,
          headers: { 'content-type': 'application/json' },
          payload: '{"credential": ',
        });
        expectProblem(text, 400, 'INVALID_JSON');
      });
    });
  }

  describe('the BitstringStatusList instance', () => {
    const statusCredential = () => ({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: issuerId,
      credentialSubject: { id: 'did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r' },
    });

    it('adds a revocation entry on a list signed by the did:key issuer; the subject is kept exactly', async () => {
      const response = await issue('status', statusCredential());
      expect(response.statusCode, response.body).toBe(201);
      const vc = response.json().verifiableCredential;
      expect(vc.credentialSubject).toEqual({
        id: 'did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r',
      });
      expect(vc.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: expect.stringMatching(/^(0|[1-9]\d*)$/),
        statusListCredential: expect.stringMatching(/^http:\/\/localhost:3000\/status\//),
      });
      const list = await server().request({
        method: 'GET',
        url: new URL(vc.credentialStatus.statusListCredential).pathname,
      });
      expect(list.statusCode).toBe(200);
      const document = list.json();
      expect(document.issuer).toBe(issuerId);
      expect(document.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      expect(document.credentialSubject).toMatchObject({
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: expect.stringMatching(/^u/),
      });
      expect((await verify(vc)).statusCode).toBe(200);
      expect((await verify(document)).statusCode).toBe(200);
    });

    it('POST /vc-api/credentials/status revokes and restores; the verifier follows', async () => {
      const vc = (await issue('status', statusCredential())).json().verifiableCredential;
      const update = (status: boolean) =>
        post('/vc-api/credentials/status', {
          credentialId: vc.id,
          credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
          status,
        });
      expect((await update(true)).statusCode).toBe(200);
      const revoked = await verify(vc);
      expect(revoked.statusCode).toBe(422);
      expect(revoked.json().report.verdict).toBe('revoked');
      expect((await update(false)).statusCode).toBe(200);
      expect((await verify(vc)).statusCode).toBe(200);
      const unknown = await post('/vc-api/credentials/status', {
        credentialId: 'urn:uuid:nope',
        credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      });
      expect(unknown.statusCode).toBe(404);
      const publish = await server().request({
        method: 'POST',
        url: `${new URL(vc.credentialStatus.statusListCredential).pathname}/publish`,
      });
      expect(publish.statusCode).toBe(204);
    });

    it('refuses a credential that brings its own credentialStatus', async () => {
      const response = await issue('status', {
        ...statusCredential(),
        credentialStatus: { type: 'BitstringStatusListEntry' },
      });
      expect(response.statusCode).toBe(422);
    });
  });

  describe('POST /vc-api/credentials/verify', () => {
    /** Credentials the verifier must accept: 200, with options absent, {} and {checks: ["proof"]}. */
    const accepted: [string, () => Promise<Json>][] = [
      [
        'VCDM 2.0 signed eddsa-rdfc-2022 by another did:key (reference stack)',
        () => referenceSign(alumni(outsider), exportKeyFile(outsider), 'eddsa-rdfc-2022'),
      ],
      [
        'VCDM 2.0 signed eddsa-jcs-2022 by another did:key (reference stack)',
        () => referenceSign(alumni(outsider), exportKeyFile(outsider), 'eddsa-jcs-2022'),
      ],
      [
        'VCDM 1.1 signed eddsa-rdfc-2022 by another did:key (reference stack)',
        () => referenceSign(alumni11(outsider), exportKeyFile(outsider), 'eddsa-rdfc-2022'),
      ],
      ['VCDM 2.0 signed by Cairn with another did:key', () => sign(alumni(outsider), outsider)],
      [
        'a relatedResource with the base context’s true digests',
        () => sign(alumni(outsider, { relatedResource: [BASE_CONTEXT_RESOURCE] }), outsider),
      ],
      [
        'a proof set: two proofs by the issuer',
        async () => sign(await sign(alumni(outsider), outsider), outsider),
      ],
      [
        'a proof set: the issuer and a co-signer',
        async () => sign(await sign(alumni(outsider), other), outsider),
      ],
      ...(['string', 'array'] as const).flatMap((form) =>
        [
          ['VCDM 2.0', alumni],
          ['VCDM 1.1', alumni11],
        ].map(
          ([version, build]) =>
            [
              `a ${version} previousProof chain (${form}) whose first proof is by another did:key`,
              async () => {
                const first = await sign((build as typeof alumni)(outsider), other, {
                  id: 'urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544',
                });
                const id = 'urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544';
                return sign(first, outsider, { previousProof: form === 'string' ? id : [id] });
              },
            ] as [string, () => Promise<Json>],
        ),
      ),
    ];

    it.each(accepted)('verifies %s', async (_, build) => {
      const credential = await build();
      for (const options of [undefined, {}, { checks: ['proof'] }]) {
        const response = await verify(credential, options);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({
          verified: true,
          errors: [],
          checks: expect.arrayContaining(['proof', 'issuer']),
          report: { verified: true },
        });
      }
    });

    /** Broken credentials: 422 (a report), or 400 for a request that is not {verifiableCredential: {...}}. */
    const refused: [string, () => Promise<unknown>, number?][] = [
      ['no proof', async () => without(await sign(alumni(outsider), outsider), 'proof')],
      [
        'a relatedResource whose digest does not match the base context (signed so)',
        () =>
          sign(
            alumni(outsider, {
              relatedResource: [
                { ...BASE_CONTEXT_RESOURCE, digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' },
              ],
            }),
            outsider,
          ),
      ],
      ['proof: null', async () => ({ ...(await sign(alumni(outsider), outsider)), proof: null })],
      [
        'the credential sent as a JSON string',
        async () => JSON.stringify(await sign(alumni(outsider), outsider)),
        400,
      ],
      ...(['type', 'verificationMethod', 'proofPurpose', 'proofValue'] as const).map(
        (key) =>
          [
            `a proof without ${key}`,
            async () => {
              const signed = await sign(alumni(outsider), outsider);
              return { ...signed, proof: without(proofOf(signed), key) };
            },
          ] as [string, () => Promise<unknown>],
      ),
      [
        'proofPurpose "invalidPurpose" (signed so)',
        () => sign(alumni(outsider), outsider, { proofPurpose: 'invalidPurpose' }),
      ],
      [
        'proof type "UnknownProofType"',
        async () => {
          const signed = await sign(alumni(outsider), outsider);
          return { ...signed, proof: { ...proofOf(signed), type: 'UnknownProofType' } };
        },
      ],
      [
        'an unknown cryptosuite',
        async () => {
          const signed = await sign(alumni(outsider), outsider);
          return { ...signed, proof: { ...proofOf(signed), cryptosuite: 'UnknownCryptosuite' } };
        },
      ],
      [
        'proofValue null',
        async () => {
          const signed = await sign(alumni(outsider), outsider);
          return { ...signed, proof: { ...proofOf(signed), proofValue: null } };
        },
      ],
      [
        'a proofValue without its multibase header',
        async () => {
          const signed = await sign(alumni(outsider), outsider);
          const proof = proofOf(signed);
          return { ...signed, proof: { ...proof, proofValue: String(proof.proofValue).slice(1) } };
        },
      ],
      [
        // VCDM 1.1, as the Data Integrity suite does it: with VCDM 2.0's @vocab the type would expand
        // the same way with or without @base, and the signature would rightly hold.
        'VCDM 1.1: an @base injected when signing, with a relative type',
        async () => {
          const credential = alumni11(outsider);
          const contexts = credential['@context'] as unknown[];
          const based = {
            ...credential,
            '@context': [...contexts, { '@base': 'https://invalid.example.com/' }],
            type: ['VerifiableCredential', 'AlumniCredential', 'UndefinedCredential'],
          };
          const signed = await referenceSign(based, exportKeyFile(outsider), 'eddsa-rdfc-2022');
          return { ...signed, '@context': contexts };
        },
      ],
      [
        'VCDM 2.0: a term added after signing',
        async () => {
          const signed = clone(await sign(alumni(outsider), outsider));
          (signed.credentialSubject as Json).undefinedTerm = 'IfDroppedWillVerify';
          return signed;
        },
      ],
      [
        'VCDM 2.0: a type added after signing',
        async () => {
          const signed = clone(await sign(alumni(outsider), outsider));
          (signed.type as string[]).push('UndefinedType');
          return signed;
        },
      ],
      [
        'VCDM 1.1: an undefined term added after signing',
        async () => {
          const signed = clone(await sign(alumni11(outsider), outsider));
          (signed.credentialSubject as Json).undefinedTerm = 'IfDroppedWillVerify';
          return signed;
        },
      ],
      [
        'VCDM 1.1: an undefined type added after signing',
        async () => {
          const signed = clone(await sign(alumni11(outsider), outsider));
          (signed.type as string[]).push('UndefinedType');
          return signed;
        },
      ],
      [
        'a context the verifier does not know',
        async () => {
          const signed = await sign(alumni(outsider), outsider);
          return { ...signed, '@context': [V2, EXAMPLES, 'https://example.com/contexts/unknown/v1'] };
        },
      ],
      ...(
        [
          ['a previousProof (string) naming a missing proof', 'urn:uuid:test:missing:proof'],
          ['a previousProof (array) naming a missing proof', ['urn:uuid:test:missing:proof']],
          ['a previousProof that is not a string', 456321],
        ] as const
      ).map(
        ([name, previousProof]) =>
          [
            name,
            async () => {
              const chain = await sign(
                await sign(alumni(outsider), other, { id: 'urn:uuid:test:first:proof' }),
                outsider,
                {
                  previousProof: 'urn:uuid:test:first:proof',
                },
              );
              const [first, second] = chain.proof as Json[];
              return { ...chain, proof: [first, { ...second, previousProof }] };
            },
          ] as [string, () => Promise<unknown>],
      ),
      [
        'a chain whose previous proof does not verify',
        async () => {
          const chain = await sign(
            await sign(alumni(outsider), other, { id: 'urn:uuid:test:first:proof' }),
            outsider,
            {
              previousProof: 'urn:uuid:test:first:proof',
            },
          );
          const [first, second] = chain.proof as Json[];
          return { ...chain, proof: [{ ...first, proofValue: 'invalidProofValue' }, second] };
        },
      ],
      ['{"type": ["NonconformingDocument"]}', async () => ({ type: ['NonconformingDocument'] })],
      [
        'a credential changed after signing',
        async () => ({
          ...(await sign(alumni(outsider), outsider)),
          credentialSubject: { id: 'did:example:mallory', alumniOf: 'Elsewhere' },
        }),
      ],
      ['a credential signed by someone other than its issuer', () => sign(alumni(outsider), other)],
    ];

    it.each(refused)('refuses %s', async (_, build, status = 422) => {
      const credential = await build();
      for (const options of [undefined, {}, { checks: ['proof'] }]) {
        const response = await verify(credential, options);
        expectProblem(response, status, status === 422 ? 'VERIFICATION_FAILED' : 'INVALID_INPUT');
        if (status === 422) {
          expect(response.json()).toMatchObject({ verified: false, report: { verified: false } });
          expect(response.json().errors.length).toBeGreaterThan(0);
        }
      }
    });

    it('refuses the body {"type": ["NonconformingDocument"]} itself', async () => {
      expectProblem(
        await post('/vc-api/credentials/verify', { type: ['NonconformingDocument'] }),
        400,
        'INVALID_INPUT',
      );
    });

    it('honors options.checks: validity decides unless only the proof is asked for', async () => {
      const expired = await sign(
        alumni(outsider, { validFrom: '2019-01-01T00:00:00Z', validUntil: '2020-01-01T00:00:00Z' }),
        outsider,
      );
      const full = await verify(expired);
      expectProblem(full, 422, 'VERIFICATION_FAILED');
      expect(full.json().detail).toMatch(/^validity: /);
      expect(full.json().errors).toEqual([expect.objectContaining({ title: 'RANGE_ERROR' })]);
      expectProblem(await verify(expired, { checks: ['proof', 'expiration'] }), 422, 'VERIFICATION_FAILED');
      const proofOnly = await verify(expired, { checks: ['proof'] });
      expect(proofOnly.statusCode).toBe(200);
      expect(proofOnly.json().checks).not.toContain('validity');
      expect(proofOnly.json().warnings).toEqual([expect.stringMatching(/^validity \(not requested/)]);
      const unknown = await verify(await sign(alumni(outsider), outsider), { checks: ['proof', 'teleport'] });
      expect(unknown.statusCode).toBe(200);
      expect(unknown.json().warnings).toEqual([expect.stringMatching(/teleport/)]);
    });
  });

  describe('POST /vc-api/presentations/verify', () => {
    let holder: KeyPair;
    let credentials: Json[];

    const signVp = (presentation: Json) =>
      referenceSignPresentation(clone(presentation), exportKeyFile(holder), {
        domain: DOMAIN,
        challenge: CHALLENGE,
      });
    const signVpWithCairn = (presentation: Json) =>
      sign(presentation, holder, { proofPurpose: 'authentication', domain: DOMAIN, challenge: CHALLENGE });

    beforeAll(async () => {
      holder = await newKeyPair();
      credentials = [
        await referenceSign(
          vc2({ issuer: holder.controller, credentialSubject: { id: 'did:example:subject' } }),
          exportKeyFile(holder),
          'eddsa-rdfc-2022',
        ),
        await referenceSign(
          vc2({ issuer: holder.controller, credentialSubject: { id: 'did:example:other-subject' } }),
          exportKeyFile(holder),
          'eddsa-rdfc-2022',
        ),
      ];
    });

    const vp = (extra: Json = {}): Json => ({ '@context': [V2], type: ['VerifiablePresentation'], ...extra });

    const acceptedVps: [string, () => Promise<Json>][] = [
      ['a presentation without holder or credentials', () => signVp(vp())],
      [
        'a holder as a string, with a credential',
        () => signVp(vp({ holder: holder.controller, verifiableCredential: [credentials[0]] })),
      ],
      [
        'a holder as an object, with a credential',
        () => signVp(vp({ holder: { id: holder.controller }, verifiableCredential: [credentials[0]] })),
      ],
      ['an id', () => signVp(vp({ id: 'urn:uuid:9c9a36f8-518f-4976-a934-6649502d0008' }))],
      [
        'an extra type defined in a context object',
        () =>
          signVp(
            vp({
              '@context': [
                V2,
                {
                  CredentialManagerPresentation: 'https://example.org/examples#CredentialManagerPresentation',
                },
              ],
              type: ['VerifiablePresentation', 'CredentialManagerPresentation'],
            }),
          ),
      ],
      [
        'several credentials',
        () => signVp(vp({ holder: holder.controller, verifiableCredential: credentials })),
      ],
      [
        'an enveloped credential (VC-JWT)',
        async () => {
          const jwt = await signVcJwt(
            vc2({
              id: 'urn:uuid:0b6f3c52-9a49-4a8e-a5f5-6f3e44c1f7a2',
              issuer: holder.controller,
              validFrom: '2023-01-01T00:00:00Z',
            }),
            holder,
            nodeCryptoBackend,
          );
          return signVpWithCairn(
            vp({
              verifiableCredential: [
                {
                  '@context': V2,
                  type: 'EnvelopedVerifiableCredential',
                  id: `data:application/vc+jwt,${jwt}`,
                },
              ],
            }),
          );
        },
      ],
    ];

    it.each(acceptedVps)('verifies %s', async (_, build) => {
      const response = await verifyVp(await build());
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ verified: true, errors: [], report: { verified: true } });
    });

    const refusedVps: [string, () => Promise<unknown>, number?][] = [
      ['no @context', async () => without(await signVp(vp()), '@context')],
      [
        'the base context after another (signed so)',
        () =>
          signVpWithCairn(
            vp({
              '@context': [
                {
                  CredentialManagerPresentation: 'https://example.org/examples#CredentialManagerPresentation',
                },
                V2,
              ],
              type: ['VerifiablePresentation', 'CredentialManagerPresentation'],
            }),
          ),
      ],
      [
        'the contexts reordered after signing',
        async () => ({ ...(await signVp(vp())), '@context': [EXAMPLES, V2] }),
      ],
      ['no base context (unsigned)', async () => vp({ '@context': [EXAMPLES] })],
      ...['https://example.com', 'https ://not-a-url/contexts/example/v1', 123192875].map(
        (entry) =>
          [
            `a bad @context entry ${JSON.stringify(entry)}`,
            async () => {
              const signed = clone(await signVp(vp({ verifiableCredential: [credentials[0]] })));
              (signed['@context'] as unknown[])[1] = entry;
              return signed;
            },
          ] as [string, () => Promise<unknown>],
      ),
      ['no type (unsigned)', async () => without(vp(), 'type')],
      [
        'no VerifiablePresentation type',
        () =>
          signVpWithCairn(
            vp({
              '@context': [
                V2,
                {
                  CredentialManagerPresentation: 'https://example.org/examples#CredentialManagerPresentation',
                },
              ],
              type: ['CredentialManagerPresentation'],
            }),
          ),
      ],
      [
        'a tampered proofValue',
        async () => {
          const signed = await signVp(vp());
          return { ...signed, proof: { ...proofOf(signed), proofValue: 'z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh' } };
        },
      ],
      ['unsigned garbage', async () => ({ type: ['NonconformingDocument'] })],
      ['a presentation sent as a JSON string', async () => JSON.stringify(await signVp(vp())), 400],
      [
        'a holder who did not sign',
        () => signVp(vp({ holder: other.controller, verifiableCredential: [credentials[0]] })),
      ],
      [
        'a credential changed after signing',
        () =>
          signVp(
            vp({
              holder: holder.controller,
              verifiableCredential: [{ ...credentials[0], credentialSubject: { id: 'did:example:mallory' } }],
            }),
          ),
      ],
    ];

    it.each(refusedVps)('refuses %s', async (_, build, status = 422) => {
      const response = await verifyVp(await build());
      expectProblem(response, status, status === 422 ? 'VERIFICATION_FAILED' : 'INVALID_INPUT');
    });

    it('refuses another domain or challenge than the verifier asked for', async () => {
      const signed = await signVp(vp({ holder: holder.controller, verifiableCredential: credentials }));
      expect((await verifyVp(signed)).statusCode).toBe(200);
      expectProblem(
        await verifyVp(signed, { domain: DOMAIN, challenge: 'another' }),
        422,
        'VERIFICATION_FAILED',
      );
      expectProblem(
        await verifyVp(signed, { domain: 'example.org', challenge: CHALLENGE }),
        422,
        'VERIFICATION_FAILED',
      );
      expectProblem(await verifyVp(signed, { domain: { not: 'a string' } }), 400, 'INVALID_INPUT');
    });
  });
});
