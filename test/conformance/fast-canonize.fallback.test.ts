/**
 * What the fast canonical path does not take on, it hands to the general path, which then answers (or
 * refuses) exactly as it always did. Each construct here must be decided by the general path, and the
 * result must equal `canonizeRdfc`; the constructs the fast path does cover (numbers, @json, language
 * maps, @vocab, N-degree blank nodes) must stay on it. Also: every standards fixture matches, and the
 * fast path's proof of safe-mode expansion replaces jsonld.js in the context check only when it holds.
 */
import { readdirSync, statSync } from 'node:fs';
import jsonld from 'jsonld';
import { describe, expect, it, vi } from 'vitest';
import { canonizeRdfc } from '../../src/core/jsonld/canonize.js';
import { CONTEXT_URLS } from '../../src/core/jsonld/contexts.js';
import { createDocumentLoader, type DocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { createFastCanonizer } from '../../src/core/jsonld/fast-canonize.js';
import { addDataIntegrityProof } from '../../src/core/proofs/add-proof.js';
import { signVcJwt } from '../../src/core/proofs/vc-jwt.js';
import { isAppError } from '../../src/errors.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import { FIXED_NOW, fixturePath, readFixtureJson } from '../support/fixtures.js';
import { issuedBy, newKeyPair, verifyOffline } from '../support/signing.js';

const EX = 'https://example.com/contexts/';
/** Test-only contexts: each exercises one construct of JSON-LD context processing. */
const loader = createDocumentLoader({
  documents: {
    [`${EX}redefines-name.json`]: { '@context': { name: 'https://example.com/other-name' } },
    [`${EX}language-map.json`]: {
      '@context': {
        '@protected': true,
        label: { '@id': 'https://example.com/label', '@container': '@language' },
        none: '@none',
      },
    },
    [`${EX}default-language.json`]: { '@context': { '@language': 'en', note: 'https://example.com/note' } },
    [`${EX}null-term.json`]: { '@context': { nothing: null } },
    [`${EX}reverse.json`]: { '@context': { parentOf: { '@reverse': 'https://example.com/childOf' } } },
    [`${EX}scoped-vocab.json`]: {
      '@context': {
        Thing: { '@id': 'https://example.com/Thing', '@context': { '@vocab': 'https://example.com/thing#' } },
        thing: { '@id': 'https://example.com/thing', '@type': '@id' },
      },
    },
    [`${EX}json.json`]: { '@context': { data: { '@id': 'https://example.com/data', '@type': '@json' } } },
    [`${EX}double.json`]: {
      '@context': {
        measure: { '@id': 'https://example.com/measure', '@type': 'http://www.w3.org/2001/XMLSchema#double' },
        count: { '@id': 'https://example.com/count', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
      },
    },
  },
});
const fast = createFastCanonizer(loader);

type Outcome = { nquads: string } | { error: string };
async function outcome(run: () => Promise<string>): Promise<Outcome> {
  try {
    return { nquads: await run() };
  } catch (error) {
    return { error: isAppError(error) ? error.code : String(error) };
  }
}

/** Runs both paths; returns the fast path's outcome and which way it went. */
async function compare(document: object, documentLoader: DocumentLoader = loader) {
  const canonize = documentLoader === loader ? fast : createFastCanonizer(documentLoader);
  const before = { ...canonize.stats };
  const expected = await outcome(() => canonizeRdfc(document, documentLoader));
  const actual = await outcome(() => canonize(document));
  expect(actual).toEqual(expected);
  const way =
    canonize.stats.fallback > before.fallback
      ? 'general'
      : canonize.stats.nDegree > before.nDegree
        ? 'n-degree'
        : 'fast';
  return { actual, way, reason: canonize.stats.lastFallbackReason };
}

const VC = CONTEXT_URLS.VC_V2;
const OB = CONTEXT_URLS.OB_V3P0;

function credential(extra: Record<string, unknown> = {}, contexts: unknown[] = [VC, OB]) {
  return {
    '@context': contexts,
    id: 'urn:uuid:0b1f5a4e-1e0b-4c54-9d3e-3f1c2a9d8e7f',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:example:issuer', type: ['Profile'], name: 'Issuer' },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Badge',
    credentialSubject: {
      id: 'did:example:subject',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.com/achievements/1',
        type: ['Achievement'],
        name: 'A',
        description: 'D',
        criteria: { narrative: 'N' },
      },
    },
    ...extra,
  };
}

describe('constructs the fast path leaves to the general path', () => {
  const cases: [string, object, 'refused' | 'same'][] = [
    [
      'an inline context object',
      credential({ 'ex:x': 1 }, [VC, OB, { ex: 'https://example.com/ex#' }]),
      'same',
    ],
    ['an undefined property', credential({ undefinedProperty: 'x' }), 'refused'],
    ['an undefined type', credential({ type: ['VerifiableCredential', 'NoSuchType'] }), 'refused'],
    ['a relative @id', credential({ id: 'relative/path' }), 'refused'],
    ['a blank node @id', credential({ id: '_:b7' }), 'same'],
    [
      '@reverse',
      credential({ '@reverse': { 'https://example.com/knows': { id: 'did:example:x' } } }),
      'same',
    ],
    ['@nest', credential({ '@nest': { name: 'nested' } }), 'same'],
    ['@included', credential({ '@included': [{ id: 'did:example:x', name: 'x' }] }), 'same'],
    ['@graph in the document', credential({ '@graph': [{ id: 'did:example:x', name: 'x' }] }), 'same'],
    ['@index in a value object', credential({ name: { '@value': 'x', '@index': 'i' } }), 'same'],
    ['@direction', credential({ name: { '@value': 'x', '@language': 'ar', '@direction': 'rtl' } }), 'same'],
    ['an explicit @list object', credential({ description: { '@list': ['a', 'b'] } }), 'same'],
    ['an invalid language tag', credential({ name: { '@value': 'x', '@language': 'not a tag' } }), 'refused'],
    ['a number with a language', credential({ name: { '@value': 5, '@language': 'en' } }), 'refused'],
    ['a null @value', credential({ name: { '@value': null } }), 'refused'],
    ['an empty object at the top', { '@context': [VC] }, 'refused'],
    ['an empty node in a graph container', credential({ proof: {} }), 'refused'],
    ['a proof that is only a reference', credential({ proof: { id: 'urn:x:1' } }), 'refused'],
    ['a scalar in a graph container', credential({ proof: 'urn:x:1' }), 'refused'],
    [
      'an embedded inline context',
      credential({ evidence: { '@context': { x: 'https://x/' }, 'x:y': 1 } }),
      'same',
    ],
    ['an embedded null context', credential({ evidence: { '@context': null, id: 'urn:x:2' } }), 'refused'],
    [
      'two values jsonld.js keeps apart but RDF merges',
      credential({
        validFrom: [
          '2026-01-01T00:00:00Z',
          { '@value': '2026-01-01T00:00:00Z', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
          '2026-01-01T00:00:00Z',
        ],
        name: ['x', { '@value': 'x', '@type': 'http://www.w3.org/2001/XMLSchema#string' }],
      }),
      'same',
    ],
    [
      'numbers jsonld.js keeps apart that all become "0"',
      credential({
        credentialSubject: {
          type: 'AchievementSubject',
          creditsEarned: [0, 1e-7, 5e-324],
          achievement: 'urn:a',
        },
      }),
      'same',
    ],
    [
      'a context URL the loader does not know',
      credential({}, [VC, 'https://example.com/unknown.json']),
      'refused',
    ],
    ['a relative context URL', credential({}, [VC, 'relative.json']), 'refused'],
    ['a protected term redefined', credential({}, [VC, OB, `${EX}redefines-name.json`]), 'refused'],
    ['a default @language', credential({ note: 'n' }, [VC, `${EX}default-language.json`]), 'same'],
    ['a term mapped to null', credential({ nothing: 'n' }, [VC, `${EX}null-term.json`]), 'refused'],
    [
      'a @reverse term',
      credential({ parentOf: { id: 'did:example:kid' } }, [VC, `${EX}reverse.json`]),
      'same',
    ],
    ['a keyword-like key', credential({ '@foo': 'bar' }), 'refused'],
    ['an empty-string key', credential({ '': 'bar' }), 'refused'],
  ];
  for (const [label, document, expectation] of cases) {
    it(label, async () => {
      const { actual, way } = await compare(document);
      expect(way).toBe('general');
      if (expectation === 'refused') {
        expect(actual).toHaveProperty('error');
      }
    });
  }

  it('a document that is not a JSON object', async () => {
    const { way } = await compare([credential()]);
    expect(way).toBe('general');
  });

  it('refuses an undefined term with the same error as safe mode', async () => {
    await expect(fast(credential({ undefinedProperty: 'x' }))).rejects.toMatchObject({
      code: 'JSONLD_UNDEFINED_TERM',
    });
  });
});

describe('constructs the fast path covers, and gets right', () => {
  // Distinct values with distinct RDF forms (1e-7 and 5e-324 would both become "0", like 0: see above).
  const numbers = [
    0,
    -0,
    1,
    -1,
    1.5,
    0.1,
    2.5e-7,
    1e20,
    1e21,
    -1e21,
    2 ** 53,
    2 ** 53 + 2,
    1.7976931348623157e308,
    3.0,
    '2.5',
    'abc',
    true,
  ];
  const cases: [string, object, DocumentLoader?][] = [
    [
      'numbers as xsd:float (creditsAvailable)',
      credential({
        credentialSubject: {
          type: 'AchievementSubject',
          creditsEarned: numbers,
          achievement: {
            id: 'urn:a',
            type: 'Achievement',
            name: 'A',
            description: 'D',
            criteria: {},
            creditsAvailable: numbers,
          },
        },
      }),
    ],
    [
      'untyped numbers and booleans (geo, statusListIndex)',
      credential({
        credentialStatus: {
          id: 'urn:s',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: numbers,
          statusListCredential: 'https://example.com/list',
          statusSize: numbers,
        },
      }),
    ],
    [
      'numbers as xsd:double and xsd:integer',
      credential({ measure: numbers, count: numbers }, [VC, OB, `${EX}double.json`]),
    ],
    [
      '@json values (JsonSchema)',
      credential({
        credentialSchema: {
          id: 'https://example.com/s',
          type: 'JsonSchema',
          jsonSchema: { $schema: 'x', b: [1, 2.5, 'é', null, { z: 1, a: true }] },
        },
      }),
    ],
    ['a null @json value', credential({ data: null }, [VC, OB, `${EX}json.json`])],
    [
      'language maps',
      credential(
        { label: { en: 'Hello', 'FR-ca': ['Bonjour', null], none: 'plain', '@none': 'also plain' } },
        [VC, OB, `${EX}language-map.json`],
      ),
    ],
    [
      'language-tagged value objects',
      credential({
        name: [
          { '@value': 'Badge', '@language': 'EN-us' },
          'Badge',
          { '@value': 'Insigne', '@language': 'fr' },
        ],
      }),
    ],
    [
      'typed value objects',
      credential({ description: { '@value': '5', '@type': 'http://www.w3.org/2001/XMLSchema#integer' } }),
    ],
    [
      'a @vocab (examples context)',
      {
        '@context': [VC, CONTEXT_URLS.VC_EXAMPLES_V2],
        type: ['VerifiableCredential', 'ExampleCredential'],
        issuer: 'did:example:i',
        credentialSubject: { anything: 'goes', 'ex:colon': 1 },
      },
    ],
    [
      'a @vocab inside a type-scoped context',
      {
        '@context': [VC, `${EX}scoped-vocab.json`],
        type: ['VerifiableCredential'],
        issuer: 'did:example:i',
        credentialSubject: { type: 'Thing', free: 'x', thing: 'https://example.com/t' },
      },
    ],
    [
      'a @list container (allowedValue)',
      credential({
        credentialSubject: {
          type: 'AchievementSubject',
          achievement: {
            id: 'urn:a',
            type: 'Achievement',
            name: 'A',
            description: 'D',
            criteria: {},
            resultDescription: [
              {
                id: 'urn:rd',
                type: 'ResultDescription',
                name: 'R',
                resultType: 'LetterGrade',
                allowedValue: ['A', 'B', 'A', null],
              },
              {
                id: 'urn:rd2',
                type: 'ResultDescription',
                name: 'R2',
                resultType: 'LetterGrade',
                allowedValue: [],
              },
            ],
          },
        },
      }),
    ],
    [
      'proofs with previousProof (named graphs)',
      credential({
        proof: [
          {
            id: 'urn:p1',
            type: 'DataIntegrityProof',
            cryptosuite: 'eddsa-rdfc-2022',
            verificationMethod: 'did:example:i#k',
            proofPurpose: 'assertionMethod',
            proofValue: 'z1',
          },
          {
            id: 'urn:p2',
            type: 'DataIntegrityProof',
            cryptosuite: 'eddsa-rdfc-2022',
            verificationMethod: 'did:example:i#k',
            proofPurpose: 'assertionMethod',
            proofValue: 'z2',
            previousProof: 'urn:p1',
          },
        ],
      }),
    ],
    [
      'IRIs and strings N-Quads must escape',
      credential({
        id: 'https://example.com/a<b>"c{d}|e^f`g\\h',
        name: 'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f 😀 \ud800',
      }),
    ],
    [
      'values repeated the way jsonld.js merges them',
      credential({
        type: ['VerifiableCredential', 'OpenBadgeCredential', 'AchievementCredential', 'OpenBadgeCredential'],
        name: ['x', 'x', { '@value': 'x' }],
      }),
    ],
  ];
  for (const [label, document] of cases) {
    it(label, async () => {
      const { actual, way, reason } = await compare(document);
      expect(actual).toHaveProperty('nquads');
      expect(way, reason).toBe('fast');
    });
  }

  it('structurally identical blank nodes (RDFC N-degree hashing through rdf-canonize)', async () => {
    const alignment = { type: ['Alignment'], targetName: 'Same', targetUrl: 'https://example.com/same' };
    const document = credential({
      credentialSubject: {
        type: 'AchievementSubject',
        achievement: {
          id: 'urn:a',
          type: 'Achievement',
          name: 'A',
          description: 'D',
          criteria: {},
          alignment: [alignment, { ...alignment }],
        },
      },
    });
    const { way } = await compare(document);
    expect(way).toBe('n-degree');
  });
});

describe('every standards fixture (OB 3.0 examples, W3C vectors) through the fast path', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(fixturePath(dir))) {
      const relative = `${dir}/${name}`;
      if (statSync(fixturePath(relative)).isDirectory()) {
        walk(relative);
      } else if (name.endsWith('.json')) {
        files.push(relative);
      }
    }
  };
  walk('standards');
  const documents = files
    .map((file) => [file, readFixtureJson(file)] as const)
    .filter(([, document]) => '@context' in document);
  const citizenship = createDocumentLoader({
    documents: { 'https://w3id.org/citizenship/v4rc1': readFixtureJson('contexts/citizenship-v4rc1.json') },
  });

  it('there are fixtures', () => {
    expect(documents.length).toBeGreaterThanOrEqual(25);
  });
  for (const [file, document] of documents) {
    it(file, async () => {
      const { actual, way, reason } = await compare(document, citizenship);
      if ((document['@context'] as string[]).includes('https://www.w3.org/2018/credentials/examples/v2')) {
        // The spec's equality samples name a context that does not exist: both paths refuse them.
        expect(actual).toEqual({ error: 'CONTEXT_UNKNOWN' });
      } else {
        expect(way, reason).toBe('fast');
      }
    });
  }
});

describe('the context check of credentials no RDFC proof expands (eddsa-jcs-2022, VC-JWT)', () => {
  /** Signed with the core functions: the check under test is the verifier's, whatever signing would refuse. */
  async function signed(document: Record<string, unknown>) {
    const keyPair = await newKeyPair();
    const own = issuedBy(document, keyPair);
    const jcs = await addDataIntegrityProof(
      own,
      { cryptosuite: 'eddsa-jcs-2022', keyPair, created: '2026-11-01T10:00:00Z' },
      { crypto: nodeCryptoBackend, canonize: fast },
    );
    return [jcs, await signVcJwt(own, keyPair, nodeCryptoBackend)] as const;
  }
  const contextCheck = async (credential: unknown) =>
    (await verifyOffline(credential, { now: FIXED_NOW })).checks.find((check) => check.check === 'context');

  it('is proven by the fast path when every term is defined: jsonld.js does not run', async () => {
    const expand = vi.spyOn(jsonld, 'expand');
    try {
      for (const secured of await signed(credential())) {
        expect((await contextCheck(secured))?.status).toBe('passed');
      }
      expect(expand).not.toHaveBeenCalled();
    } finally {
      expand.mockRestore();
    }
  });

  it('still fails an undefined term: the fast path declines and jsonld.js decides', async () => {
    for (const secured of await signed(credential({ undefinedProperty: 'x' }))) {
      const context = await contextCheck(secured);
      expect(context?.status).toBe('failed');
      expect(context?.detail).toContain('undefinedProperty');
    }
  });
});
