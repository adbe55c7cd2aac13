import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/support/fixtures.js';
import { dedupeIssues, pointerToPath } from './schema-errors.js';
import { SCHEMA_IDS } from './schemas.js';
import { detectCredentialKind, VCDM_MINIMAL_SCHEMA, validateCredential } from './validate-credential.js';

// The spec's examples, copied byte-exact under test/fixtures (see test/fixtures/standards).
const EXAMPLES_DIR = fixturePath('standards/examples/ob3');
const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const CLR = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';

// biome-ignore lint/suspicious/noExplicitAny: the tests poke at fixture JSON freely
type Json = Record<string, any>;

function readExample(name: string): Json {
  // The files are the verbatim <pre> contents of the spec: JSON with a leading newline.
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8'));
}

function basic(): Json {
  return readExample('basic-openbadgecredential.json');
}

function messages(credential: unknown, mode: 'issue' | 'verify' = 'issue'): string[] {
  return validateCredential(credential, { mode }).errors.map((error) => `${error.path}: ${error.message}`);
}

function clr(embedded: Json[] = [basic()]): Json {
  return {
    '@context': [VC_V2, CLR, OB],
    id: 'urn:uuid:7d2c9e4f-1b3a-4c5d-8e6f-0a1b2c3d4e5f',
    type: ['VerifiableCredential', 'ClrCredential'],
    name: 'Learner record',
    issuer: { id: 'https://example.com/issuers/876543', type: ['Profile'], name: 'Example Corp' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['ClrSubject'],
      verifiableCredential: embedded,
      association: [
        {
          type: 'Association',
          associationType: 'isPartOf',
          sourceId: 'https://example.com/achievements/a',
          targetId: 'https://example.com/achievements/b',
        },
      ],
    },
  };
}

describe('the OB 3.0 spec examples', () => {
  const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));

  it('are all here', () => {
    expect(files).toHaveLength(11);
  });

  // Decision, checked here: all 11 spec examples pass the FORMAL schemas (issue mode), so they pass
  // the JSON-LD-adapted ones (verify mode) too. The equality samples list a made-up context URL,
  // which JSON Schema does not care about.
  for (const file of files) {
    it(`${file} is valid in issue (formal) and verify (JSON-LD) mode`, () => {
      const credential = readExample(file);
      const expectedKind = file.startsWith('endorsement') ? 'EndorsementCredential' : 'AchievementCredential';
      for (const mode of ['issue', 'verify'] as const) {
        const result = validateCredential(credential, { mode });
        expect(result.errors).toEqual([]);
        expect(result).toMatchObject({ valid: true, kind: expectedKind });
      }
    });
  }

  it('uses the formal schema in issue mode and the JSON-LD one in verify mode', () => {
    expect(validateCredential(basic()).schema).toBe(SCHEMA_IDS.OB_ACHIEVEMENT_CREDENTIAL_FORMAL);
    expect(validateCredential(basic(), { mode: 'verify' }).schema).toBe(
      SCHEMA_IDS.OB_ACHIEVEMENT_CREDENTIAL_JSONLD,
    );
    const endorsement = readExample('endorsementcredential.json');
    expect(validateCredential(endorsement).schema).toBe(SCHEMA_IDS.OB_ENDORSEMENT_CREDENTIAL_FORMAL);
    expect(validateCredential(endorsement, { mode: 'verify' }).schema).toBe(
      SCHEMA_IDS.OB_ENDORSEMENT_CREDENTIAL_JSONLD,
    );
  });
});

describe('typical mistakes get one readable message each', () => {
  const cases: Array<[string, (credential: Json) => void, string]> = [
    [
      'image as a string',
      (c) => {
        c.credentialSubject.achievement.image = 'https://example.com/badge.png';
      },
      'credentialSubject.achievement.image: must be an object like {"id": "<image URL>", "type": "Image"}, not a plain URL',
    ],
    [
      'issuer.type IssuerProfile',
      (c) => {
        c.issuer.type = ['IssuerProfile'];
      },
      'issuer.type: must contain "Profile"',
    ],
    [
      'missing criteria',
      (c) => {
        delete c.credentialSubject.achievement.criteria;
      },
      'credentialSubject.achievement.criteria: is required',
    ],
    [
      'validFrom without Z',
      (c) => {
        c.validFrom = '2010-01-01T00:00:00';
      },
      'validFrom: must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z',
    ],
    [
      'type missing OpenBadgeCredential',
      (c) => {
        c.type = ['VerifiableCredential'];
      },
      'type: must contain "AchievementCredential" or "OpenBadgeCredential"',
    ],
    [
      'contexts in the wrong order',
      (c) => {
        c['@context'] = [OB, VC_V2];
      },
      '@context: must list "https://www.w3.org/ns/credentials/v2", then "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", in that order',
    ],
    [
      'a single @context',
      (c) => {
        c['@context'] = VC_V2;
      },
      '@context: must list "https://www.w3.org/ns/credentials/v2", then "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", in that order',
    ],
    [
      'an unknown achievementType',
      (c) => {
        c.credentialSubject.achievement.achievementType = 'Microcredential';
      },
      'credentialSubject.achievement.achievementType: must be one of: Achievement, ApprenticeshipCertificate, Assessment, Assignment, AssociateDegree, Award, Badge, BachelorDegree, Certificate, CertificateOfCompletion, Certification, CommunityService, Competency, Course, CoCurricular, Degree, Diploma, DoctoralDegree, Fieldwork, GeneralEducationDevelopment, JourneymanCertificate, LearningProgram, License, Membership, ProfessionalDoctorate, QualityAssuranceCredential, MasterCertificate, MasterDegree, MicroCredential, ResearchDoctorate, SecondarySchoolDiploma, or an extension term like "ext:MyTerm"',
    ],
    [
      'an unknown property on Image',
      (c) => {
        c.credentialSubject.achievement.image = { id: 'https://example.com/b.png', type: 'Image', url: 'x' };
      },
      'credentialSubject.achievement.image.url: is not allowed here (allowed: id, type, caption)',
    ],
    [
      'a subject with neither id nor identifier',
      (c) => {
        delete c.credentialSubject.id;
      },
      'credentialSubject: must have an "id" (a DID or URL) or at least one "identifier" (IdentityObject)',
    ],
    [
      'a 1EdTech status type without extensions.json',
      (c) => {
        c.credentialStatus = { id: 'https://example.com/revocations', type: '1EdTechRevocationList' };
      },
      '@context: must include "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json" because credentialStatus uses 1EdTechRevocationList',
    ],
  ];

  for (const [name, mutate, expected] of cases) {
    it(`${name} (both modes)`, () => {
      const credential = basic();
      mutate(credential);
      expect(messages(credential, 'issue')).toEqual([expected]);
      expect(messages(credential, 'verify')).toEqual([expected]);
      expect(validateCredential(credential).valid).toBe(false);
    });
  }

  it('reports every problem at once', () => {
    const credential = basic();
    credential.issuer.type = ['IssuerProfile'];
    delete credential.credentialSubject.achievement.criteria;
    credential.validFrom = '2010-01-01';
    expect(messages(credential)).toEqual([
      'credentialSubject.achievement.criteria: is required',
      'issuer.type: must contain "Profile"',
      'validFrom: must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z',
    ]);
  });

  it('explains bad IdentityObjects', () => {
    const credential = basic();
    credential.credentialSubject.identifier = [
      { type: 'IdentityObject', hashed: 'true', identityHash: 'sha256$00', identityType: 'email' },
    ];
    expect(messages(credential)).toEqual([
      'credentialSubject.identifier[0].hashed: must be true or false',
      'credentialSubject.identifier[0].identityType: must be one of: name, sourcedId, systemId, productId, userName, accountId, emailAddress, nationalIdentityNumber, isbn, issn, lisSourcedId, oneRosterSourcedId, sisSourcedId, ltiContextId, ltiDeploymentId, ltiToolId, ltiPlatformId, ltiUserId, identifier, or an extension term like "ext:MyTerm"',
    ]);
  });
});

describe('issue mode (formal) versus verify mode (JSON-LD compacted values)', () => {
  function compacted(): Json {
    const credential = basic();
    credential.type = 'OpenBadgeCredential';
    credential.credentialSubject.type = 'AchievementSubject';
    credential.credentialSubject.achievement.type = 'Achievement';
    credential.proof = {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: '2026-01-01T00:00:00Z',
      verificationMethod: 'https://example.com/issuers/876543#key-1',
      proofPurpose: 'assertionMethod',
      proofValue: 'z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz',
    };
    credential.evidence = { type: 'Evidence', narrative: 'Peer review.' };
    return credential;
  }

  it('accepts compacted single values only in verify mode', () => {
    const credential = compacted();
    credential.type = ['VerifiableCredential', 'OpenBadgeCredential'];
    expect(messages(credential, 'verify')).toEqual([]);
    expect(messages(credential, 'issue')).toEqual([
      'credentialSubject.type: must be an array (a list), not a single value: wrap it in [ ]',
      'credentialSubject.achievement.type: must be an array (a list), not a single value: wrap it in [ ]',
      'evidence: must be an array (a list), not a single value: wrap it in [ ]',
      'proof: must be an array (a list), not a single value: wrap it in [ ]',
    ]);
  });

  it('still requires VerifiableCredential in a compacted type', () => {
    expect(messages(compacted(), 'verify')).toEqual(['type: must contain "VerifiableCredential"']);
  });

  it('requires URL ids only in issue mode', () => {
    const credential = basic();
    credential.id = 'credential-3527';
    expect(messages(credential, 'issue')).toEqual(['id: must be a URL, e.g. urn:uuid:… or https://…']);
    expect(messages(credential, 'verify')).toEqual([]);
  });

  it('checks result references only in issue mode', () => {
    const credential = basic();
    credential.credentialSubject.result = [
      { type: ['Result'], resultDescription: 'https://example.com/nope' },
    ];
    expect(messages(credential, 'issue')).toEqual([
      "credentialSubject.result[0].resultDescription: must be the id of one of the achievement's resultDescription entries",
    ]);
    expect(messages(credential, 'verify')).toEqual([]);
  });

  it('reads a VCDM 1.1 OB credential as VCDM 2.0 in verify mode only', () => {
    const legacy = basic();
    legacy['@context'] = [VC_V1, 'https://purl.imsglobal.org/spec/ob/v3p0/context.json'];
    legacy.issuanceDate = legacy.validFrom;
    delete legacy.validFrom;
    expect(validateCredential(legacy, { mode: 'verify' })).toMatchObject({
      valid: true,
      kind: 'AchievementCredential',
    });
    expect(messages(legacy, 'issue')).toEqual([
      'validFrom: is required',
      '@context[0]: must be "https://www.w3.org/ns/credentials/v2"',
    ]);
    legacy.issuanceDate = '2010-01-01T00:00:00';
    expect(messages(legacy, 'verify')).toEqual([
      'issuanceDate: must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z',
    ]);
  });
});

describe('ClrCredential', () => {
  it('validates with the CLR schema in both modes', () => {
    for (const mode of ['issue', 'verify'] as const) {
      const result = validateCredential(clr(), { mode });
      expect(result).toMatchObject({
        valid: true,
        kind: 'ClrCredential',
        schema: SCHEMA_IDS.CLR_CREDENTIAL_JSONLD,
      });
    }
  });

  it('checks the embedded OpenBadgeCredentials with the OB schema', () => {
    const embedded = basic();
    embedded.credentialSubject.achievement.image = 'https://example.com/badge.png';
    expect(messages(clr([basic(), embedded]))).toEqual([
      'credentialSubject.verifiableCredential[1].credentialSubject.achievement.image: must be an object like {"id": "<image URL>", "type": "Image"}, not a plain URL',
    ]);
  });

  it('explains CLR mistakes', () => {
    const credential = clr();
    credential.issuer.type = ['IssuerProfile'];
    credential.credentialSubject.association[0].associationType = 'partOf';
    credential['@context'] = [VC_V2, OB, CLR];
    expect(messages(credential)).toEqual([
      '@context[1]: must be a CLR 2.0 context URL, e.g. https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      '@context[2]: must be an Open Badges 3.0 context URL, e.g. https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'credentialSubject.association[0].associationType: must be one of: exactMatchOf, isChildOf, isParentOf, isPartOf, isPeerOf, isRelatedTo, precedes, replacedBy',
      'issuer.type: must contain "Profile"',
    ]);
  });

  it('requires embedded credentials', () => {
    const credential = clr();
    delete credential.credentialSubject.verifiableCredential;
    expect(messages(credential)).toEqual(['credentialSubject.verifiableCredential: is required']);
    credential.credentialSubject.verifiableCredential = [];
    expect(messages(credential)).toEqual([
      'credentialSubject.verifiableCredential: must have at least 1 item(s)',
    ]);
  });
});

describe('other verifiable credentials', () => {
  const statusList = (): Json => ({
    '@context': [VC_V2],
    id: 'https://example.com/status/1',
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: 'did:example:issuer',
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'https://example.com/status/1#list',
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
    },
  });

  it('get a minimal VCDM structure check', () => {
    expect(validateCredential(statusList())).toEqual({
      valid: true,
      kind: 'VerifiableCredential',
      schema: VCDM_MINIMAL_SCHEMA,
      errors: [],
    });
  });

  it('report missing or malformed VCDM parts', () => {
    const credential = statusList();
    credential['@context'] = ['https://example.com/context', VC_V2];
    credential.issuer = { name: 'No id' };
    credential.validFrom = '2026-01-01';
    credential.issuanceDate = '2026-01-01T00:00:00Z';
    credential.credentialSubject = {};
    expect(messages(credential)).toEqual([
      '@context[0]: must be "https://www.w3.org/ns/credentials/v2" (or "https://www.w3.org/2018/credentials/v1" for a VCDM 1.1 credential)',
      'issuer.id: is required',
      'credentialSubject: must not be empty',
      'issuanceDate: is a VCDM 1.1 property that the VCDM 2.0 context does not define; use validFrom',
      'validFrom: must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z',
    ]);
    expect(messages({ ...statusList(), type: ['BitstringStatusListCredential'] })).toEqual([
      'type: must contain "VerifiableCredential"',
    ]);
  });

  it('accept a VCDM 1.1 credential with issuanceDate', () => {
    const credential = statusList();
    credential['@context'] = [VC_V1];
    credential.issuanceDate = credential.validFrom;
    delete credential.validFrom;
    expect(messages(credential)).toEqual([]);
    delete credential.issuanceDate;
    expect(messages(credential)).toEqual(['issuanceDate: is required in a VCDM 1.1 credential']);
  });

  it('report a non-object', () => {
    expect(validateCredential('eyJhbGciOi...')).toMatchObject({
      valid: false,
      errors: [{ path: '', message: 'the credential must be a JSON object' }],
    });
    expect(validateCredential(null).valid).toBe(false);
  });
});

describe('detectCredentialKind', () => {
  it('reads type first, then the subject', () => {
    expect(detectCredentialKind({ type: ['VerifiableCredential', 'AchievementCredential'] })).toBe(
      'AchievementCredential',
    );
    expect(detectCredentialKind({ type: 'OpenBadgeCredential' })).toBe('AchievementCredential');
    expect(detectCredentialKind({ type: ['VerifiableCredential', 'EndorsementCredential'] })).toBe(
      'EndorsementCredential',
    );
    expect(detectCredentialKind({ type: ['VerifiableCredential', 'ClrCredential'] })).toBe('ClrCredential');
    expect(
      detectCredentialKind({ type: ['VerifiableCredential'], credentialSubject: { achievement: {} } }),
    ).toBe('AchievementCredential');
    expect(detectCredentialKind({ type: [], credentialSubject: { type: 'EndorsementSubject' } })).toBe(
      'EndorsementCredential',
    );
    expect(detectCredentialKind({ credentialSubject: [{ type: ['ClrSubject'] }] })).toBe('ClrCredential');
    expect(detectCredentialKind({ type: ['VerifiableCredential'] })).toBe('VerifiableCredential');
    expect(detectCredentialKind(42)).toBe('VerifiableCredential');
  });
});

describe('error helpers', () => {
  it('turns JSON pointers into dotted paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/credentialSubject/result/0/value')).toBe('credentialSubject.result[0].value');
    expect(pointerToPath('/@context/1')).toBe('@context[1]');
    expect(pointerToPath('/a~1b/c d')).toBe('["a/b"]["c d"]');
  });

  it('de-duplicates issues', () => {
    const issue = { path: 'a', message: 'is required' };
    expect(dedupeIssues([issue, { ...issue }, { path: 'b', message: 'is required' }])).toHaveLength(2);
  });
});
