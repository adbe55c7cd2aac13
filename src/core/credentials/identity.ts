/**
 * Recipient identity without a DID or URL: OB 3.0 IdentityObject with a salted hash.
 *
 * IdentityHash = `"sha256$" + hex(sha256(utf8(value + salt)))`; `md5$…` is also allowed by the spec
 * (legacy; Cairn never writes it, but can check it).
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#identityobject
 * @see https://www.imsglobal.org/spec/ob/v3p0/#identityhash
 */
import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { AppError } from '../../errors.js';
import type { IdentityObject } from './types.js';
import type { IdentifierType } from './vocabulary.js';

const HASH_FUNCTIONS = { sha256, md5 } as const;
const HASH_LENGTH = { sha256: 64, md5: 32 } as const;
type HashAlgorithm = keyof typeof HASH_FUNCTIONS;

/**
 * Normalizes an identity value before hashing or comparing: trims surrounding white space, and
 * lower-cases e-mail addresses (`identityType` `emailAddress`), so that `" Ada@Example.org "` and
 * `"ada@example.org"` hash alike. Other identity types are case-sensitive.
 */
export function normalizeIdentityValue(value: string, identityType: IdentifierType = 'emailAddress'): string {
  const trimmed = value.trim();
  return identityType === 'emailAddress' ? trimmed.toLowerCase() : trimmed;
}

function hashHex(algorithm: HashAlgorithm, text: string): string {
  return bytesToHex(HASH_FUNCTIONS[algorithm](utf8ToBytes(text)));
}

/**
 * Hashes a recipient identifier into an IdentityObject, as OB 3.0 defines it:
 * `identityHash = "sha256$" + hex(sha256(utf8(normalized value + salt)))`.
 *
 * The value is normalized first (see {@link normalizeIdentityValue}): trimmed, and lower-cased for
 * e-mail addresses. The salt is stored in the object so that the recipient can later prove the match.
 * Callers generate the salt (e.g. 16 random bytes in hex); this function never draws randomness.
 *
 * @throws AppError INVALID_INPUT when the value or the salt is empty.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#identityobject
 * @example
 *   hashIdentity('a@example.com', { salt: 'Kosher' })
 *   // { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', salt: 'Kosher',
 *   //   identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399' }
 */
export function hashIdentity(
  value: string,
  options: { salt: string; identityType?: IdentifierType },
): IdentityObject {
  const identityType = options.identityType ?? 'emailAddress';
  const normalized = normalizeIdentityValue(value, identityType);
  if (normalized === '') {
    throw new AppError('INVALID_INPUT', `The ${identityType} to hash is empty`);
  }
  if (typeof options.salt !== 'string' || options.salt === '') {
    throw new AppError('INVALID_INPUT', 'A non-empty salt is required to hash a recipient identity');
  }
  return {
    type: 'IdentityObject',
    hashed: true,
    identityHash: `sha256$${hashHex('sha256', normalized + options.salt)}`,
    identityType,
    salt: options.salt,
  };
}

/**
 * An IdentityObject holding a plain (unhashed) value, e.g. the learner's name with `identityType`
 * `name`. Use only for values the learner agreed to publish.
 *
 * @throws AppError INVALID_INPUT when the value is empty.
 */
export function plainIdentity(value: string, identityType: IdentifierType): IdentityObject {
  const trimmed = value.trim();
  if (trimmed === '') {
    throw new AppError('INVALID_INPUT', `The ${identityType} is empty`);
  }
  return { type: 'IdentityObject', hashed: false, identityHash: trimmed, identityType };
}

/**
 * Checks whether `value` (e.g. an e-mail address a learner typed) is the identity an IdentityObject
 * names. Supports `sha256$…` and legacy `md5$…` hashes (hex, any case) with the object's salt (none
 * = empty), and `hashed: false` plain values.
 *
 * The value is normalized as {@link hashIdentity} does; for hashes the value exactly as given is
 * tried too, since issuers other than Cairn may hash without normalizing.
 * Never throws: a malformed object or an unknown algorithm simply does not match.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#identityhash
 */
export function matchesIdentity(identity: IdentityObject, value: string): boolean {
  if (typeof value !== 'string' || typeof identity?.identityHash !== 'string') {
    return false;
  }
  const identityType = identity.identityType ?? 'emailAddress';
  const normalized = normalizeIdentityValue(value, identityType);
  if (normalized === '') {
    return false;
  }
  if (identity.hashed === false) {
    return normalizeIdentityValue(identity.identityHash, identityType) === normalized;
  }
  if (identity.hashed !== true) {
    return false;
  }
  const match = /^(sha256|md5)\$([0-9a-f]+)$/i.exec(identity.identityHash.trim());
  if (!match) {
    return false;
  }
  const algorithm = match[1]!.toLowerCase() as HashAlgorithm;
  const expected = match[2]!.toLowerCase();
  if (expected.length !== HASH_LENGTH[algorithm]) {
    return false;
  }
  const salt = typeof identity.salt === 'string' ? identity.salt : '';
  const candidates = new Set([normalized, value]);
  for (const candidate of candidates) {
    if (hashHex(algorithm, candidate + salt) === expected) {
      return true;
    }
  }
  return false;
}
