import type { KeyAlgorithm, PrivateKey, PublicKey } from './keys.js';

/**
 * The cryptographic primitives the core needs, passed in so that Node can use its native OpenSSL
 * (src/node/node-crypto-backend.ts) and the browser a portable implementation (noble-crypto-backend.ts).
 *
 * Signatures are raw: Ed25519 64 bytes, ES256 as r||s (IEEE P1363, as JOSE wants), RS256 PKCS#1 v1.5.
 * `verify` returns false for a wrong or malformed signature and never throws for it.
 */
export interface CryptoBackend {
  /** A string is hashed as its UTF-8 bytes (canonical forms are strings; Node encodes them natively). */
  sha256(data: Uint8Array | string): Uint8Array;
  /** SHA-256 of a string's UTF-8 bytes as lowercase hex (RDFC hashes many short strings this way). */
  sha256Hex(text: string): string;
  randomBytes(length: number): Uint8Array;
  generateKey(algorithm: KeyAlgorithm): Promise<PrivateKey>;
  /** Derives the Ed25519 public key of a 32-byte seed. */
  ed25519PublicKey(secretKey: Uint8Array): Uint8Array;
  sign(key: PrivateKey, data: Uint8Array): Promise<Uint8Array>;
  verify(key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}
