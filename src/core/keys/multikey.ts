/**
 * Public keys as Multikey `publicKeyMultibase` values (Ed25519 `z6Mk…`, P-256 `zDn…`, RSA `z4MX…`) and back.
 * @see https://www.w3.org/TR/cid-1.0/#Multikey
 */
import { p256 } from '@noble/curves/nist.js';
import type { PublicKey } from '../crypto/keys.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base.js';
import { decodeMulticodec, encodeMulticodec } from '../encoding/multibase.js';
import { rsaPublicKeyFromDer, rsaPublicKeyToDer } from './rsa-der.js';

export function publicKeyToMultibase(key: PublicKey): string {
  switch (key.algorithm) {
    case 'Ed25519':
      return encodeMulticodec('ED25519_PUB', key.publicKey);
    case 'P-256': {
      const { x, y } = key.jwk;
      if (!x || !y) {
        throw new TypeError('The P-256 key has no x/y');
      }
      const point = new Uint8Array(65);
      point[0] = 4;
      point.set(base64urlDecode(x), 1);
      point.set(base64urlDecode(y), 33);
      return encodeMulticodec('P256_PUB', p256.Point.fromBytes(point).toBytes(true));
    }
    case 'RSA':
      return encodeMulticodec('RSA_PUB', rsaPublicKeyToDer(key.jwk));
  }
}

/** Throws a TypeError for a value that is not a supported public Multikey. */
export function publicKeyFromMultibase(multibase: string): PublicKey {
  const decoded = decodeMulticodec(multibase);
  if (!decoded) {
    throw new TypeError('Unsupported multicodec key type');
  }
  switch (decoded.codec) {
    case 'ED25519_PUB':
      if (decoded.key.length !== 32) {
        throw new TypeError('An Ed25519 public key is 32 bytes');
      }
      return { algorithm: 'Ed25519', publicKey: decoded.key };
    case 'P256_PUB': {
      const point = p256.Point.fromBytes(decoded.key).toBytes(false);
      return {
        algorithm: 'P-256',
        jwk: {
          kty: 'EC',
          crv: 'P-256',
          x: base64urlEncode(point.subarray(1, 33)),
          y: base64urlEncode(point.subarray(33)),
        },
      };
    }
    case 'RSA_PUB':
      return { algorithm: 'RSA', jwk: rsaPublicKeyFromDer(decoded.key) };
    default:
      throw new TypeError(`A ${decoded.codec} value is not a public key`);
  }
}
