import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { hashIdentity, matchesIdentity, normalizeIdentityValue, plainIdentity } from './identity.js';
import type { IdentityObject } from './types.js';

// OB 3.0 spec example: sha256("a@example.com" + "Kosher"), checked with `printf 'a@example.comKosher' | sha256sum`.
const SPEC_HASH = 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399';

describe('hashIdentity', () => {
  it('reproduces the OB 3.0 spec example', () => {
    expect(hashIdentity('a@example.com', { salt: 'Kosher' })).toEqual({
      type: 'IdentityObject',
      hashed: true,
      identityHash: SPEC_HASH,
      identityType: 'emailAddress',
      salt: 'Kosher',
    });
  });

  it('normalizes e-mail addresses (trim + lower case) before hashing', () => {
    expect(hashIdentity('  A@Example.COM \n', { salt: 'Kosher' }).identityHash).toBe(SPEC_HASH);
    expect(normalizeIdentityValue(' A@Example.COM ')).toBe('a@example.com');
  });

  it('keeps other identity types case-sensitive', () => {
    const upper = hashIdentity('Student-7', { salt: 's', identityType: 'sourcedId' });
    const lower = hashIdentity('student-7', { salt: 's', identityType: 'sourcedId' });
    expect(upper.identityType).toBe('sourcedId');
    expect(upper.identityHash).not.toBe(lower.identityHash);
  });

  it('requires a value and a salt', () => {
    for (const build of [
      () => hashIdentity('a@example.com', { salt: '' }),
      () => hashIdentity('   ', { salt: 'Kosher' }),
    ]) {
      let error: unknown;
      try {
        build();
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});

describe('matchesIdentity', () => {
  const hashed = hashIdentity('a@example.com', { salt: 'Kosher' });

  it('matches the hashed e-mail in any case and with white space', () => {
    expect(matchesIdentity(hashed, 'a@example.com')).toBe(true);
    expect(matchesIdentity(hashed, ' A@EXAMPLE.com ')).toBe(true);
  });

  it('does not match another address or another salt', () => {
    expect(matchesIdentity(hashed, 'b@example.com')).toBe(false);
    expect(matchesIdentity({ ...hashed, salt: 'Kosher2' }, 'a@example.com')).toBe(false);
    expect(matchesIdentity(hashed, '')).toBe(false);
  });

  it('accepts an upper-case hex digest and a hash made without normalizing', () => {
    expect(
      matchesIdentity(
        { ...hashed, identityHash: SPEC_HASH.toUpperCase().replace('SHA256', 'sha256') },
        'a@example.com',
      ),
    ).toBe(true);
    // sha256("A@Example.com" + "Kosher"), as an issuer that does not normalize would write it
    // (an ext: identity type is case-sensitive, so hashIdentity does not lower-case it).
    const unnormalized = hashIdentity('A@Example.com', { salt: 'Kosher', identityType: 'ext:RawEmail' });
    expect(unnormalized.identityHash).not.toBe(SPEC_HASH);
    expect(matchesIdentity({ ...hashed, identityHash: unnormalized.identityHash }, 'A@Example.com')).toBe(
      true,
    );
    expect(matchesIdentity({ ...hashed, identityHash: unnormalized.identityHash }, 'a@example.com')).toBe(
      false,
    );
  });

  it('checks legacy md5$ hashes', () => {
    // md5("a@example.comKosher"), from `printf 'a@example.comKosher' | md5sum`.
    const md5: IdentityObject = { ...hashed, identityHash: 'md5$ddd142639a792e74751ee7e129237efa' };
    expect(matchesIdentity(md5, 'a@example.com')).toBe(true);
    expect(matchesIdentity(md5, 'b@example.com')).toBe(false);
  });

  it('compares plain (unhashed) identities', () => {
    const name = plainIdentity('Ada Lovelace', 'name');
    expect(name).toEqual({
      type: 'IdentityObject',
      hashed: false,
      identityHash: 'Ada Lovelace',
      identityType: 'name',
    });
    expect(matchesIdentity(name, ' Ada Lovelace ')).toBe(true);
    expect(matchesIdentity(name, 'ada lovelace')).toBe(false);
    const email: IdentityObject = {
      type: 'IdentityObject',
      hashed: false,
      identityHash: 'A@example.com',
      identityType: 'emailAddress',
    };
    expect(matchesIdentity(email, 'a@EXAMPLE.com')).toBe(true);
  });

  it('never throws on malformed objects', () => {
    expect(matchesIdentity({ ...hashed, identityHash: 'sha1$abc' }, 'a@example.com')).toBe(false);
    expect(matchesIdentity({ ...hashed, identityHash: 'sha256$abc' }, 'a@example.com')).toBe(false);
    expect(matchesIdentity({ ...hashed, hashed: 'yes' as unknown as boolean }, 'a@example.com')).toBe(false);
    expect(matchesIdentity({} as IdentityObject, 'a@example.com')).toBe(false);
  });
});
