/**
 * fast-check generators of Open Badges 3.0 AchievementCredentials, EndorsementCredentials and CLR 2.0
 * ClrCredentials with every optional field, for the differential tests of the fast canonical path.
 * They lean on the awkward: Unicode (astral, combining, lone surrogates), control characters, quotes and
 * backslashes, IRIs with characters N-Quads must escape, numbers at the edges of xsd:integer/xsd:double,
 * dates with offsets and fractions, language-tagged values, arrays of zero, one and many, and blank nodes
 * that are structurally identical (so RDFC needs its N-degree hashing).
 */
import fc from 'fast-check';
import { CONTEXT_URLS } from '../../src/core/jsonld/contexts.js';

type Json = Record<string, unknown>;

const OB_3_0_3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** 3.0.2 lacks awardedDate and inLanguage, so some of its documents are refused (by both paths). */
const OB_3_0_2 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';

/** Fields left out when absent: fc.record with every key optional except the listed ones. */
function node<T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: string[] = []) {
  return fc.record(model, { requiredKeys: required as never[] });
}

/** One value, or an array of zero, one or several. */
function oneOrMany<T>(item: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<T | T[]> {
  return fc.oneof({ weight: 2, arbitrary: item }, { weight: 3, arbitrary: fc.array(item, { maxLength }) });
}

const awkwardText = fc.constantFrom(
  '',
  'Teamwork',
  'naïve café',
  'Cafe\u0301 (combining accent)',
  '漢字とかな',
  '😀 badge 🏅',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral',
  'quote " and \\ backslash',
  'line\nbreak\r\ntab\there',
  'controls \u0000\u0001\u0008\u000b\u000c\u001f\u007f end',
  '\u2028\u2029 separators',
  'lone \ud800 surrogate',
  'lone \udfff low',
  '\ufeffBOM',
  '<tag attr="x">&amp;</tag>',
  'ends with backslash \\',
  '   ',
);

export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: awkwardText },
);

const languageTag = fc.constantFrom(
  'en',
  'en-US',
  'EN-gb',
  'fr-CA',
  'zh-Hant-TW',
  'de',
  'x-klingon',
  'i-default',
);

/** A plain string or a language-tagged value object (both allowed for untyped terms such as name). */
export const textValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: fc.record({ '@value': text, '@language': languageTag }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(text, fc.record({ '@value': text, '@language': languageTag })), {
      maxLength: 3,
    }),
  },
);

const segment = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
  fc.constantFrom('a<b>', 'q"uote', '{x}', 'p|i^p`e', 'back\\slash', 'ümlaut', '%20', 'é𝔘'),
);

export const iri: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(segment, segment).map(([a, b]) => `https://example.com/${a}/${b}`) },
  { weight: 2, arbitrary: fc.uuid().map((uuid) => `urn:uuid:${uuid}`) },
  { weight: 1, arbitrary: segment.map((s) => `did:example:${s}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,6}$/).map((s) => `http://example.org/ns#${s}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('https://例え.jp/パス', 'mailto:someone@example.com', 'tag:x.org,2026:y'),
  },
);

const date = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2199-12-31T23:59:59Z'),
  noInvalidDate: true,
});

export const dateTime: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: date.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')) },
  { weight: 2, arbitrary: date.map((d) => d.toISOString()) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(date, fc.constantFrom('+05:30', '-08:00', '+00:00', '+14:00', '-12:00'))
      .map(([d, offset]) => d.toISOString().replace('Z', offset)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2024-02-29T12:00:00.123456789Z', '2020-02-30T25:61:00Z', 'not a date'),
  },
);

const xsdDate = fc.oneof(
  date.map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2024-01-31+01:00', '1999-12-31Z', '0001-01-01'),
);

/** Numbers at the edges of jsonld.js's xsd:integer / xsd:double formatting, and number-like strings. */
export const number: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1,
      -1,
      1.5,
      0.1,
      2.5e-7,
      1e-7,
      5e-324,
      1e20,
      1e21,
      -1e21,
      123456789012345680000,
      2 ** 53,
      2 ** 53 + 2,
      1.7976931348623157e308,
      -1.5e300,
      4.35,
      100,
      3.0,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('2.5', '1e3', 'abc', '', '-0') },
);

const boolean = fc.oneof(
  { weight: 5, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false') },
);

const image = fc.oneof(
  node({ id: iri, type: fc.constant('Image'), caption: textValue }, ['id', 'type']),
  iri,
);

const identifierEntry = node(
  {
    type: fc.constant('IdentifierEntry'),
    identifier: text,
    identifierType: fc.constantFrom('sourcedId', 'systemId', 'productId', 'ext:custom'),
  },
  ['type', 'identifier', 'identifierType'],
);

const geo = node({ type: fc.constant('GeoCoordinates'), latitude: number, longitude: number }, ['type']);
const address = node(
  {
    type: fc.constant(['Address']),
    addressCountry: text,
    addressCountryCode: fc.constantFrom('US', 'DE', 'JP'),
    addressRegion: text,
    addressLocality: text,
    streetAddress: text,
    postOfficeBoxNumber: text,
    postalCode: text,
    geo,
  },
  ['type'],
);

/** A Profile; `parentOrg` nests one level. */
function profile(depth: number): fc.Arbitrary<Json> {
  return node(
    {
      id: iri,
      type: fc.constantFrom(['Profile'], 'Profile'),
      name: textValue,
      url: iri,
      phone: text,
      description: textValue,
      image,
      email: text,
      address,
      otherIdentifier: oneOrMany(identifierEntry),
      official: text,
      familyName: text,
      givenName: text,
      additionalName: text,
      patronymicName: text,
      honorificPrefix: text,
      honorificSuffix: text,
      familyNamePrefix: text,
      dateOfBirth: xsdDate,
      ...(depth > 0 ? { parentOrg: fc.oneof(iri, profile(depth - 1)) } : {}),
    },
    ['type'],
  );
}

const alignment = node(
  {
    type: fc.constant(['Alignment']),
    targetCode: text,
    targetDescription: textValue,
    targetName: textValue,
    targetFramework: text,
    targetType: fc.constantFrom('ceasn:Competency', 'CFItem', 'ext:Other'),
    targetUrl: iri,
  },
  ['type', 'targetName', 'targetUrl'],
);

/** Arrays that sometimes hold the same blank node twice (a deep copy): RDFC's N-degree case. */
function withTwins<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 15, arbitrary: fc.array(item, { maxLength: 3 }) },
    { weight: 1, arbitrary: item.map((value) => [value, structuredClone(value)]) },
  );
}

const rubricCriterionLevel = node(
  {
    id: iri,
    type: fc.constant(['RubricCriterionLevel']),
    alignment: withTwins(alignment),
    description: textValue,
    level: text,
    name: textValue,
    points: text,
  },
  ['type', 'name'],
);

const resultDescription = node(
  {
    id: iri,
    type: fc.constant(['ResultDescription']),
    alignment: withTwins(alignment),
    allowedValue: oneOrMany(text, 4),
    name: textValue,
    requiredLevel: iri,
    requiredValue: text,
    resultType: fc.constantFrom(
      'GradePointAverage',
      'LetterGrade',
      'Percent',
      'RubricCriterionLevel',
      'ext:Custom',
    ),
    rubricCriterionLevel: oneOrMany(rubricCriterionLevel, 2),
    valueMax: text,
    valueMin: text,
  },
  ['type', 'name', 'resultType'],
);

const result = node(
  {
    type: fc.constant(['Result']),
    achievedLevel: iri,
    alignment: withTwins(alignment),
    resultDescription: iri,
    status: fc.constantFrom('Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Withdrew'),
    value: text,
  },
  ['type'],
);

const related = node({ id: iri, type: fc.constant(['Related']), inLanguage: languageTag, version: text }, [
  'id',
  'type',
]);

const identityObject = node(
  {
    type: fc.constant('IdentityObject'),
    hashed: fc.oneof(
      { weight: 60, arbitrary: boolean },
      { weight: 1, arbitrary: fc.constant([true, 'true']) },
    ),
    identityHash: fc.oneof(
      text,
      fc.constant('sha256$28d4f3ba1b4ef0d7a4b3a5f1d3f4c2d1b0a9e8f7c6d5e4f3a2b1c0d9e8f7a6b5'),
    ),
    identityType: fc.constantFrom('emailAddress', 'sourcedId', 'studentId', 'ext:other'),
    salt: text,
  },
  ['type', 'hashed', 'identityHash', 'identityType'],
);

const evidence = node(
  {
    id: iri,
    type: fc.constant(['Evidence']),
    narrative: text,
    name: textValue,
    description: textValue,
    genre: text,
    audience: text,
  },
  ['type'],
);

const criteria = node({ id: iri, narrative: text });

/** An Achievement; `endorsements` adds EndorsementCredentials inside (one level). */
function achievement(endorsements: boolean): fc.Arbitrary<Json> {
  return node(
    {
      id: iri,
      type: fc.constantFrom(['Achievement'], 'Achievement'),
      alignment: withTwins(alignment),
      achievementType: fc.constantFrom('Badge', 'Certificate', 'Course', 'MicroCredential', 'ext:Custom'),
      creator: profile(0),
      creditsAvailable: number,
      criteria,
      description: textValue,
      fieldOfStudy: text,
      humanCode: text,
      image,
      inLanguage: languageTag,
      name: textValue,
      otherIdentifier: oneOrMany(identifierEntry),
      related: oneOrMany(related),
      resultDescription: oneOrMany(resultDescription, 2),
      specialization: text,
      tag: fc.oneof(oneOrMany(text, 4), fc.constant(['same', 'same'])),
      version: text,
      ...(endorsements ? { endorsement: fc.array(endorsementCredential(true), { maxLength: 1 }) } : {}),
    },
    ['id', 'type', 'criteria', 'description', 'name'],
  );
}

const credentialStatus = node(
  {
    id: iri,
    type: fc.constant('BitstringStatusListEntry'),
    statusPurpose: fc.constantFrom('revocation', 'suspension', 'message', 'refresh'),
    statusListIndex: fc.oneof(fc.nat().map(String), fc.nat()),
    statusListCredential: iri,
    statusSize: fc.oneof(fc.constant(1), fc.constant(2), number),
    statusMessage: fc.array(node({ status: fc.constantFrom('0x0', '0x1'), message: text }), { maxLength: 2 }),
    statusReference: iri,
  },
  ['type', 'statusPurpose', 'statusListIndex', 'statusListCredential'],
);

/** 1EdTechJsonSchemaValidator2019 needs the OB extensions context (STANDARDS-NOTES trap 2). */
function credentialSchema(extensions: boolean) {
  return node(
    {
      id: iri,
      type: extensions
        ? fc.constantFrom('1EdTechJsonSchemaValidator2019', 'JsonSchema')
        : fc.constant('JsonSchema'),
    },
    ['id', 'type'],
  );
}

const proofPurpose = fc.constantFrom('assertionMethod', 'authentication', 'capabilityInvocation');

/** A Data Integrity proof as it sits in a signed document (with proofValue and, sometimes, previousProof). */
export const proof = node(
  {
    id: fc.uuid().map((uuid) => `urn:uuid:${uuid}`),
    type: fc.constant('DataIntegrityProof'),
    cryptosuite: fc.constantFrom('eddsa-rdfc-2022', 'eddsa-jcs-2022', 'ecdsa-rdfc-2019'),
    created: dateTime,
    expires: dateTime,
    verificationMethod: fc.constant(
      'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
    ),
    proofPurpose,
    proofValue: fc.constant(
      'z4oey5q2M3XKaxup3tmzN4DRFTLVqpLMweBrSxMY2xHX5XTYVQeVbY8nQAVHMrXFkXJpmEcqdoDwLWxaqA3Q1geV6',
    ),
    previousProof: fc.oneof(iri, fc.array(iri, { minLength: 1, maxLength: 2 })),
    domain: fc.oneof(text, fc.array(text, { maxLength: 2 })),
    challenge: text,
    nonce: text,
  },
  ['type', 'cryptosuite', 'verificationMethod', 'proofPurpose', 'proofValue'],
);

type Kind = 'achievement' | 'endorsement' | 'clr';

function credentialBase(kind: Kind, extensions: boolean): Record<string, fc.Arbitrary<unknown>> {
  return {
    id: iri,
    issuer: fc.oneof(
      { weight: 1, arbitrary: iri },
      { weight: 4, arbitrary: profile(kind === 'endorsement' ? 0 : 1) },
    ),
    validFrom: dateTime,
    validUntil: dateTime,
    awardedDate: dateTime,
    name: textValue,
    description: textValue,
    image,
    evidence: oneOrMany(evidence),
    credentialStatus: fc.oneof(credentialStatus, fc.array(credentialStatus, { maxLength: 2 })),
    credentialSchema: oneOrMany(credentialSchema(extensions), 2),
    termsOfUse: node(
      { id: iri, type: fc.constantFrom('https://example.com/TrustFrameworkPolicy', 'ext:Policy') },
      ['type'],
    ),
    proof: fc.oneof(proof, fc.array(proof, { maxLength: 3 })),
  };
}

/**
 * The document's @context (nested credentials always use VC 2.0 + OB 3.0.3, so under a 3.0.2 document they
 * redefine protected terms and both paths refuse them) and the body built for it.
 */
function withContext(
  kind: Kind,
  nested: boolean,
  body: (extensions: boolean) => fc.Arbitrary<Json>,
): fc.Arbitrary<Json> {
  const options = nested
    ? fc.constant({ ob: OB_3_0_3, extensions: false, dataIntegrity: false })
    : fc.record({
        ob: fc.oneof(
          { weight: 12, arbitrary: fc.constant(OB_3_0_3) },
          { weight: 1, arbitrary: fc.constant(OB_3_0_2) },
        ),
        extensions: fc.boolean(),
        dataIntegrity: fc.boolean(),
      });
  return options.chain(({ ob, extensions, dataIntegrity }) =>
    body(extensions).map((rest) => ({
      '@context': [
        CONTEXT_URLS.VC_V2,
        ...(kind === 'clr' ? [CONTEXT_URLS.CLR_V2P0] : []),
        ob,
        ...(extensions ? [CONTEXT_URLS.OB_V3P0_EXTENSIONS] : []),
        ...(dataIntegrity ? [CONTEXT_URLS.DATA_INTEGRITY_V2] : []),
      ],
      ...rest,
    })),
  );
}

export function endorsementCredential(nested = false): fc.Arbitrary<Json> {
  return withContext('endorsement', nested, (extensions) =>
    node(
      {
        ...credentialBase('endorsement', extensions),
        type: fc.constant(['VerifiableCredential', 'EndorsementCredential']),
        credentialSubject: node(
          {
            id: iri,
            type: fc.constant(['EndorsementSubject']),
            endorsementComment: textValue,
          },
          ['id', 'type'],
        ),
      },
      ['id', 'type', 'issuer', 'validFrom', 'name', 'credentialSubject'],
    ),
  );
}

function achievementSubject(endorsements: boolean): fc.Arbitrary<Json> {
  return node(
    {
      id: iri,
      type: fc.constantFrom(['AchievementSubject'], 'AchievementSubject'),
      activityEndDate: xsdDate,
      activityStartDate: xsdDate,
      creditsEarned: number,
      achievement: achievement(endorsements),
      identifier: oneOrMany(identityObject, 2),
      image,
      licenseNumber: text,
      narrative: text,
      result: withTwins(result),
      role: text,
      source: profile(0),
      term: text,
    },
    ['type', 'achievement'],
  );
}

/** An OB 3.0 AchievementCredential (type OpenBadgeCredential or AchievementCredential), one or more subjects. */
export function achievementCredential(endorsements = true, nested = false): fc.Arbitrary<Json> {
  return withContext('achievement', nested, (extensions) =>
    node(
      {
        ...credentialBase('achievement', extensions),
        type: fc.constantFrom(
          ['VerifiableCredential', 'OpenBadgeCredential'],
          ['VerifiableCredential', 'AchievementCredential'],
          ['OpenBadgeCredential', 'VerifiableCredential', 'AchievementCredential'],
        ),
        credentialSubject: fc.oneof(
          { weight: 4, arbitrary: achievementSubject(endorsements) },
          { weight: 1, arbitrary: fc.array(achievementSubject(false), { minLength: 1, maxLength: 3 }) },
        ),
        endorsement: fc.array(endorsementCredential(true), { maxLength: 1 }),
      },
      ['id', 'type', 'issuer', 'validFrom', 'name', 'credentialSubject'],
    ),
  );
}

const association = node(
  {
    type: fc.constant('Association'),
    associationType: fc.constantFrom('exactMatchOf', 'isChildOf', 'isParentOf', 'precedes', 'replacedBy'),
    sourceId: iri,
    targetId: iri,
  },
  ['type', 'associationType', 'sourceId', 'targetId'],
);

/** A CLR 2.0 ClrCredential holding AchievementCredentials (with their own @context and, often, proofs). */
export function clrCredential(): fc.Arbitrary<Json> {
  return withContext('clr', false, (extensions) =>
    node(
      {
        ...credentialBase('clr', extensions),
        type: fc.constant(['VerifiableCredential', 'ClrCredential']),
        partial: boolean,
        credentialSubject: node(
          {
            id: iri,
            type: fc.constant(['ClrSubject']),
            identifier: fc.array(identityObject, { maxLength: 2 }),
            achievement: fc.oneof(
              { weight: 4, arbitrary: fc.array(achievement(false), { maxLength: 2 }) },
              { weight: 1, arbitrary: iri },
            ),
            verifiableCredential: fc.array(achievementCredential(false, true), {
              minLength: 1,
              maxLength: 2,
            }),
            association: fc.array(association, { maxLength: 2 }),
          },
          ['type', 'verifiableCredential'],
        ),
      },
      ['id', 'type', 'issuer', 'validFrom', 'name', 'credentialSubject'],
    ),
  );
}

/** A credential under the examples context's @vocab: any key becomes a term, any JSON a value. */
export function vocabCredential(): fc.Arbitrary<Json> {
  return fc
    .tuple(
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.oneof(text, number, boolean), { maxKeys: 4 }),
      fc.constantFrom('ExampleCredential', 'ex:Other', 'https://example.com/T'),
    )
    .map(([anything, plain, extraType]) => ({
      '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_EXAMPLES_V2],
      id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5',
      type: ['VerifiableCredential', extraType],
      issuer: 'did:example:issuer',
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:subject', ...plain, nested: anything },
    }));
}
