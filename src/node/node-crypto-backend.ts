/**
 * The crypto backend for Node: OpenSSL through node:crypto, several times faster than portable JS.
 * Key objects are imported once and cached, because importing costs more than an Ed25519 signature.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { CryptoBackend } from '../core/crypto/crypto-backend.js';
import type { Jwk, KeyAlgorithm, PrivateKey, PublicKey } from '../core/crypto/keys.js';
import { concatBytes, toHex } from '../core/encoding/bytes.js';

// DER prefixes that wrap a raw Ed25519 key into PKCS#8 / SPKI (RFC 8410).
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);

const CACHE_LIMIT = 2048;

class KeyCache {
  private readonly entries = new Map<string, KeyObject>();
  get(id: string, create: () => KeyObject): KeyObject {
    let key = this.entries.get(id);
    if (!key) {
      if (this.entries.size >= CACHE_LIMIT) {
        this.entries.clear();
      }
      key = create();
      this.entries.set(id, key);
    }
    return key;
  }
}

const privateKeys = new KeyCache();
const publicKeys = new KeyCache();

function jwkId(jwk: Jwk): string {
  return `${jwk.kty}:${jwk.crv ?? ''}:${jwk.x ?? jwk.n ?? ''}:${jwk.d ?? ''}`;
}

function privateKeyObject(key: PrivateKey): KeyObject {
  if (key.algorithm === 'Ed25519') {
    return privateKeys.get(`ed:${toHex(key.secretKey)}`, () =>
      createPrivateKey({
        key: Buffer.from(concatBytes(ED25519_PKCS8_PREFIX, key.secretKey)),
        format: 'der',
        type: 'pkcs8',
      }),
    );
  }
  return privateKeys.get(jwkId(key.jwk), () =>
    createPrivateKey({ key: key.jwk as import('node:crypto').JsonWebKey, format: 'jwk' }),
  );
}

function publicKeyObject(key: PublicKey): KeyObject {
  if (key.algorithm === 'Ed25519') {
    return publicKeys.get(`ed:${toHex(key.publicKey)}`, () =>
      createPublicKey({
        key: Buffer.from(concatBytes(ED25519_SPKI_PREFIX, key.publicKey)),
        format: 'der',
        type: 'spki',
      }),
    );
  }
  return publicKeys.get(jwkId(key.jwk), () =>
    createPublicKey({ key: key.jwk as import('node:crypto').JsonWebKey, format: 'jwk' }),
  );
}

function exportJwk(key: KeyObject): Jwk {
  return key.export({ format: 'jwk' }) as Jwk;
}

export const nodeCryptoBackend: CryptoBackend = {
  sha256(data) {
    const digest = hash('sha256', data, 'buffer');
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
  sha256Hex(text) {
    // One-shot hashing (Node >= 20.12) costs half of createHash().update().digest() on short strings.
    return hash('sha256', text, 'hex');
  },
  randomBytes(length) {
    return new Uint8Array(randomBytes(length));
  },
  async generateKey(algorithm: KeyAlgorithm): Promise<PrivateKey> {
    switch (algorithm) {
      case 'Ed25519': {
        const secretKey = this.randomBytes(32);
        return { algorithm, secretKey, publicKey: this.ed25519PublicKey(secretKey) };
      }
      case 'P-256': {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const { kty, crv, x, y, d } = exportJwk(privateKey);
        return { algorithm, jwk: { kty, crv, x, y, d } as Jwk };
      }
      case 'RSA': {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
        const { kty, n, e, d, p, q, dp, dq, qi } = exportJwk(privateKey);
        return { algorithm, jwk: { kty, n, e, d, p, q, dp, dq, qi } as Jwk };
      }
    }
  },
  ed25519PublicKey(secretKey) {
    const keyObject = privateKeyObject({ algorithm: 'Ed25519', secretKey, publicKey: new Uint8Array(32) });
    const spki = createPublicKey(keyObject).export({ format: 'der', type: 'spki' });
    return new Uint8Array(spki.subarray(ED25519_SPKI_PREFIX.length));
  },
  async sign(key, data) {
    const keyObject = privateKeyObject(key);
    switch (key.algorithm) {
      case 'Ed25519':
        return new Uint8Array(sign(null, data, keyObject));
      case 'P-256':
        return new Uint8Array(sign('sha256', data, { key: keyObject, dsaEncoding: 'ieee-p1363' }));
      case 'RSA':
        return new Uint8Array(sign('sha256', data, keyObject));
    }
  },
  async verify(key, data, signature) {
    try {
      const keyObject = publicKeyObject(key);
      switch (key.algorithm) {
        case 'Ed25519':
          return signature.length === 64 && verify(null, data, keyObject, signature);
        case 'P-256':
          return (
            signature.length === 64 &&
            verify('sha256', data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature)
          );
        case 'RSA':
          return verify('sha256', data, keyObject, signature);
      }
    } catch {
      return false;
    }
  },
};
