import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/support/fixtures.js';
import { nodeCryptoBackend } from '../../node/node-crypto-backend.js';
import { nobleCryptoBackend } from '../crypto/noble-crypto-backend.js';
import { base58Decode, base64urlDecode } from '../encoding/base.js';
import { fromHex } from '../encoding/bytes.js';
import { didKeyFromPublicKey, resolveDidKey } from './did-key.js';
import { buildDidWebDocument, didWebFromUrl, didWebToUrl } from './did-web.js';
import { exportKeyFile, generateKeyPair, importKeyFile } from './key-pair.js';
import { publicKeyFromMultibase, publicKeyToMultibase } from './multikey.js';
import { createVerificationMethodResolver } from './resolve-verification-method.js';

type DidKeyVector = Record<
  string,
  { seed: string; verificationKeyPair: { publicKeyBase58?: string; publicKeyJwk?: { x: string } } }
>;

describe('did:key', () => {
  const vectors = readFixtureJson<DidKeyVector>(
    'standards/vectors/w3c-ccg-did-method-key/ed25519-x25519.json',
  );

  for (const [did, vector] of Object.entries(vectors)) {
    it(`derives ${did.slice(0, 24)}… from its seed`, () => {
      for (const crypto of [nobleCryptoBackend, nodeCryptoBackend]) {
        const publicKey = crypto.ed25519PublicKey(fromHex(vector.seed));
        const expected = vector.verificationKeyPair.publicKeyBase58
          ? base58Decode(vector.verificationKeyPair.publicKeyBase58)
          : base64urlDecode(vector.verificationKeyPair.publicKeyJwk?.x as string);
        expect(publicKey).toEqual(expected);
        expect(didKeyFromPublicKey({ algorithm: 'Ed25519', publicKey })).toBe(did);
      }
      const document = resolveDidKey(did);
      expect(document.assertionMethod).toEqual([`${did}#${did.slice(8)}`]);
    });
  }

  it('refuses a malformed did:key', () => {
    expect(() => resolveDidKey('did:key:notbase58!')).toThrow(TypeError);
    expect(() => resolveDidKey('did:key:z6MkTooShort')).toThrow();
  });

  for (const algorithm of ['Ed25519', 'P-256', 'RSA'] as const) {
    it(`${algorithm}: generate, export, import, sign and verify; did:key round-trips`, async () => {
      for (const crypto of [nodeCryptoBackend, nobleCryptoBackend]) {
        const keyPair = await generateKeyPair(algorithm, crypto);
        const file = exportKeyFile(keyPair);
        const imported = importKeyFile(JSON.parse(JSON.stringify(file)), crypto);
        expect(imported.id).toBe(keyPair.id);
        const did = keyPair.controller;
        const resolved = resolveDidKey(did);
        const vm = resolved.verificationMethod?.[0];
        expect(vm?.id).toBe(keyPair.id);
        const publicKey = publicKeyFromMultibase(vm?.publicKeyMultibase as string);
        expect(publicKeyToMultibase(publicKey)).toBe(vm?.publicKeyMultibase);
        const message = new TextEncoder().encode('cairn');
        const signature = await crypto.sign(imported.privateKey, message);
        // Signatures made by one backend verify with the other.
        for (const other of [nodeCryptoBackend, nobleCryptoBackend]) {
          expect(await other.verify(publicKey, message, signature)).toBe(true);
          expect(await other.verify(publicKey, new TextEncoder().encode('cairn!'), signature)).toBe(false);
        }
      }
    });
  }

  it('the multibase prefixes are the well-known ones', async () => {
    const prefixes = await Promise.all(
      (['Ed25519', 'P-256', 'RSA'] as const).map(async (algorithm) =>
        (await generateKeyPair(algorithm, nodeCryptoBackend)).controller.slice(8, 12),
      ),
    );
    expect(prefixes).toEqual(['z6Mk', 'zDna', 'z4MX']);
  });

  it('a key file whose secret key does not match its public key is refused', async () => {
    const a = exportKeyFile(await generateKeyPair('Ed25519', nodeCryptoBackend));
    const b = exportKeyFile(await generateKeyPair('Ed25519', nodeCryptoBackend));
    expect(() =>
      importKeyFile(
        { ...a, secretKeyMultibase: (b as { secretKeyMultibase: string }).secretKeyMultibase },
        nodeCryptoBackend,
      ),
    ).toThrow(/does not belong/);
    expect(() => importKeyFile({ ...a, secretKeyMultibase: undefined }, nodeCryptoBackend)).toThrow(
      /no secret key/,
    );
    expect(() => importKeyFile('nope', nodeCryptoBackend)).toThrow(/JSON object/);
  });
});

describe('did:web', () => {
  it('maps DIDs to URLs and back', () => {
    expect(didWebToUrl('did:web:example.com')).toBe('https://example.com/.well-known/did.json');
    expect(didWebToUrl('did:web:example.com:i:acme#key-1')).toBe('https://example.com/i/acme/did.json');
    expect(didWebToUrl('did:web:localhost%3A3000:i:acme', 'http')).toBe(
      'http://localhost:3000/i/acme/did.json',
    );
    expect(didWebFromUrl('http://localhost:3000', ['i', 'acme'])).toBe('did:web:localhost%3A3000:i:acme');
    expect(() => didWebToUrl('did:web:example.com:..:x')).toThrow(TypeError);
    expect(() => didWebToUrl('did:key:z6Mk')).toThrow(TypeError);
  });

  it('resolves through the injected fetch, and keeps rotated keys', async () => {
    const current = await generateKeyPair('Ed25519', nodeCryptoBackend);
    const old = await generateKeyPair('Ed25519', nodeCryptoBackend);
    const did = 'did:web:example.com:i:acme';
    const document = buildDidWebDocument(did, [
      { fragment: 'key-2', publicKeyMultibase: current.controller.slice(8) },
      { fragment: 'key-1', publicKeyMultibase: old.controller.slice(8) },
    ]);
    const fetched: string[] = [];
    const resolve = createVerificationMethodResolver({
      fetchJson: async (url) => {
        fetched.push(url);
        return document;
      },
    });
    const outcome = await resolve(`${did}#key-1`);
    expect(outcome.status).toBe('resolved');
    expect(outcome.status === 'resolved' && outcome.method.controller).toBe(did);
    expect((await resolve(`${did}#key-9`)).status).toBe('not-found');
    expect(fetched).toEqual(['https://example.com/i/acme/did.json']);
  });

  it('an unreachable document is "unreachable", never a verdict', async () => {
    const resolve = createVerificationMethodResolver();
    expect((await resolve('did:web:example.com#key-1')).status).toBe('unreachable');
    expect((await resolve('did:example:123#key-1')).status).toBe('not-found');
  });

  it('the 1EdTech <issuer>#<key> form is resolved but unconfirmed offline', async () => {
    const keyPair = await generateKeyPair('Ed25519', nodeCryptoBackend);
    const multibase = keyPair.controller.slice(8);
    const outcome = await createVerificationMethodResolver()(`https://example.edu/issuers/1#${multibase}`);
    expect(outcome.status === 'resolved' && outcome.method.keyConfirmed).toBe(false);
    const confirmed = await createVerificationMethodResolver({
      fetchJson: async () => ({
        id: 'https://example.edu/issuers/1',
        verificationMethod: [
          {
            id: 'https://example.edu/issuers/1#key-1',
            type: 'Multikey',
            controller: 'https://example.edu/issuers/1',
            publicKeyMultibase: multibase,
          },
        ],
        assertionMethod: ['https://example.edu/issuers/1#key-1'],
      }),
    })(`https://example.edu/issuers/1#${multibase}`);
    expect(confirmed.status === 'resolved' && confirmed.method.keyConfirmed).toBe(true);
  });
});
