import { describe, expect, it, vi } from 'vitest';

// Count key imports: importing a key costs more than an Ed25519 signature, so each key is imported once.
const imports = vi.hoisted(() => ({ private: 0, public: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    createPrivateKey: (...args: Parameters<typeof actual.createPrivateKey>) => {
      imports.private++;
      return actual.createPrivateKey(...args);
    },
    createPublicKey: (...args: Parameters<typeof actual.createPublicKey>) => {
      imports.public++;
      return actual.createPublicKey(...args);
    },
  };
});

const { nodeCryptoBackend } = await import('./node-crypto-backend.js');
const { toPublicKey } = await import('../core/crypto/keys.js');

describe('nodeCryptoBackend key cache', () => {
  it('imports an Ed25519 key once, however often it signs and verifies', async () => {
    const privateKey = await nodeCryptoBackend.generateKey('Ed25519');
    const before = { ...imports };
    const message = new Uint8Array(64).fill(1);
    for (let i = 0; i < 20; i++) {
      const signature = await nodeCryptoBackend.sign(privateKey, message);
      // A fresh copy of the public key bytes each time, as a did:key resolution produces.
      const { publicKey: bytes } = toPublicKey(privateKey) as { publicKey: Uint8Array };
      const publicKey = { algorithm: 'Ed25519' as const, publicKey: Uint8Array.from(bytes) };
      expect(await nodeCryptoBackend.verify(publicKey, message, signature)).toBe(true);
    }
    expect(imports.private - before.private).toBeLessThanOrEqual(1);
    expect(imports.public - before.public).toBe(1);
  });

  it('hashes text as its UTF-8 bytes, in both forms', () => {
    const text = 'naïve 😀 \ud800';
    const bytes = new TextEncoder().encode(text);
    expect(nodeCryptoBackend.sha256(text)).toEqual(nodeCryptoBackend.sha256(bytes));
    expect(nodeCryptoBackend.sha256Hex(text)).toBe(
      Buffer.from(nodeCryptoBackend.sha256(bytes)).toString('hex'),
    );
  });
});
