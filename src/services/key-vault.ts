/**
 * Issuer private keys at rest: AES-256-GCM under the installation's master key (CAIRN_MASTER_KEY or the
 * generated data-dir key). The key record's id is authenticated data, so a ciphertext copied onto another
 * key record does not decrypt. Format: `v1.<iv>.<ciphertext||tag>` in base64url.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

const VERSION = 'v1';

export function encryptSecret(masterKey: Uint8Array, secret: Uint8Array, associatedData: string): string {
  if (masterKey.length !== 32) {
    throw new AppError('INTERNAL', 'The master key must be 32 bytes');
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${ciphertext.toString('base64url')}`;
}

/** Throws AppError INTERNAL (never the secret or the key) when the ciphertext cannot be opened. */
export function decryptSecret(masterKey: Uint8Array, sealed: string, associatedData: string): Uint8Array {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== VERSION || !ivText || !bodyText) {
    throw new AppError('INTERNAL', 'An issuer key is stored in an unknown format');
  }
  const body = Buffer.from(bodyText, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return new Uint8Array(
      Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]),
    );
  } catch {
    throw new AppError(
      'INTERNAL',
      'An issuer key could not be decrypted: is this the master key it was encrypted with (CAIRN_MASTER_KEY or the data directory)?',
    );
  }
}
