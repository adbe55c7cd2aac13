import { describe, expect, it } from 'vitest';
import { checkCredentialStructure } from './vcdm-structure.js';

describe('checkCredentialStructure', () => {
  it('names the path of every bad status entry, wherever it sits', () => {
    const problems = checkCredentialStructure({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: {
        id: 'did:example:subject',
        nested: [
          {
            type: 'BitstringStatusListEntry',
            statusListIndex: 5,
            statusListCredential: 'https://example.com/list',
            statusPurpose: 'revocation',
          },
        ],
      },
      credentialStatus: [
        {
          id: 'https://example.com/list#1',
          type: 'BitstringStatusListEntry',
          statusListIndex: '01',
          statusListCredential: 'not a url',
          statusPurpose: 'revocation',
        },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'credentialStatus[0].statusListIndex must be a base-10 integer written as a string',
        'credentialStatus[0].statusListCredential must be a URL',
        'credentialSubject.nested[0].statusListIndex must be a base-10 integer written as a string',
      ]),
    );
  });
});
