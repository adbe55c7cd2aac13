/** Test helpers: sign a credential as a given key's controller, with Cairn's own code. */

import { createFastCanonizer } from '../../src/core/jsonld/fast-canonize.js';
import { generateKeyPair, type KeyPair } from '../../src/core/keys/key-pair.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import { type SigningFormat, signCredential } from '../../src/services/sign-credential.js';
import { createVerifier } from '../../src/services/verifier.js';

/** The canonical path Cairn signs with by default (fast, falling back to jsonld + rdf-canonize). */
export const canonize = createFastCanonizer(undefined, { sha256Hex: nodeCryptoBackend.sha256Hex });
export const crypto = nodeCryptoBackend;

export function newKeyPair(algorithm: 'Ed25519' | 'P-256' | 'RSA' = 'Ed25519'): Promise<KeyPair> {
  return generateKeyPair(algorithm, nodeCryptoBackend);
}

/** The credential with its issuer (string or object) pointed at the key's controller. */
export function issuedBy<T extends Record<string, unknown>>(credential: T, keyPair: KeyPair): T {
  const issuer = credential.issuer;
  const next =
    typeof issuer === 'object' && issuer !== null
      ? { ...issuer, id: keyPair.controller }
      : keyPair.controller;
  const { proof: _proof, ...rest } = credential;
  return { ...rest, issuer: next } as unknown as T;
}

export async function signAs(
  credential: Record<string, unknown>,
  keyPair: KeyPair,
  format: SigningFormat = 'eddsa-rdfc-2022',
  created = '2026-11-01T10:00:00Z',
): Promise<Record<string, unknown> | string> {
  return signCredential(
    issuedBy(credential, keyPair),
    { keyPair, format, created },
    { crypto: nodeCryptoBackend, canonize },
  );
}

/** Cairn's verifier, offline (did:key only). */
export const verifyOffline = createVerifier({ crypto: nodeCryptoBackend });
