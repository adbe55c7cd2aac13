/**
 * A key pair bound to a verification method, and its file form: the Multikey JSON that Digital Bazaar's
 * libraries export (Ed25519), or the same envelope with JWKs (P-256, RSA).
 */
import { AppError } from '../../errors.js';
import type { CryptoBackend } from '../crypto/crypto-backend.js';
import { type Jwk, type KeyAlgorithm, type PrivateKey, publicJwk, toPublicKey } from '../crypto/keys.js';
import { base64urlDecode } from '../encoding/base.js';
import { bytesEqual } from '../encoding/bytes.js';
import { decodeMulticodec, encodeMulticodec } from '../encoding/multibase.js';
import { didKeyFromPublicKey, didKeyVerificationMethodId } from './did-key.js';
import { publicKeyFromMultibase, publicKeyToMultibase } from './multikey.js';

export type KeyPair = {
  /** The verification method id, e.g. did:key:z6Mk…#z6Mk… or did:web:example.com#key-1 */
  id: string;
  controller: string;
  privateKey: PrivateKey;
};

export type MultikeyFile = {
  '@context'?: string | string[];
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
};

export type JsonWebKeyFile = {
  '@context'?: string | string[];
  id: string;
  type: 'JsonWebKey';
  controller: string;
  publicKeyJwk: Jwk;
  secretKeyJwk?: Jwk;
};

export type KeyFile = MultikeyFile | JsonWebKeyFile;

/** A new key pair whose controller is its own did:key. */
export async function generateKeyPair(algorithm: KeyAlgorithm, crypto: CryptoBackend): Promise<KeyPair> {
  const privateKey = await crypto.generateKey(algorithm);
  const did = didKeyFromPublicKey(toPublicKey(privateKey));
  return { id: didKeyVerificationMethodId(did), controller: did, privateKey };
}

/** The key file (with the secret key unless `includeSecret` is false). */
export function exportKeyFile(keyPair: KeyPair, options: { includeSecret?: boolean } = {}): KeyFile {
  const includeSecret = options.includeSecret ?? true;
  const { privateKey } = keyPair;
  if (privateKey.algorithm === 'Ed25519') {
    return {
      '@context': 'https://w3id.org/security/multikey/v1',
      id: keyPair.id,
      type: 'Multikey',
      controller: keyPair.controller,
      publicKeyMultibase: publicKeyToMultibase(toPublicKey(privateKey)),
      ...(includeSecret
        ? { secretKeyMultibase: encodeMulticodec('ED25519_PRIV', privateKey.secretKey) }
        : {}),
    };
  }
  return {
    id: keyPair.id,
    type: 'JsonWebKey',
    controller: keyPair.controller,
    publicKeyJwk: publicJwk(privateKey.jwk),
    ...(includeSecret ? { secretKeyJwk: privateKey.jwk } : {}),
  };
}

function invalid(detail: string): AppError {
  return new AppError('INVALID_KEY', detail);
}

function jwkAlgorithm(jwk: Jwk): KeyAlgorithm {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    return 'P-256';
  }
  if (jwk.kty === 'RSA') {
    return 'RSA';
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return 'Ed25519';
  }
  throw new AppError(
    'UNSUPPORTED_KEY_TYPE',
    `JWK kty ${jwk.kty} crv ${jwk.crv ?? '-'} is not supported (Ed25519, P-256, RSA)`,
  );
}

/**
 * Reads a key file with its secret key. Checks that the secret key belongs to the public key, so a file
 * edited by hand cannot sign under someone else's identifier.
 * Throws INVALID_KEY or UNSUPPORTED_KEY_TYPE.
 */
export function importKeyFile(input: unknown, crypto: CryptoBackend): KeyPair {
  if (typeof input !== 'object' || input === null) {
    throw invalid('A key file is a JSON object');
  }
  const file = input as {
    id?: unknown;
    controller?: unknown;
    publicKeyMultibase?: unknown;
    secretKeyMultibase?: unknown;
    privateKeyMultibase?: unknown;
    publicKeyJwk?: Jwk;
    secretKeyJwk?: Jwk;
  };
  if (typeof file.controller !== 'string' || typeof file.id !== 'string') {
    throw invalid('The key file needs "id" and "controller"');
  }
  const id = file.id.startsWith('#') ? `${file.controller}${file.id}` : file.id;
  const secretMultibase = file.secretKeyMultibase ?? file.privateKeyMultibase;
  if (typeof file.publicKeyMultibase === 'string' && typeof secretMultibase === 'string') {
    let secret: ReturnType<typeof decodeMulticodec>;
    let publicKey: ReturnType<typeof publicKeyFromMultibase>;
    try {
      secret = decodeMulticodec(secretMultibase);
      publicKey = publicKeyFromMultibase(file.publicKeyMultibase);
    } catch (error) {
      throw invalid(`The key file's multibase values cannot be read: ${(error as Error).message}`);
    }
    if (secret?.codec !== 'ED25519_PRIV' || publicKey.algorithm !== 'Ed25519' || secret.key.length !== 32) {
      throw new AppError(
        'UNSUPPORTED_KEY_TYPE',
        'Multikey files must hold an Ed25519 key (P-256 and RSA come as JWK)',
      );
    }
    const derived = crypto.ed25519PublicKey(secret.key);
    if (!bytesEqual(derived, publicKey.publicKey)) {
      throw invalid('The secret key does not belong to publicKeyMultibase');
    }
    return {
      id,
      controller: file.controller,
      privateKey: { algorithm: 'Ed25519', publicKey: derived, secretKey: secret.key },
    };
  }
  if (file.secretKeyJwk && typeof file.secretKeyJwk === 'object') {
    const jwk = file.secretKeyJwk;
    const algorithm = jwkAlgorithm(jwk);
    if (!jwk.d) {
      throw invalid('secretKeyJwk has no private part ("d")');
    }
    if (algorithm === 'Ed25519') {
      const secretKey = base64urlDecode(jwk.d);
      return {
        id,
        controller: file.controller,
        privateKey: { algorithm, secretKey, publicKey: crypto.ed25519PublicKey(secretKey) },
      };
    }
    if (file.publicKeyJwk) {
      const pub = file.publicKeyJwk;
      if (pub.x !== jwk.x || pub.y !== jwk.y || pub.n !== jwk.n || pub.e !== jwk.e) {
        throw invalid('secretKeyJwk does not match publicKeyJwk');
      }
    }
    return { id, controller: file.controller, privateKey: { algorithm, jwk } as PrivateKey };
  }
  throw invalid(
    'The key file has no secret key (secretKeyMultibase or secretKeyJwk); it can verify but not sign',
  );
}
