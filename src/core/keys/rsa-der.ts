/**
 * The PKCS#1 RSAPublicKey DER structure (RFC 8017 A.1.1) that did:key uses for RSA keys (multicodec rsa-pub),
 * converted to and from JWK members. Just enough DER: a SEQUENCE of two positive INTEGERs.
 */

import type { Jwk } from '../crypto/keys.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base.js';

function encodeLength(length: number): number[] {
  if (length < 0x80) {
    return [length];
  }
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) {
    bytes.unshift(n & 0xff);
  }
  return [0x80 | bytes.length, ...bytes];
}

function encodeInteger(unsigned: Uint8Array): number[] {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) {
    start++;
  }
  const body = Array.from(unsigned.subarray(start));
  if ((body[0] ?? 0) & 0x80) {
    body.unshift(0); // keep it positive
  }
  return [0x02, ...encodeLength(body.length), ...body];
}

export function rsaPublicKeyToDer(jwk: Jwk): Uint8Array {
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) {
    throw new TypeError('Not an RSA JSON Web Key');
  }
  const content = [...encodeInteger(base64urlDecode(jwk.n)), ...encodeInteger(base64urlDecode(jwk.e))];
  return Uint8Array.from([0x30, ...encodeLength(content.length), ...content]);
}

function readLength(der: Uint8Array, offset: number): { length: number; offset: number } {
  const first = der[offset];
  if (first === undefined) {
    throw new TypeError('Truncated DER');
  }
  if (first < 0x80) {
    return { length: first, offset: offset + 1 };
  }
  const count = first & 0x7f;
  if (count === 0 || count > 4) {
    throw new TypeError('Unsupported DER length');
  }
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const byte = der[offset + i];
    if (byte === undefined) {
      throw new TypeError('Truncated DER');
    }
    length = length * 256 + byte;
  }
  return { length, offset: offset + 1 + count };
}

function readInteger(der: Uint8Array, offset: number): { value: Uint8Array; offset: number } {
  if (der[offset] !== 0x02) {
    throw new TypeError('Expected a DER INTEGER');
  }
  const { length, offset: start } = readLength(der, offset + 1);
  if (start + length > der.length) {
    throw new TypeError('Truncated DER');
  }
  let value = der.subarray(start, start + length);
  while (value.length > 1 && value[0] === 0) {
    value = value.subarray(1);
  }
  return { value, offset: start + length };
}

/** Throws a TypeError for anything but a well-formed RSAPublicKey. */
export function rsaPublicKeyFromDer(der: Uint8Array): Jwk {
  if (der[0] !== 0x30) {
    throw new TypeError('Expected a DER SEQUENCE');
  }
  const { length, offset } = readLength(der, 1);
  if (offset + length !== der.length) {
    throw new TypeError('Bad DER length');
  }
  const n = readInteger(der, offset);
  const e = readInteger(der, n.offset);
  if (e.offset !== der.length) {
    throw new TypeError('Trailing bytes in DER');
  }
  return { kty: 'RSA', n: base64urlEncode(n.value), e: base64urlEncode(e.value) };
}
