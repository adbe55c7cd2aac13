import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { BUNDLED_CONTEXTS } from '../jsonld/contexts.js';
import {
  type AchievementCredential,
  buildAchievement,
  buildAchievementCredential,
  buildAchievementSubject,
  buildClrCredential,
  buildEndorsementCredential,
  buildProfile,
  type CredentialStatus,
  matchesIdentity,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  validateCredential,
} from './index.js';

const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const OB_EXTENSIONS = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
const CLR = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';

/** Offline loader: bundled contexts only; anything else is a test failure. */
async function documentLoader(url: string) {
  const document = BUNDLED_CONTEXTS.get(url);
  if (document === undefined) {
    throw new Error(`Unexpected context fetch: ${url}`);
  }
  return { contextUrl: null, documentUrl: url, document };
}

/** Expands in JSON-LD safe mode: any undefined term, relative IRI or dropped value throws. */
async function expandSafely(document: unknown): Promise<unknown[]> {
  return jsonld.expand(document, { documentLoader, safe: true });
}

/** RDFC-1.0 canonicalization in safe mode, as eddsa-rdfc-2022 signing does it. */
async function canonizeSafely(document: unknown): Promise<string> {
  return jsonld.canonize(document, {
    documentLoader,
    safe: true,
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
  });
}

function expectInvalidInput(build: () => unknown, detail: string | RegExp): void {
  try {
    build();
  } catch (error) {
    expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(detail);
    return;
  }
  throw new Error('expected INVALID_INPUT');
}

const issuer = buildProfile({ id: 'https://cairn.example/issuers/acme', name: 'Acme Academy' });

function minimalAchievement() {
  return buildAchievement({
    id: 'https://cairn.example/achievements/intro-to-git',
    name: 'Introduction to Git',
    description: 'Can create, branch and merge a Git repository.',
    criteria: { narrative: 'Complete the three Git labs.' },
  });
}

function minimalCredential(overrides: Partial<Parameters<typeof buildAchievementCredential>[0]> = {}) {
  return buildAchievementCredential({
    id: 'urn:uuid:5f1d3c2e-8a4b-4c1e-9f7a-2b6d8e0c1a34',
    issuer,
    validFrom: '2026-11-28T10:00:00Z',
    credentialSubject: {
      recipient: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
      achievement: minimalAchievement(),
    },
    ...overrides,
  });
}

function endorsement(subjectId: string) {
  return buildEndorsementCredential({
    id: 'urn:uuid:0b7e4d1a-93c2-4f57-8d0e-6a1c2b3d4e5f',
    name: 'Endorsement by the Software Guild',
    description: 'The guild reviewed this.',
    issuer: buildProfile({ id: 'https://guild.example/profile', name: 'Software Guild' }),
    validFrom: new Date(Date.UTC(2026, 10, 1, 9, 30, 0, 123)),
    validUntil: '2030-01-01T00:00:00+01:00',
    credentialSubject: { id: subjectId, endorsementComment: 'Covers what our members need on day one.' },
  });
}

const alignment = {
  targetName: 'Version control',
  targetUrl: 'https://frameworks.example/skills/vc',
  targetCode: 'VC-1',
  targetDescription: 'Uses a version control system.',
  targetFramework: 'Example Skills Framework',
  targetType: 'CFItem',
} as const;

function richProfile() {
  return buildProfile({
    id: 'https://cairn.example/issuers/acme',
    name: 'Acme Academy',
    url: 'https://acme.example',
    phone: '+1 555 0100',
    description: 'A training provider.',
    email: 'badges@acme.example',
    image: { id: 'https://acme.example/logo.png', caption: 'Acme logo' },
    address: {
      addressCountry: 'Netherlands',
      addressCountryCode: 'NL',
      addressRegion: 'Noord-Holland',
      addressLocality: 'Amsterdam',
      streetAddress: 'Damrak 1',
      postOfficeBoxNumber: '123',
      postalCode: '1012 LG',
      geo: { latitude: 52.3731, longitude: 4.8922 },
    },
    otherIdentifier: [{ identifier: 'ACME-001', identifierType: 'sourcedId' }],
    official: 'Grace Hopper',
    parentOrg: buildProfile({ id: 'https://acme-group.example', name: 'Acme Group' }),
    endorsement: [endorsement('https://cairn.example/issuers/acme')],
    givenName: 'Acme',
    familyName: 'Academy',
    additionalName: 'A.',
    patronymicName: 'Acmeson',
    honorificPrefix: 'The',
    honorificSuffix: 'Inc.',
    familyNamePrefix: 'van',
    dateOfBirth: '1990-04-01',
  });
}

function richAchievement() {
  return buildAchievement({
    id: 'https://cairn.example/achievements/intro-to-git',
    name: 'Introduction to Git',
    description: 'Can create, branch and merge a Git repository.',
    criteria: {
      id: 'https://cairn.example/achievements/intro-to-git/criteria',
      narrative: 'Complete the labs.',
    },
    achievementType: 'MicroCredential',
    alignment: [alignment],
    creator: buildProfile({ id: 'https://faculty.example', name: 'Faculty of Computing' }),
    creditsAvailable: 1.5,
    endorsement: [endorsement('https://cairn.example/achievements/intro-to-git')],
    fieldOfStudy: 'Computer Science',
    humanCode: 'GIT-101',
    image: { id: 'https://cairn.example/badges/git.png', caption: 'Git badge' },
    inLanguage: 'en-GB',
    otherIdentifier: [{ identifier: 'GIT101', identifierType: 'ext:CourseCode' }],
    related: [{ id: 'https://cairn.example/achievements/intro-to-git-nl', inLanguage: 'nl', version: '2' }],
    resultDescription: [
      {
        id: 'https://cairn.example/achievements/intro-to-git/results/grade',
        name: 'Lab grade',
        resultType: 'RubricCriterionLevel',
        alignment: [alignment],
        allowedValue: ['Pass', 'Merit', 'Distinction'],
        requiredLevel: 'https://cairn.example/achievements/intro-to-git/levels/pass',
        requiredValue: 'Pass',
        rubricCriterionLevel: [
          {
            id: 'https://cairn.example/achievements/intro-to-git/levels/pass',
            name: 'Pass',
            description: 'All labs done.',
            level: '1',
            points: '10',
            alignment: [alignment],
          },
          {
            id: 'https://cairn.example/achievements/intro-to-git/levels/merit',
            name: 'Merit',
            level: '2',
            points: '20',
          },
        ],
        valueMin: '0',
        valueMax: '100',
      },
      {
        id: 'https://cairn.example/achievements/intro-to-git/results/status',
        name: 'Completion',
        resultType: 'Status',
      },
    ],
    specialization: 'Branching strategies',
    tag: ['git', 'version control'],
    version: '1.0',
  });
}

function richCredential(): AchievementCredential {
  const achievement = richAchievement();
  return buildAchievementCredential({
    id: 'https://cairn.example/credentials/42',
    issuer: richProfile(),
    validFrom: '2026-11-28T11:00:00.999+01:00',
    validUntil: new Date(Date.UTC(2031, 0, 1)),
    awardedDate: '2025-06-30T08:00:00Z',
    name: 'Git basics — Ada Lovelace',
    description: 'Awarded for completing the Git labs.',
    image: 'https://cairn.example/credentials/42/image.png',
    credentialSubject: {
      recipient: { email: '  Ada@Example.org ', salt: 'c2f1e0d9', name: 'Ada Lovelace' },
      achievement,
      activityStartDate: '2025-05-01T00:00:00Z',
      activityEndDate: '2025-06-30T00:00:00Z',
      creditsEarned: 1.5,
      image: { id: 'data:image/png;base64,iVBORw0KGgo=', caption: 'Final project screenshot' },
      licenseNumber: 'LIC-7',
      narrative: 'Ada merged three feature branches.',
      result: [
        {
          resultDescription: 'https://cairn.example/achievements/intro-to-git/results/grade',
          achievedLevel: 'https://cairn.example/achievements/intro-to-git/levels/merit',
          value: 'Merit',
          alignment: [alignment],
        },
        {
          resultDescription: 'https://cairn.example/achievements/intro-to-git/results/status',
          status: 'Completed',
        },
      ],
      role: 'Student',
      source: buildProfile({ id: 'https://lab.example', name: 'Partner Lab' }),
      term: 'Spring 2025',
    },
    evidence: [
      {
        id: 'https://portfolio.example/ada/git',
        name: 'Portfolio',
        description: 'The repository.',
        narrative: 'See the merge history.',
        genre: 'Repository',
        audience: 'Employers',
      },
    ],
    endorsement: [endorsement('https://cairn.example/credentials/42')],
    credentialSchema: [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA],
    credentialStatus: {
      id: 'https://cairn.example/status/1#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: 'https://cairn.example/status/1',
    },
    refreshService: { id: 'https://cairn.example/refresh/42', type: '1EdTechCredentialRefresh' },
    termsOfUse: [{ type: 'https://cairn.example/ns#TermsOfUse', id: 'https://cairn.example/terms' }],
  });
}

function clrCredential() {
  const pathway = buildAchievement({
    id: 'https://cairn.example/achievements/devops-certificate',
    name: 'DevOps Certificate',
    description: 'Git and containers.',
    criteria: { narrative: 'Earn both component badges.' },
    achievementType: 'Certificate',
  });
  const git = minimalAchievement();
  const docker = buildAchievement({
    id: 'https://cairn.example/achievements/docker',
    name: 'Docker Basics',
    description: 'Can build and run containers.',
    criteria: { narrative: 'Complete the container labs.' },
    achievementType: 'MicroCredential',
  });
  const award = (id: string, achievement: typeof git) =>
    buildAchievementCredential({
      id,
      issuer,
      validFrom: '2026-11-28T10:00:00Z',
      credentialSubject: { recipient: { id: 'did:example:learner' }, achievement },
    });
  return buildClrCredential({
    id: 'urn:uuid:7d2c9e4f-1b3a-4c5d-8e6f-0a1b2c3d4e5f',
    name: 'DevOps record',
    description: 'Component badges towards the DevOps Certificate.',
    partial: true,
    issuer,
    validFrom: '2026-11-29T10:00:00Z',
    credentialSubject: {
      recipient: { id: 'did:example:learner', name: 'Ada Lovelace' },
      verifiableCredential: [
        award('urn:uuid:00000000-0000-4000-8000-000000000001', git),
        award('urn:uuid:00000000-0000-4000-8000-000000000002', docker),
      ],
      achievement: [pathway, git, docker],
      association: [
        { associationType: 'isPartOf', sourceId: git.id, targetId: pathway.id },
        { associationType: 'isPartOf', sourceId: docker.id, targetId: pathway.id },
        { associationType: 'precedes', sourceId: git.id, targetId: docker.id },
      ],
    },
  });
}

describe('buildAchievementCredential', () => {
  it('builds a minimal OpenBadgeCredential that passes the formal schema', () => {
    const credential = minimalCredential();
    expect(credential).toEqual({
      '@context': [VC_V2, OB],
      id: 'urn:uuid:5f1d3c2e-8a4b-4c1e-9f7a-2b6d8e0c1a34',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Introduction to Git',
      issuer: { id: 'https://cairn.example/issuers/acme', type: ['Profile'], name: 'Acme Academy' },
      validFrom: '2026-11-28T10:00:00Z',
      credentialSubject: {
        id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://cairn.example/achievements/intro-to-git',
          type: ['Achievement'],
          name: 'Introduction to Git',
          description: 'Can create, branch and merge a Git repository.',
          criteria: { narrative: 'Complete the three Git labs.' },
        },
      },
    });
    const result = validateCredential(credential, { mode: 'issue' });
    expect(result).toMatchObject({ valid: true, kind: 'AchievementCredential', errors: [] });
    expect(result.schema).toContain('ob_v3p0_achievementcredential-jsonschema1.json');
  });

  it('builds a rich credential using every optional field, which passes the formal schema', () => {
    const credential = richCredential();
    expect(validateCredential(credential, { mode: 'issue' }).errors).toEqual([]);
    expect(validateCredential(credential, { mode: 'verify' }).errors).toEqual([]);
    expect(credential['@context']).toEqual([VC_V2, OB, OB_EXTENSIONS]);
    expect(credential.validFrom).toBe('2026-11-28T10:00:00Z');
    expect(credential.validUntil).toBe('2031-01-01T00:00:00Z');
    expect(credential.awardedDate).toBe('2025-06-30T08:00:00Z');
    expect(credential.image).toEqual({ id: 'https://cairn.example/credentials/42/image.png', type: 'Image' });

    const subject = credential.credentialSubject;
    expect(Object.keys(subject).sort()).toEqual(
      [
        'achievement',
        'activityEndDate',
        'activityStartDate',
        'creditsEarned',
        'identifier',
        'image',
        'licenseNumber',
        'narrative',
        'result',
        'role',
        'source',
        'term',
        'type',
      ].sort(),
    );
    expect(Object.keys(subject.achievement).sort()).toEqual(
      [
        'achievementType',
        'alignment',
        'creator',
        'creditsAvailable',
        'criteria',
        'description',
        'endorsement',
        'fieldOfStudy',
        'humanCode',
        'id',
        'image',
        'inLanguage',
        'name',
        'otherIdentifier',
        'related',
        'resultDescription',
        'specialization',
        'tag',
        'type',
        'version',
      ].sort(),
    );
    expect(Object.keys(credential.issuer).sort()).toEqual(
      [
        'additionalName',
        'address',
        'dateOfBirth',
        'description',
        'email',
        'endorsement',
        'familyName',
        'familyNamePrefix',
        'givenName',
        'honorificPrefix',
        'honorificSuffix',
        'id',
        'image',
        'name',
        'official',
        'otherIdentifier',
        'parentOrg',
        'patronymicName',
        'phone',
        'type',
        'url',
      ].sort(),
    );
    expect(subject.result?.[0]).toEqual({
      type: ['Result'],
      resultDescription: 'https://cairn.example/achievements/intro-to-git/results/grade',
      achievedLevel: 'https://cairn.example/achievements/intro-to-git/levels/merit',
      value: 'Merit',
      alignment: [{ type: ['Alignment'], ...alignment }],
    });
    expect(credential.evidence?.[0]?.type).toEqual(['Evidence']);
    expect(subject.achievement.resultDescription?.[0]?.rubricCriterionLevel?.[0]?.type).toEqual([
      'RubricCriterionLevel',
    ]);
  });

  it('identifies a recipient by hashed e-mail and carries the name as an unhashed IdentityObject', () => {
    const subject = richCredential().credentialSubject;
    expect(subject.id).toBeUndefined();
    const [email, name] = subject.identifier ?? [];
    expect(email).toMatchObject({
      type: 'IdentityObject',
      hashed: true,
      identityType: 'emailAddress',
      salt: 'c2f1e0d9',
    });
    expect(email?.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(matchesIdentity(email!, 'ada@example.org')).toBe(true);
    expect(matchesIdentity(email!, 'ADA@EXAMPLE.ORG')).toBe(true);
    expect(matchesIdentity(email!, 'eve@example.org')).toBe(false);
    expect(name).toEqual({
      type: 'IdentityObject',
      hashed: false,
      identityHash: 'Ada Lovelace',
      identityType: 'name',
    });
  });

  it('defaults the name to the achievement name and lets the caller override it', () => {
    expect(minimalCredential().name).toBe('Introduction to Git');
    expect(minimalCredential({ name: 'Git for Ada' }).name).toBe('Git for Ada');
  });

  it('keeps the original awardedDate and the id when re-issuing with a newer validFrom', () => {
    const first = minimalCredential({ awardedDate: '2026-11-28T10:00:00Z' });
    const reissued = minimalCredential({
      validFrom: '2027-02-01T09:00:00Z',
      awardedDate: first.awardedDate!,
    });
    expect(reissued.id).toBe(first.id);
    expect(reissued.issuer).toEqual(first.issuer);
    expect(reissued.awardedDate).toBe('2026-11-28T10:00:00Z');
    expect(reissued.validFrom > first.validFrom).toBe(true);
  });

  it('is deterministic: the same input gives the same output', () => {
    expect(richCredential()).toEqual(richCredential());
  });

  it('rejects a date without a timezone', () => {
    expectInvalidInput(
      () => minimalCredential({ validFrom: '2026-11-28T10:00:00' }),
      /^validFrom: .*timezone/,
    );
    expectInvalidInput(() => minimalCredential({ validFrom: '2026-11-28' }), /^validFrom: /);
    expectInvalidInput(() => minimalCredential({ validUntil: 'soon' }), /^validUntil: /);
    expectInvalidInput(
      () => minimalCredential({ validFrom: new Date('nope') }),
      /^validFrom: is an invalid Date/,
    );
  });

  it('rejects validUntil before validFrom, relative ids and a missing recipient', () => {
    expectInvalidInput(
      () => minimalCredential({ validUntil: '2020-01-01T00:00:00Z' }),
      /^validUntil: must be after/,
    );
    expectInvalidInput(() => minimalCredential({ id: 'credential-42' }), /^id: must be an absolute URI/);
    expectInvalidInput(
      () =>
        minimalCredential({
          credentialSubject: { recipient: {} as { id: string }, achievement: minimalAchievement() },
        }),
      /credentialSubject\.recipient: needs an "id"/,
    );
    expectInvalidInput(
      () =>
        minimalCredential({
          credentialSubject: {
            recipient: { email: 'not an address', salt: 's' },
            achievement: minimalAchievement(),
          },
        }),
      /recipient\.email: must be an e-mail address/,
    );
  });

  it('rejects results that do not match the achievement', () => {
    const achievement = richAchievement();
    expectInvalidInput(
      () =>
        buildAchievementSubject({
          recipient: { id: 'did:example:1' },
          achievement,
          result: [{ resultDescription: 'https://cairn.example/achievements/intro-to-git/results/status' }],
        }),
      'credentialSubject.result[0].status: is required because the linked resultDescription has resultType "Status"',
    );
    expectInvalidInput(
      () =>
        buildAchievementSubject({
          recipient: { id: 'did:example:1' },
          achievement,
          result: [{ resultDescription: 'https://cairn.example/nope' }],
        }),
      "credentialSubject.result[0].resultDescription: must be the id of one of the achievement's resultDescription entries",
    );
    expectInvalidInput(
      () =>
        buildAchievementSubject({
          recipient: { id: 'did:example:1' },
          achievement,
          result: [
            {
              resultDescription: 'https://cairn.example/achievements/intro-to-git/results/grade',
              achievedLevel: 'https://cairn.example/levels/gold',
            },
          ],
        }),
      'credentialSubject.result[0].achievedLevel',
    );
  });

  it('copies only the known properties of status, schema, refresh and terms-of-use entries', () => {
    const credential = minimalCredential({
      credentialStatus: {
        id: 'https://cairn.example/status/1#7',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '7',
        statusListCredential: 'https://cairn.example/status/1',
        undefinedTerm: 'dropped',
      } as CredentialStatus,
      termsOfUse: [{ type: 'https://cairn.example/ns#Terms', extra: 1 } as { type: string }],
    });
    expect(credential.credentialStatus).toEqual({
      id: 'https://cairn.example/status/1#7',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '7',
      statusListCredential: 'https://cairn.example/status/1',
    });
    expect(credential.termsOfUse).toEqual([{ type: 'https://cairn.example/ns#Terms' }]);
  });

  it('rejects an unsignable credentialStatus and terms of use', () => {
    expectInvalidInput(
      () =>
        minimalCredential({
          credentialStatus: {
            id: 'https://cairn.example/status/1',
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: '7',
            statusListCredential: 'https://cairn.example/status/1',
          },
        }),
      /credentialStatus\.id: must not be the status list URL/,
    );
    expectInvalidInput(
      () => minimalCredential({ termsOfUse: [{ type: 'TrustFrameworkPolicy' }] }),
      /termsOfUse\[0\]\.type: must be an absolute URI/,
    );
  });

  it('refuses endorsementJwt, which the bundled OB context does not define', () => {
    const achievement = { ...minimalAchievement(), endorsementJwt: ['eyJhbGciOiJFUzI1NiJ9.e30.c2ln'] };
    expectInvalidInput(
      () => minimalCredential({ credentialSubject: { recipient: { id: 'did:example:1' }, achievement } }),
      /credentialSubject\.achievement\.endorsementJwt: is not defined by the bundled OB 3\.0\.3 JSON-LD context/,
    );
  });

  it('adds extensions.json for each 1EdTech extension type, and only then', () => {
    expect(minimalCredential()['@context']).toEqual([VC_V2, OB]);
    expect(minimalCredential({ credentialSchema: [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA] })['@context']).toEqual([
      VC_V2,
      OB,
      OB_EXTENSIONS,
    ]);
    expect(
      minimalCredential({
        credentialStatus: { id: 'https://cairn.example/revocations', type: '1EdTechRevocationList' },
      })['@context'],
    ).toEqual([VC_V2, OB, OB_EXTENSIONS]);
    expect(
      minimalCredential({
        refreshService: { id: 'https://cairn.example/refresh', type: '1EdTechCredentialRefresh' },
      })['@context'],
    ).toEqual([VC_V2, OB, OB_EXTENSIONS]);
    expect(
      minimalCredential({
        credentialSchema: [{ id: 'https://cairn.example/schemas/badge.json', type: 'JsonSchema' }],
      })['@context'],
    ).toEqual([VC_V2, OB]);
  });
});

describe('buildAchievement and buildProfile', () => {
  it('always builds images as objects', () => {
    expect(
      buildProfile({ id: 'did:web:acme.example', image: 'https://acme.example/logo.png' }).image,
    ).toEqual({
      id: 'https://acme.example/logo.png',
      type: 'Image',
    });
  });

  it('requires criteria with a narrative or an id', () => {
    expectInvalidInput(
      () =>
        buildAchievement({
          id: 'https://cairn.example/a',
          name: 'A',
          description: 'B',
          criteria: {},
        }),
      'achievement.criteria: needs a "narrative", an "id" (URL), or both',
    );
  });

  it('reports schema problems with readable paths', () => {
    expectInvalidInput(
      () =>
        buildAchievement({
          id: 'https://cairn.example/a',
          name: 'A',
          description: 'B',
          criteria: { narrative: 'C' },
          inLanguage: 'english',
        }),
      'achievement.inLanguage: must be a language tag like "en", "en-US" or "zh-Hant-TW"',
    );
    expectInvalidInput(
      () => buildProfile({ id: 'https://acme.example', dateOfBirth: '01/04/1990' }),
      'profile.dateOfBirth: must be a date like 1990-04-01',
    );
  });

  it('omits empty values and arrays', () => {
    const achievement = buildAchievement({
      id: 'https://cairn.example/a',
      name: 'A',
      description: 'B',
      criteria: { narrative: 'C' },
      tag: [],
      alignment: [],
      fieldOfStudy: '  ',
    });
    expect(Object.keys(achievement)).toEqual(['id', 'type', 'name', 'description', 'criteria']);
  });
});

describe('buildEndorsementCredential', () => {
  it('builds an EndorsementCredential that passes the formal schema', () => {
    const credential = endorsement('https://cairn.example/achievements/intro-to-git');
    expect(credential).toMatchObject({
      '@context': [VC_V2, OB],
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Endorsement by the Software Guild',
      validFrom: '2026-11-01T09:30:00Z',
      validUntil: '2029-12-31T23:00:00Z',
      credentialSubject: {
        id: 'https://cairn.example/achievements/intro-to-git',
        type: ['EndorsementSubject'],
        endorsementComment: 'Covers what our members need on day one.',
      },
    });
    expect(validateCredential(credential, { mode: 'issue' })).toMatchObject({
      valid: true,
      kind: 'EndorsementCredential',
      errors: [],
    });
  });
});

describe('buildClrCredential', () => {
  it('builds a ClrCredential with two embedded credentials, achievements and isPartOf associations', () => {
    const clr = clrCredential();
    expect(clr['@context']).toEqual([VC_V2, CLR, OB]);
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.credentialSubject.verifiableCredential).toHaveLength(2);
    expect(clr.credentialSubject.achievement).toHaveLength(3);
    expect(clr.credentialSubject.association?.[0]).toEqual({
      type: 'Association',
      associationType: 'isPartOf',
      sourceId: 'https://cairn.example/achievements/intro-to-git',
      targetId: 'https://cairn.example/achievements/devops-certificate',
    });
    expect(clr.partial).toBe(true);
    for (const mode of ['issue', 'verify'] as const) {
      expect(validateCredential(clr, { mode })).toMatchObject({
        valid: true,
        kind: 'ClrCredential',
        errors: [],
      });
    }
  });

  it('requires at least one embedded credential', () => {
    expectInvalidInput(
      () =>
        buildClrCredential({
          id: 'urn:uuid:7d2c9e4f-1b3a-4c5d-8e6f-0a1b2c3d4e5f',
          name: 'Empty record',
          issuer,
          validFrom: '2026-11-29T10:00:00Z',
          credentialSubject: { recipient: { id: 'did:example:learner' }, verifiableCredential: [] },
        }),
      'credentialSubject.verifiableCredential: must contain at least one AchievementCredential',
    );
  });
});

describe('JSON-LD: every builder output expands in safe mode with the bundled contexts', () => {
  const outputs: Record<string, () => unknown> = {
    'minimal OpenBadgeCredential': () => minimalCredential(),
    'rich OpenBadgeCredential': () => richCredential(),
    'recipient by hashed e-mail only': () =>
      minimalCredential({
        credentialSubject: {
          recipient: { email: 'a@example.com', salt: 'Kosher' },
          achievement: minimalAchievement(),
        },
      }),
    'revocation list status': () =>
      minimalCredential({
        credentialStatus: { id: 'https://cairn.example/revocations', type: '1EdTechRevocationList' },
      }),
    'status list entry with message, size and reference': () =>
      minimalCredential({
        credentialStatus: {
          id: 'https://cairn.example/status/2#7',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'message',
          statusListIndex: '7',
          statusListCredential: 'https://cairn.example/status/2',
          statusSize: 2,
          statusMessage: [
            { status: '0x0', message: 'valid' },
            { status: '0x1', message: 'under review' },
          ],
          statusReference: 'https://cairn.example/status/messages',
        },
      }),
    EndorsementCredential: () => endorsement('https://cairn.example/achievements/intro-to-git'),
    ClrCredential: () => clrCredential(),
  };

  for (const [name, build] of Object.entries(outputs)) {
    it(name, async () => {
      const document = build();
      const expanded = await expandSafely(document);
      expect(expanded).toHaveLength(1);
      // Signing canonicalizes the same document; it must not drop or reject anything either.
      expect(await canonizeSafely(document)).toMatch(/ \.\n$/);
    });
  }

  it('the check has teeth: an undefined term fails', async () => {
    const credential = { ...minimalCredential(), notAnObTerm: 'x' };
    await expect(expandSafely(credential)).rejects.toThrow();
  });

  it('the check has teeth: a 1EdTech type without extensions.json fails', async () => {
    const credential = minimalCredential({
      credentialStatus: { id: 'https://cairn.example/revocations', type: '1EdTechRevocationList' },
    });
    await expect(expandSafely({ ...credential, '@context': [VC_V2, OB] })).rejects.toThrow();
  });

  it('the check has teeth: endorsementJwt is undefined in the bundled OB 3.0.3 context', async () => {
    const credential = { ...minimalCredential(), endorsementJwt: ['eyJhbGciOiJFUzI1NiJ9.e30.c2ln'] };
    await expect(expandSafely(credential)).rejects.toThrow();
  });

  it('the check has teeth: credentialSubject.name would expand (schema:name), so it is a choice, not a necessity', async () => {
    // Documented decision: the learner's name goes into an IdentityObject (identityType "name"),
    // because OB 3.0 AchievementSubject defines no `name`; the JSON-LD term itself is defined.
    const credential = minimalCredential();
    const withName = { ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Ada' } };
    await expect(expandSafely(withName)).resolves.toHaveLength(1);
  });
});
