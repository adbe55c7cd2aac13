/**
 * Reads an RSA public key from PEM into the JWK the crypto backends take. Open Badges 2.0 publishes an
 * issuer's key as a CryptographicKey with `publicKeyPem` (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY";
 * older issuers wrote PKCS#1, "BEGIN RSA PUBLIC KEY"). A small DER reader is enough for these two
 * fixed shapes, and keeps the core free of platform key-import APIs.
 */
import { base64 } from '@scure/base';
import { AppError } from '../../errors.js';
import { encodeBase64url } from '../encoding/base64url.js';
import type { Jwk } from './keys.js';

/** 1.2.840.113549.1.1.1 (rsaEncryption), as DER object identifier content bytes. */
const RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

type Element = { tag: number; start: number; end: number };

function bad(detail: string): AppError {
  return new AppError('INVALID_INPUT', `The public key PEM cannot be read: ${detail}`);
}

/** One DER element (tag, content start and end) at `offset`; definite lengths only, as DER requires. */
function readElement(der: Uint8Array, offset: number, limit = der.length): Element {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) {
    throw bad('truncated DER');
  }
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) {
      throw bad('unsupported DER length');
    }
    length = 0;
    for (let index = 0; index < count; index++) {
      const byte = der[start + index];
      if (byte === undefined) {
        throw bad('truncated DER');
      }
      length = length * 256 + byte;
    }
    start += count;
  }
  const end = start + length;
  if (end > limit) {
    throw bad('a DER element runs past its container');
  }
  return { tag, start, end };
}

/** The elements directly inside a constructed element. */
function children(der: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const element = readElement(der, offset, parent.end);
    out.push(element);
    offset = element.end;
  }
  return out;
}

/** An unsigned big-endian integer's bytes, without the sign-padding zero byte DER adds. */
function unsignedBytes(der: Uint8Array, element: Element): Uint8Array {
  let start = element.start;
  while (start < element.end - 1 && der[start] === 0) {
    start++;
  }
  return der.subarray(start, element.end);
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1). */
function rsaPublicKey(der: Uint8Array, sequence: Element): Jwk {
  const [modulus, exponent] = children(der, sequence);
  if (sequence.tag !== 0x30 || modulus?.tag !== 0x02 || exponent?.tag !== 0x02) {
    throw bad('not an RSA public key');
  }
  return {
    kty: 'RSA',
    n: encodeBase64url(unsignedBytes(der, modulus)),
    e: encodeBase64url(unsignedBytes(der, exponent)),
  };
}

function base64Decode(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) {
    throw bad('the body is not base64');
  }
  try {
    return base64.decode(clean);
  } catch {
    throw bad('the body is not base64');
  }
}

/**
 * The RSA public key in a PEM "PUBLIC KEY" (SPKI) or "RSA PUBLIC KEY" (PKCS#1) block, as a JWK.
 * Throws AppError INVALID_INPUT for anything else (another key type, a private key, damaged DER).
 *
 * @example
 *   const jwk = rsaPublicKeyFromPem(cryptographicKey.publicKeyPem);
 *   await crypto.verify({ algorithm: 'RSA', jwk }, data, signature);
 */
export function rsaPublicKeyFromPem(pem: string): Jwk {
  const block = /-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block) {
    throw bad('no "BEGIN PUBLIC KEY" block');
  }
  const der = base64Decode(block[2] as string);
  const outer = readElement(der, 0);
  if (block[1] === 'RSA PUBLIC KEY') {
    return rsaPublicKey(der, outer);
  }
  const [algorithm, bits] = children(der, outer);
  if (outer.tag !== 0x30 || algorithm?.tag !== 0x30 || bits?.tag !== 0x03) {
    throw bad('not a SubjectPublicKeyInfo');
  }
  const oid = children(der, algorithm)[0];
  const oidBytes = oid ? Array.from(der.subarray(oid.start, oid.end)) : [];
  if (oid?.tag !== 0x06 || oidBytes.join() !== RSA_ENCRYPTION.join()) {
    throw bad('the key is not an RSA key');
  }
  // A BIT STRING's first content byte counts its unused bits: zero for a DER-encoded key.
  if (der[bits.start] !== 0) {
    throw bad('malformed BIT STRING');
  }
  return rsaPublicKey(der, readElement(der, bits.start + 1, bits.end));
}
