/**
 * The issue cases of the W3C VC-API contract (shared/VC-API-CONTRACT.md, "Rejection" and "Acceptance must
 * cover"), written for Cairn: what an issuer must refuse, and what it must sign. The core test runs them
 * through `assertIssuable`, the HTTP test through the VC-API issuer instances on both databases.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ErrorCode } from '../../src/errors.js';

type Json = Record<string, unknown>;

export const V2 = 'https://www.w3.org/ns/credentials/v2';
export const V1 = 'https://www.w3.org/2018/credentials/v1';
export const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';
export const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2';

const SUBJECT = { id: 'did:example:subject' };

/** A minimal VCDM 2.0 credential (no issuer: the issuer instance's id is filled in, as the suites do). */
export function vc2(extra: Json = {}): Json {
  return { '@context': [V2], type: ['VerifiableCredential'], credentialSubject: SUBJECT, ...extra };
}

/** A minimal VCDM 1.1 credential, as the Data Integrity "issuers" suite sends it. */
export function vc1(extra: Json = {}): Json {
  return {
    '@context': [V1],
    id: 'urn:uuid:86294362-4254-4f36-854f-3952fe42555d',
    type: ['VerifiableCredential'],
    issuanceDate: '2020-03-16T22:37:26.544Z',
    credentialSubject: { id: 'did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b' },
    ...extra,
  };
}

/** The credential minus some properties. */
export function without(credential: Json, ...keys: string[]): Json {
  return Object.fromEntries(Object.entries(credential).filter(([key]) => !keys.includes(key)));
}

/**
 * The issuer the way the suites fill it in: an object issuer without an `id` gets it, an absent issuer
 * becomes the id; an explicit `null` (or any string) is left as the fixture wrote it.
 */
export function withIssuer(credential: Json, issuerId: string): Json {
  const issuer = credential.issuer;
  if (typeof issuer === 'object' && issuer !== null && !Array.isArray(issuer)) {
    return 'id' in issuer ? credential : { ...credential, issuer: { ...issuer, id: issuerId } };
  }
  return 'issuer' in credential ? credential : { ...credential, issuer: issuerId };
}

// The base context's true digests, from its bytes as the Recommendation fixes them (the issuer checks
// them); a resource Cairn cannot know offline (the examples context) keeps whatever digest it is given.
const BASE_CONTEXT = readFileSync(
  new URL('../fixtures/contexts/credentials-v2-recommendation.jsonld', import.meta.url),
);
const digestSRI = `sha384-${createHash('sha384').update(BASE_CONTEXT).digest('base64')}`;
const baseDigestMultibase = `u${createHash('sha256').update(BASE_CONTEXT).digest('base64url')}`;
const digestMultibase = 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA';

export type RejectedCase = { name: string; credential: Json; code: ErrorCode };

export const ISSUE_REJECTED: RejectedCase[] = [
  // @context
  { name: 'no @context', credential: without(vc2(), '@context'), code: 'CREDENTIAL_NOT_SIGNABLE' },
  {
    name: 'the base context not first',
    credential: vc2({ '@context': [EXAMPLES, V2] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a context that is not a URL',
    credential: vc2({ '@context': [V2, 'https ://not-a-url/contexts/example/v1'] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a number as a context',
    credential: vc2({ '@context': [V2, 123192875] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a context Cairn does not know',
    credential: vc2({ '@context': [V2, 'https://example.com'] }),
    code: 'CONTEXT_UNKNOWN',
  },
  {
    name: 'the protected VerifiableCredential term redefined',
    credential: vc2({
      '@context': [V2, { VerifiableCredential: 'https://example.org/#BadVerifiableCredential' }],
    }),
    code: 'JSONLD_ERROR',
  },
  {
    name: 'a @protected term redefined',
    credential: vc2({
      '@context': [
        V2,
        {
          '@protected': true,
          ExampleVerifiableCredential: 'https://example.org/#ExampleVerifiableCredential',
        },
        { ExampleVerifiableCredential: 'https://example.org/#ExampleBadVerifiableCredential' },
      ],
      type: ['VerifiableCredential', 'ExampleVerifiableCredential'],
    }),
    code: 'JSONLD_ERROR',
  },
  // type
  { name: 'no type', credential: without(vc2(), 'type'), code: 'CREDENTIAL_NOT_SIGNABLE' },
  {
    name: 'no VerifiableCredential type',
    credential: vc2({
      '@context': [V2, { ExampleTestCredential: 'https://example.org/examples#ExampleTestCredential' }],
      type: ['ExampleTestCredential'],
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a type mapped to something that is not an IRI',
    credential: vc2({
      '@context': [V2, { ExampleTestCredential: 'https ://not-a-url#ExampleTestCredential' }],
      type: ['VerifiableCredential', 'ExampleTestCredential'],
    }),
    code: 'JSONLD_ERROR',
  },
  {
    name: 'an unmapped type ("@vocab": null)',
    credential: vc2({
      '@context': [V2, { '@vocab': null }],
      type: ['VerifiableCredential', 'ExampleTestCredential'],
    }),
    code: 'JSONLD_UNDEFINED_TERM',
  },
  {
    name: 'VCDM 1.1: an undefined type (no @vocab)',
    credential: vc1({ type: ['VerifiableCredential', 'InvalidType'] }),
    code: 'JSONLD_UNDEFINED_TERM',
  },
  {
    name: 'VCDM 1.1: an undefined credentialSubject term (no @vocab)',
    credential: vc1({
      credentialSubject: { id: 'did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b', invalidTerm: 'x' },
    }),
    code: 'JSONLD_UNDEFINED_TERM',
  },
  // Identifiers
  { name: 'a null id', credential: vc2({ id: null }), code: 'CREDENTIAL_NOT_SIGNABLE' },
  {
    name: 'an id that is a list',
    credential: vc2({ id: ['urn:uuid:9f1c1e4a-1111-4c1a-9c1a-1a2b3c4d5e6f', 'urn:uuid:2'] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  { name: 'an id that is not a URL', credential: vc2({ id: 'not a url' }), code: 'CREDENTIAL_NOT_SIGNABLE' },
  {
    name: 'several credentialSubject ids',
    credential: vc2({ credentialSubject: { id: ['did:example:subject:one', 'did:example:subject:two'] } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // Issuer
  {
    name: 'an issuer that is not a URL',
    credential: vc2({ issuer: 'not a url' }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  { name: 'a null issuer', credential: vc2({ issuer: null }), code: 'CREDENTIAL_NOT_SIGNABLE' },
  {
    name: 'an issuer object with a null id',
    credential: vc2({ issuer: { id: null } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'an issuer object whose id is not a URL',
    credential: vc2({ issuer: { id: 'not a url' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // Credential subject
  {
    name: 'no credentialSubject',
    credential: without(vc2(), 'credentialSubject'),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'an empty credentialSubject',
    credential: vc2({ credentialSubject: {} }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'an empty member of a credentialSubject list',
    credential: vc2({ credentialSubject: [SUBJECT, {}] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // Names and descriptions
  ...(['name', 'description'] as const).flatMap((key) => [
    {
      name: `a ${key} value object with an extra key`,
      credential: vc2({ [key]: { '@value': 'Example', '@language': 'en', extra: 'not allowed' } }),
      code: 'CREDENTIAL_NOT_SIGNABLE' as const,
    },
    {
      name: `an issuer.${key} value object with an extra key`,
      credential: vc2({
        issuer: { [key]: { '@value': 'Example', '@language': 'en', extra: 'not allowed' } },
      }),
      code: 'CREDENTIAL_NOT_SIGNABLE' as const,
    },
  ]),
  // Validity
  {
    name: 'a validFrom that is not a dateTimeStamp',
    credential: vc2({ validFrom: '2023-02-26' }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a validUntil that is not a dateTimeStamp',
    credential: vc2({ validUntil: '2025-01-01T00:00:00' }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'validFrom after validUntil',
    credential: vc2({ validFrom: '2030-01-01T00:00:00Z', validUntil: '2029-01-01T00:00:00Z' }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // Typed objects
  {
    name: 'a credentialStatus without a type',
    credential: vc2({ credentialStatus: { id: 'did:example:status' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialStatus whose type is not a string',
    credential: vc2({ credentialStatus: { id: 'did:example:status', type: 2 } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialStatus whose id is not a URL',
    credential: vc2({ credentialStatus: { id: 'not a url', type: 'https://example.org/#Status' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialStatus whose id is a list',
    credential: vc2({
      credentialStatus: {
        id: ['did:example:status/1', 'did:example:status/2'],
        type: 'https://example.org/#Status',
      },
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialSchema without a type',
    credential: vc2({ credentialSchema: { id: 'did:example:schema' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialSchema without an id',
    credential: vc2({ credentialSchema: { type: 'https://example.org/#Schema' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a credentialSchema whose id is not a URL',
    credential: vc2({ credentialSchema: { id: 'not a url', type: 'https://example.org/#Schema' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  ...(['refreshService', 'termsOfUse', 'evidence'] as const).map((key) => ({
    name: `${key} without a type`,
    credential: vc2({ [key]: { id: 'did:example:object' } }),
    code: 'CREDENTIAL_NOT_SIGNABLE' as const,
  })),
  {
    name: 'a proof without a type',
    credential: vc2({
      '@context': [V2, DATA_INTEGRITY],
      proof: {
        created: '2023-07-28T22:25:05Z',
        proofPurpose: 'assertionMethod',
        verificationMethod:
          'did:key:z6Mkska8oQD7QQQWxqa7L5ai4mH98HfAdSwomPFYKuqNyE2y#z6Mkska8oQD7QQQWxqa7L5ai4mH98HfAdSwomPFYKuqNyE2y',
        proofValue:
          'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiNgfsSzSBFRfTyBb',
      },
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // relatedResource
  {
    name: 'relatedResource as a list of strings',
    credential: vc2({ relatedResource: [V2, EXAMPLES] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a relatedResource without an id',
    credential: vc2({ relatedResource: [{ digestSRI }] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'relatedResource naming one id twice',
    credential: vc2({
      relatedResource: [
        { id: V2, digestSRI },
        { id: V2, digestMultibase },
      ],
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a relatedResource without a digest',
    credential: vc2({ relatedResource: [{ id: V2, mediaType: 'application/ld+json' }] }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // The data-model suite's wrong digests of the base context.
  {
    name: 'a relatedResource with a wrong digestMultibase',
    credential: vc2({
      relatedResource: [{ id: V2, digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' }],
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  {
    name: 'a relatedResource with a wrong digestSRI',
    credential: vc2({
      relatedResource: [
        { id: V2, digestSRI: 'sha384-_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P' },
      ],
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE',
  },
  // Status entries, wherever they are
  ...[42, '-1', '1.5', 'ten', '0x1F'].map((index) => ({
    name: `a BitstringStatusListEntry under statusEntry with statusListIndex ${JSON.stringify(index)}`,
    credential: vc2({
      statusEntry: {
        id: 'https://example.org/status/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: index,
        statusListCredential: 'https://example.org/status/1',
      },
    }),
    code: 'CREDENTIAL_NOT_SIGNABLE' as const,
  })),
];

export type AcceptedCase = {
  name: string;
  credential: Json;
  /**
   * The checks a verifier is asked for when verifying the issued credential (VC-API `options.checks`):
   * `["proof"]` for a credential not valid yet, or with a status entry no list answers for.
   */
  verifyChecks?: string[];
};

const LANGUAGE_VALUES = [
  { '@value': 'Exemple', '@language': 'fr' },
  { '@value': 'مثال', '@language': 'ar', '@direction': 'rtl' },
];

export const ISSUE_ACCEPTED: AcceptedCase[] = [
  { name: 'the minimal VCDM 2.0 credential', credential: vc2() },
  { name: 'an issuer object', credential: vc2({ issuer: { name: 'Example Issuer' } }) },
  {
    name: 'an id, a urn:uuid, and a did:key subject (as the eddsa-jcs-2022 suite sends)',
    credential: vc2({
      id: 'urn:uuid:86294362-4254-4f36-854f-3952fe42555d',
      credentialSubject: {
        id: 'did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b',
        name: 'ExampleClaim',
      },
    }),
  },
  {
    name: 'language value objects for name and description, alone and in lists',
    credential: vc2({
      name: { '@value': 'Example', '@language': 'en' },
      description: LANGUAGE_VALUES,
      issuer: {
        name: LANGUAGE_VALUES,
        description: { '@value': 'Émetteur', '@language': 'fr', '@direction': 'ltr' },
      },
    }),
  },
  {
    name: 'multiple subjects',
    credential: vc2({ credentialSubject: [SUBJECT, { id: 'did:example:other' }] }),
  },
  {
    name: 'relatedResource with digests',
    credential: vc2({
      relatedResource: [
        { id: V2, digestSRI, digestMultibase: baseDigestMultibase, mediaType: 'application/ld+json' },
        { id: EXAMPLES, digestMultibase },
      ],
    }),
  },
  {
    name: 'refreshService, termsOfUse, evidence and credentialSchema lists',
    credential: vc2({
      '@context': [V2, EXAMPLES],
      refreshService: [
        { type: 'https://example.org/#ExampleRefreshService', id: 'did:example:refresh/2' },
        { type: 'https://example.org/#ExampleRefreshService', id: 'did:example:refresh/3' },
      ],
      termsOfUse: [{ type: 'ExampleTermsOfUse' }, { type: 'ExampleTermsOfUse', id: 'did:example:terms/1' }],
      evidence: [{ type: 'ExampleEvidence' }, { type: 'ExampleEvidence' }],
      credentialSchema: [
        { type: 'https://example.org/#ExampleSchema', id: 'did:example:schemas/1' },
        { type: 'https://example.org/#ExampleSchema', id: 'did:example:schemas/2' },
      ],
    }),
  },
  {
    name: 'a credentialStatus without an id',
    credential: vc2({
      '@context': [V2, { CredentialStatusList2017: 'https://example.org/examples#CredentialStatusList2017' }],
      credentialStatus: { type: 'CredentialStatusList2017' },
    }),
    verifyChecks: ['proof'],
  },
  {
    name: 'a well-formed BitstringStatusListEntry',
    credential: vc2({
      credentialStatus: {
        id: 'https://example.org/status/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: 'https://example.org/status/1',
      },
    }),
    verifyChecks: ['proof'],
  },
  {
    name: 'validFrom and validUntil with milliseconds',
    credential: vc2({ validFrom: '2023-02-26T01:02:58.447Z', validUntil: '2099-02-26T01:02:58.447Z' }),
  },
  {
    name: 'validFrom and validUntil with time zone offsets',
    credential: vc2({ validFrom: '2023-02-25T19:10:39-06:00', validUntil: '2099-02-25T19:10:39+05:30' }),
  },
  {
    name: 'a validFrom far in the future',
    credential: vc2({ validFrom: '4023-02-26T01:02:58.447Z' }),
    verifyChecks: ['proof'],
  },
  {
    name: 'URL types, VerifiableCredential last',
    credential: vc2({
      type: [
        'https://example.org/#ExampleCredential1',
        'https://example.org/#ExampleCredential2',
        'VerifiableCredential',
      ],
    }),
  },
  {
    name: 'URL types, VerifiableCredential in the middle',
    credential: vc2({
      type: [
        'https://example.org/#ExampleCredential2',
        'VerifiableCredential',
        'https://example.org/#ExampleCredential1',
      ],
    }),
  },
  {
    name: 'a type defined by a context object',
    credential: vc2({
      '@context': [V2, { ExampleTestCredential: 'https://example.org/examples#ExampleTestCredential' }],
      type: ['VerifiableCredential', 'ExampleTestCredential'],
    }),
  },
  {
    name: 'the examples context and its terms',
    credential: vc2({
      '@context': [V2, EXAMPLES],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      credentialSubject: { id: 'did:example:subject', alumniOf: 'The School of Examples' },
    }),
  },
  { name: 'a VCDM 1.1 credential (the Data Integrity issuer suite)', credential: vc1() },
];
