/**
 * The portable crypto backend: @noble/curves and @noble/hashes for Ed25519, P-256 and SHA-256 (pure JS,
 * audited, identical in every runtime), and WebCrypto for RSA, which noble does not implement.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base.js';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import type { CryptoBackend } from './crypto-backend.js';
import type { Jwk, KeyAlgorithm, PrivateKey, PublicKey } from './keys.js';

const RSA_PARAMS = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) {
    throw new Error('WebCrypto is not available in this environment (needed for RSA)');
  }
  return api;
}

/** P-256 public point from a JWK, as the uncompressed SEC1 bytes noble expects. */
function p256PointFromJwk(jwk: Jwk): Uint8Array {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new TypeError('Not a P-256 JSON Web Key');
  }
  const x = base64urlDecode(jwk.x);
  const y = base64urlDecode(jwk.y);
  const point = new Uint8Array(65);
  point[0] = 0x04;
  point.set(x, 1);
  point.set(y, 33);
  return point;
}

export function p256JwkFromSecret(secretKey: Uint8Array): Jwk {
  const point = p256.getPublicKey(secretKey, false);
  return {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(point.subarray(1, 33)),
    y: base64urlEncode(point.subarray(33, 65)),
    d: base64urlEncode(secretKey),
  };
}

export const nobleCryptoBackend: CryptoBackend = {
  sha256(data) {
    return sha256(typeof data === 'string' ? utf8Encode(data) : data);
  },
  sha256Hex(text) {
    return toHex(sha256(utf8Encode(text)));
  },
  randomBytes(length) {
    const out = new Uint8Array(length);
    globalThis.crypto.getRandomValues(out);
    return out;
  },
  async generateKey(algorithm: KeyAlgorithm): Promise<PrivateKey> {
    switch (algorithm) {
      case 'Ed25519': {
        const secretKey = this.randomBytes(32);
        return { algorithm, secretKey, publicKey: ed25519.getPublicKey(secretKey) };
      }
      case 'P-256':
        return { algorithm, jwk: p256JwkFromSecret(p256.utils.randomSecretKey()) };
      case 'RSA': {
        const pair = (await subtle().generateKey(
          { ...RSA_PARAMS, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
          true,
          ['sign', 'verify'],
        )) as CryptoKeyPair;
        const jwk = (await subtle().exportKey('jwk', pair.privateKey)) as Jwk;
        return {
          algorithm,
          jwk: {
            kty: 'RSA',
            n: jwk.n,
            e: jwk.e,
            d: jwk.d,
            p: jwk.p,
            q: jwk.q,
            dp: jwk.dp,
            dq: jwk.dq,
            qi: jwk.qi,
          } as Jwk,
        };
      }
    }
  },
  ed25519PublicKey(secretKey) {
    return ed25519.getPublicKey(secretKey);
  },
  async sign(key, data) {
    switch (key.algorithm) {
      case 'Ed25519':
        return ed25519.sign(data, key.secretKey);
      case 'P-256': {
        if (!key.jwk.d) {
          throw new TypeError('The P-256 key has no private part');
        }
        return p256.sign(data, base64urlDecode(key.jwk.d));
      }
      case 'RSA': {
        const cryptoKey = await subtle().importKey('jwk', key.jwk as JsonWebKey, RSA_PARAMS, false, ['sign']);
        return new Uint8Array(await subtle().sign(RSA_PARAMS, cryptoKey, data as BufferSource));
      }
    }
  },
  async verify(key: PublicKey, data, signature) {
    try {
      switch (key.algorithm) {
        case 'Ed25519':
          return signature.length === 64 && ed25519.verify(signature, data, key.publicKey, { zip215: false });
        case 'P-256':
          return (
            signature.length === 64 &&
            p256.verify(signature, data, p256PointFromJwk(key.jwk), { lowS: false })
          );
        case 'RSA': {
          const cryptoKey = await subtle().importKey('jwk', key.jwk as JsonWebKey, RSA_PARAMS, false, [
            'verify',
          ]);
          return await subtle().verify(
            RSA_PARAMS,
            cryptoKey,
            signature as BufferSource,
            data as BufferSource,
          );
        }
      }
    } catch {
      return false;
    }
  },
};
