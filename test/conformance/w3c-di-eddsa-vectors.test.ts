/**
 * The W3C vc-di-eddsa test vectors reproduce byte for byte: canonical forms, hashes, signatures, and the
 * signed documents; proof sets and chains verify.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoBackend } from '../../src/core/crypto/noble-crypto-backend.js';
import { base58Encode } from '../../src/core/encoding/base.js';
import { toHex, utf8Encode } from '../../src/core/encoding/bytes.js';
import { createRdfcCanonizer } from '../../src/core/jsonld/canonize.js';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import { createFastCanonizer } from '../../src/core/jsonld/fast-canonize.js';
import { canonicalizeJcs } from '../../src/core/jsonld/jcs.js';
import { importKeyFile } from '../../src/core/keys/key-pair.js';
import { createVerificationMethodResolver } from '../../src/core/keys/resolve-verification-method.js';
import { addDataIntegrityProof } from '../../src/core/proofs/add-proof.js';
import { verifyDataIntegrityProofs } from '../../src/core/proofs/verify-proofs.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import { FIXED_NOW, readFixtureJson, readFixtureText } from '../support/fixtures.js';

const DIR = 'standards/vectors/w3c-vc-di-eddsa/TestVectors';
const keyPairJson = readFixtureJson<{ publicKeyMultibase: string; privateKeyMultibase: string }>(
  `${DIR}/keyPair.json`,
);
const unsigned = readFixtureJson(`${DIR}/unsigned.json`);

function vectorKeyPair(pair: { publicKeyMultibase: string; privateKeyMultibase: string }) {
  const did = `did:key:${pair.publicKeyMultibase}`;
  return importKeyFile(
    {
      id: `${did}#${pair.publicKeyMultibase}`,
      controller: did,
      publicKeyMultibase: pair.publicKeyMultibase,
      secretKeyMultibase: pair.privateKeyMultibase,
    },
    nobleCryptoBackend,
  );
}

// The 'employ' vector uses the citizenship context, a test-only fixture (not bundled with Cairn).
const documentLoader = createDocumentLoader({
  documents: { 'https://w3id.org/citizenship/v4rc1': readFixtureJson('contexts/citizenship-v4rc1.json') },
});

const text = (name: string) => readFixtureText(`${DIR}/${name}`);
const trimmed = (name: string) => text(name).trim();

// Each backend with each canonical path: the general one (jsonld + rdf-canonize) and the fast one.
for (const [label, crypto, path] of [
  ['noble', nobleCryptoBackend, 'general'],
  ['node', nodeCryptoBackend, 'general'],
  ['noble', nobleCryptoBackend, 'fast'],
  ['node', nodeCryptoBackend, 'fast'],
] as const) {
  const canonize =
    path === 'general'
      ? createRdfcCanonizer(documentLoader)
      : createFastCanonizer(documentLoader, { sha256Hex: crypto.sha256Hex });
  const deps = { crypto, canonize };
  const resolveVerificationMethod = createVerificationMethodResolver();

  describe(`W3C vectors with the ${label} crypto backend and the ${path} canonical path`, () => {
    for (const variant of ['eddsa-rdfc-2022', 'eddsa-rdfc-2022/employ'] as const) {
      it(`${variant}: canonical document, proof, hashes and signature are byte-identical`, async () => {
        const base = `${variant}/`;
        const signedVector = readFixtureJson(`${DIR}/${base}signedDataInt.json`);
        const { proof: vectorProof, ...document } = signedVector as Record<string, unknown> & {
          proof: Record<string, unknown>;
        };
        const proofConfig = readFixtureJson(`${DIR}/${base}proofConfigDataInt.json`);

        const canonicalDocument = await canonize(document);
        expect(canonicalDocument).toBe(text(`${base}canonDocDataInt.txt`));
        const canonicalProof = await canonize(proofConfig);
        expect(canonicalProof).toBe(text(`${base}proofCanonDataInt.txt`));
        expect(toHex(crypto.sha256(utf8Encode(canonicalDocument)))).toBe(
          trimmed(`${base}docHashDataInt.txt`),
        );
        expect(toHex(crypto.sha256(utf8Encode(canonicalProof)))).toBe(trimmed(`${base}proofHashDataInt.txt`));

        const keyPair = vectorKeyPair(keyPairJson);
        const signed = await addDataIntegrityProof(
          document,
          { cryptosuite: 'eddsa-rdfc-2022', keyPair, created: vectorProof.created as string },
          deps,
        );
        const proof = signed.proof as { proofValue: string };
        expect(proof.proofValue).toBe(trimmed(`${base}sigBTC58DataInt.txt`));
        expect(signed).toEqual(signedVector);
        if (variant === 'eddsa-rdfc-2022') {
          expect(document).toEqual(unsigned);
        }

        const checks = await verifyDataIntegrityProofs(
          signedVector,
          { resolveVerificationMethod, now: FIXED_NOW },
          deps,
        );
        expect(checks.map((check) => check.status)).toEqual(['passed']);
      });
    }

    it('eddsa-jcs-2022: canonical forms, hashes and signature are byte-identical', async () => {
      const signedVector = readFixtureJson(`${DIR}/eddsa-jcs-2022/signedJCS.json`);
      const { proof: vectorProof, ...document } = signedVector as Record<string, unknown> & {
        proof: Record<string, unknown>;
      };
      const proofConfig = readFixtureJson(`${DIR}/eddsa-jcs-2022/proofConfigJCS.json`);
      expect(canonicalizeJcs(document)).toBe(text('eddsa-jcs-2022/canonDocJCS.txt'));
      expect(canonicalizeJcs(proofConfig)).toBe(text('eddsa-jcs-2022/proofCanonJCS.txt'));
      expect(toHex(crypto.sha256(utf8Encode(canonicalizeJcs(document))))).toBe(
        trimmed('eddsa-jcs-2022/docHashJCS.txt'),
      );
      expect(toHex(crypto.sha256(utf8Encode(canonicalizeJcs(proofConfig))))).toBe(
        trimmed('eddsa-jcs-2022/proofHashJCS.txt'),
      );

      const signed = await addDataIntegrityProof(
        document,
        {
          cryptosuite: 'eddsa-jcs-2022',
          keyPair: vectorKeyPair(keyPairJson),
          created: vectorProof.created as string,
        },
        deps,
      );
      expect((signed.proof as { proofValue: string }).proofValue).toBe(
        trimmed('eddsa-jcs-2022/sigBTC58JCS.txt'),
      );
      expect(toHex(crypto.sha256(utf8Encode(canonicalizeJcs(signed))))).toBe(
        toHex(crypto.sha256(utf8Encode(canonicalizeJcs(signedVector)))),
      );

      const checks = await verifyDataIntegrityProofs(
        signedVector,
        { resolveVerificationMethod, now: FIXED_NOW },
        deps,
      );
      expect(checks.map((check) => check.status)).toEqual(['passed']);
    });

    it('Ed25519Signature2020 (legacy): canonical forms match and the signed vector verifies', async () => {
      const signedVector = readFixtureJson(`${DIR}/Ed25519Signature2020/signedEdSig.json`);
      const { proof: _proof, ...document } = signedVector;
      expect(await canonize(document)).toBe(text('Ed25519Signature2020/canonDocEdSig.txt'));
      const proofConfig = readFixtureJson(`${DIR}/Ed25519Signature2020/proofConfigEdSig.json`);
      expect(await canonize(proofConfig)).toBe(text('Ed25519Signature2020/proofCanonEdSig.txt'));
      const checks = await verifyDataIntegrityProofs(
        signedVector,
        { resolveVerificationMethod, now: FIXED_NOW },
        deps,
      );
      expect(checks.map((check) => [check.status, check.detail])).toEqual([
        ['passed', expect.stringContaining('Ed25519Signature2020')],
      ]);
      const signature = toHex(
        Uint8Array.from(Buffer.from(trimmed('Ed25519Signature2020/sigHexEdSig.txt'), 'hex')),
      );
      expect(`z${base58Encode(Buffer.from(signature, 'hex'))}`).toBe(
        trimmed('Ed25519Signature2020/sigBTC58EdSig.txt'),
      );
    });

    it('proof sets and proof chains verify, and re-signing reproduces them', async () => {
      const pairs = readFixtureJson<
        Record<string, { publicKeyMultibase: string; privateKeyMultibase: string }>
      >(`${DIR}/proof-set-chain/multiKeyPairs.json`);
      for (const name of [
        'signedProofSet1.json',
        'signedProofSet2.json',
        'signedProofChain1.json',
        'signedProofChain2.json',
      ]) {
        const signed = readFixtureJson(`${DIR}/proof-set-chain/${name}`);
        const checks = await verifyDataIntegrityProofs(
          signed,
          { resolveVerificationMethod, now: FIXED_NOW },
          deps,
        );
        expect(checks.length, name).toBeGreaterThan(0);
        expect(
          checks.map((check) => check.status),
          name,
        ).toEqual(checks.map(() => 'passed'));
      }
      // Rebuild signedProofChain2 from the set: the last proof chains to proof 3.
      const chain1 = readFixtureJson(`${DIR}/proof-set-chain/signedProofChain1.json`);
      const config2 = readFixtureJson<Record<string, string>>(
        `${DIR}/proof-set-chain/proofChainConfig2.json`,
      );
      const keyPair4 = vectorKeyPair(
        pairs.keyPair4 as { publicKeyMultibase: string; privateKeyMultibase: string },
      );
      const rebuilt = await addDataIntegrityProof(
        chain1,
        {
          cryptosuite: 'eddsa-rdfc-2022',
          keyPair: keyPair4,
          created: config2.created as string,
          previousProof: config2.previousProof as string,
        },
        deps,
      );
      expect(rebuilt).toEqual(readFixtureJson(`${DIR}/proof-set-chain/signedProofChain2.json`));
    });

    it('a chain whose previous proof is missing fails', async () => {
      const signed = readFixtureJson<{ proof: Record<string, unknown>[] }>(
        `${DIR}/proof-set-chain/signedProofChain2.json`,
      );
      const broken = {
        ...signed,
        proof: signed.proof.filter((proof) => proof.id !== 'urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23'),
      };
      const checks = await verifyDataIntegrityProofs(
        broken,
        { resolveVerificationMethod, now: FIXED_NOW },
        deps,
      );
      expect(checks.at(-1)?.status).toBe('failed');
      expect(checks.at(-1)?.detail).toMatch(/previousProof/);
    });
  });
}
