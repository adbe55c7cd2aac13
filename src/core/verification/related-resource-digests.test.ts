import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base58Encode } from '../encoding/base.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import { KNOWN_RESOURCE_DIGESTS, relatedResourceDigestProblems } from './related-resource-digests.js';
import { checkCredentialStructure } from './vcdm-structure.js';

// The base context as the Recommendation fixes it (test/fixtures/contexts/SOURCES.md).
const BYTES = readFileSync(
  new URL('../../../test/fixtures/contexts/credentials-v2-recommendation.jsonld', import.meta.url),
);
const digest = (algorithm: string) => createHash(algorithm).update(BYTES).digest();
const V2 = CONTEXT_URLS.VC_V2;

describe('relatedResource digests', () => {
  it('pins digests recomputed from the bytes, the SHA2-256 being the one VCDM 2.0 §B.1 publishes', () => {
    const pinned = KNOWN_RESOURCE_DIGESTS.get(V2);
    expect(pinned).toEqual({
      sha256: digest('sha256').toString('hex'),
      sha384: digest('sha384').toString('hex'),
      sha512: digest('sha512').toString('hex'),
    });
    expect(pinned?.sha256).toBe('24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9');
  });

  it('accepts every right form: SRI (any SHA-2, options, several), bare and multihash multibase', () => {
    const sha256 = digest('sha256');
    const sha384 = digest('sha384');
    const multihash = Buffer.concat([Buffer.from([0x20, 48]), sha384]);
    for (const item of [
      { digestSRI: `sha384-${sha384.toString('base64')}` },
      {
        digestSRI: `sha256-${sha256.toString('base64')}?ct=application/ld+json sha512-${digest('sha512').toString('base64')}`,
      },
      { digestMultibase: `u${sha256.toString('base64url')}` },
      { digestMultibase: `z${base58Encode(multihash)}` },
      { digestMultibase: [`u${multihash.toString('base64url')}`, `u${sha256.toString('base64url')}`] },
    ]) {
      expect(relatedResourceDigestProblems({ id: V2, ...item }, 'r'), JSON.stringify(item)).toEqual([]);
    }
  });

  it('refuses a wrong or unreadable digest of a known resource', () => {
    const wrong384 = createHash('sha384').update('something else').digest();
    const cases: [Record<string, unknown>, RegExp][] = [
      // The W3C data-model suite's wrong digests.
      [{ digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' }, /digestMultibase does not match/],
      [
        { digestSRI: 'sha384-_rCVIV7fSXXTNIvpiq26jRDyj8JG8TDjij-tD0ewLk4JpnXEz6a5AeeY_1qQ0d0P' },
        /digestSRI is not/,
      ],
      [{ digestSRI: `sha384-${wrong384.toString('base64')}` }, /digestSRI does not match .* sha384 differs/],
      [{ digestSRI: `md5-${createHash('md5').update(BYTES).digest('base64')}` }, /digestSRI is not/],
      [
        { digestMultibase: `u${digest('sha256').toString('base64url')}`, digestSRI: 'sha256-AAAA' },
        /digestSRI is not/,
      ],
      [{ digestMultibase: 'x1234' }, /digestMultibase is not/],
      [{ digestMultibase: 42 }, /digestMultibase is not/],
    ];
    for (const [item, problem] of cases) {
      const problems = relatedResourceDigestProblems({ id: V2, ...item }, 'relatedResource[0]');
      expect(problems, JSON.stringify(item)).toHaveLength(1);
      expect(problems[0]).toMatch(problem);
    }
  });

  it('leaves the digests of resources it cannot know offline alone', () => {
    expect(
      relatedResourceDigestProblems({ id: 'https://example.com/picture.png', digestSRI: 'sha384-AAAA' }, 'r'),
    ).toEqual([]);
  });

  it('is one of the credential structure rules (issuers refuse, verifiers fail)', () => {
    const credential = (digestSRI: string) => ({
      '@context': [V2],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: { id: 'did:example:subject' },
      relatedResource: [{ id: V2, digestSRI }],
    });
    expect(checkCredentialStructure(credential(`sha384-${digest('sha384').toString('base64')}`))).toEqual([]);
    expect(checkCredentialStructure(credential(`sha384-${digest('sha512').toString('base64')}`))).toEqual([
      'relatedResource[0].digestSRI is not a SHA-2 digest Cairn can read',
    ]);
  });
});
