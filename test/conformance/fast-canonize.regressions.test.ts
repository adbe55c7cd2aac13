/** Counterexamples the differential tests found once, kept so they stay fixed. */
import { describe, expect, it } from 'vitest';
import { canonizeRdfc } from '../../src/core/jsonld/canonize.js';
import { createFastCanonizer } from '../../src/core/jsonld/fast-canonize.js';

describe('the fast path on documents that once differed', () => {
  it('a node met twice with an empty list keeps both rdf:nil quads, as jsonld.js does', async () => {
    const resultDescription = {
      id: 'tag:x.org,2026:y',
      type: ['ResultDescription'],
      allowedValue: [],
      name: '',
      resultType: 'GradePointAverage',
    };
    const document = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'https://example.com/0',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'https://example.com/issuer', type: ['Profile'] },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: [
        {
          type: ['AchievementSubject'],
          achievement: {
            id: 'http://example.org/a',
            type: ['Achievement'],
            criteria: {},
            description: '',
            name: '',
            resultDescription,
          },
        },
        {
          type: ['AchievementSubject'],
          achievement: {
            id: 'did:example:a',
            type: ['Achievement'],
            criteria: {},
            description: '',
            name: '',
            resultDescription,
          },
        },
      ],
    };
    const fast = createFastCanonizer();
    const expected = await canonizeRdfc(document);
    expect(expected.split('\n').filter((line) => line.includes('allowedValue'))).toHaveLength(2);
    expect(await fast(document)).toBe(expected);
  });

  it('a __proto__ key (which jsonld.js drops) is left to jsonld.js', async () => {
    // fast-check seed 862710865: { nested: { '!': { __proto__: 0 } } } under the examples @vocab.
    const document = JSON.parse(
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
        id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5',
        type: ['VerifiableCredential', 'ExampleCredential'],
        issuer: 'did:example:issuer',
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:subject', nested: { '!': { PROTO: 0 } } },
      }).replace('"PROTO"', '"__proto__"'),
    );
    expect(Object.keys(document.credentialSubject.nested['!'])).toEqual(['__proto__']);
    const fast = createFastCanonizer();
    expect(await fast(document)).toBe(await canonizeRdfc(document));
    expect(fast.stats.fallback).toBeGreaterThan(0);
  });
});
