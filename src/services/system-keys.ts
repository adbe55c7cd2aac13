/**
 * The installation's own keys, by name: made on first use, kept encrypted under the master key, each
 * controlled by its own did:key. The first is the W3C VC-API conformance issuer's key (`vc-api.ts`).
 */
import { toPublicKey } from '../core/crypto/keys.js';
import { didKeyFromPublicKey, didKeyVerificationMethodId } from '../core/keys/did-key.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import { publicKeyToMultibase } from '../core/keys/multikey.js';
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import { findSystemKey, insertSystemKey, type SystemKey } from '../storage/system-keys.repository.js';
import type { AppContext } from './context.js';
import { decryptSecret, encryptSecret } from './key-vault.js';

/** Authenticated data of the sealed secret: a ciphertext moved onto another row does not open. */
function associatedData(name: string): string {
  return `system_keys:${name}`;
}

function toKeyPair(ctx: AppContext, row: SystemKey): KeyPair {
  if (row.type !== 'Ed25519') {
    throw new AppError('INTERNAL', `The system key ${row.name} is of an unknown type`);
  }
  const secretKey = decryptSecret(ctx.masterKey, row.encrypted_secret_key, associatedData(row.name));
  const publicKey = ctx.crypto.ed25519PublicKey(secretKey);
  // The did:key is derived from the secret; it must be the one the row published.
  if (publicKeyToMultibase({ algorithm: 'Ed25519', publicKey }) !== row.public_key_multibase) {
    throw new AppError('INTERNAL', `The system key ${row.name} does not match its public key`);
  }
  const did = didKeyFromPublicKey({ algorithm: 'Ed25519', publicKey });
  return {
    id: didKeyVerificationMethodId(did),
    controller: did,
    privateKey: { algorithm: 'Ed25519', secretKey, publicKey },
  };
}

/**
 * The Ed25519 key pair of that name, controlled by its did:key; generated and stored the first time.
 * Two processes starting at once agree on one key: the loser of the insert reads the winner's.
 */
export async function loadOrCreateSystemKey(ctx: AppContext, name: string): Promise<KeyPair> {
  const existing = await findSystemKey(ctx.db, name);
  if (existing) {
    return toKeyPair(ctx, existing);
  }
  const privateKey = await ctx.crypto.generateKey('Ed25519');
  if (privateKey.algorithm !== 'Ed25519') {
    throw new AppError('INTERNAL', 'System keys are Ed25519');
  }
  try {
    await insertSystemKey(ctx.db, {
      name,
      type: 'Ed25519',
      public_key_multibase: publicKeyToMultibase(toPublicKey(privateKey)),
      encrypted_secret_key: encryptSecret(ctx.masterKey, privateKey.secretKey, associatedData(name)),
    });
  } catch (error) {
    if (!isUniqueViolation(error)) {
      throw error;
    }
  }
  const stored = await findSystemKey(ctx.db, name);
  if (!stored) {
    throw new AppError('INTERNAL', `The system key ${name} could not be stored`);
  }
  return toKeyPair(ctx, stored);
}
