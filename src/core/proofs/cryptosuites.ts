/**
 * The Data Integrity cryptosuites Cairn signs with (eddsa-rdfc-2022, eddsa-jcs-2022) and the legacy
 * forms it verifies (eddsa-2022, the old name of eddsa-rdfc-2022; Ed25519Signature2020).
 * Each suite turns (document without proof, proof options without proofValue) into the 64 bytes to sign:
 * SHA-256(canonical proof options) || SHA-256(canonical document).
 * @see https://www.w3.org/TR/vc-di-eddsa/
 */
import type { CryptoBackend } from '../crypto/crypto-backend.js';
import { concatBytes } from '../encoding/bytes.js';
import type { Canonizer } from '../jsonld/canonize.js';
import { canonicalizeJcs } from '../jsonld/jcs.js';

export type ProofDependencies = {
  crypto: CryptoBackend;
  /** RDFC-1.0 canonicalization of a JSON-LD document (safe mode). */
  canonize: Canonizer;
};

export type Cryptosuite = {
  /** Value of `proof.cryptosuite`, or of `proof.type` for pre-Data-Integrity suites. */
  name: string;
  proofType: 'DataIntegrityProof' | 'Ed25519Signature2020';
  canSign: boolean;
  /** Returns the 64 bytes that are signed; throws an AppError for data that cannot be canonicalized. */
  hashData(
    unsecuredDocument: Record<string, unknown>,
    proofOptions: Record<string, unknown>,
    deps: ProofDependencies,
  ): Promise<Uint8Array>;
  /** The proof object as written into the document (suites differ on whether it carries @context). */
  finalProof(proofOptions: Record<string, unknown>, proofValue: string): Record<string, unknown>;
};

async function rdfcHash(
  unsecuredDocument: Record<string, unknown>,
  proofOptions: Record<string, unknown>,
  deps: ProofDependencies,
): Promise<Uint8Array> {
  // The proof configuration is canonicalized under the document's own @context (vc-di-eddsa §3.2.5).
  const { '@context': _ignored, ...options } = proofOptions;
  const proofConfig = { '@context': unsecuredDocument['@context'], ...options };
  const [canonicalProof, canonicalDocument] = await Promise.all([
    deps.canonize(proofConfig),
    deps.canonize(unsecuredDocument),
  ]);
  return concatBytes(deps.crypto.sha256(canonicalProof), deps.crypto.sha256(canonicalDocument));
}

function withoutContext(proofOptions: Record<string, unknown>, proofValue: string): Record<string, unknown> {
  const { '@context': _ignored, ...options } = proofOptions;
  return { ...options, proofValue };
}

const eddsaRdfc2022: Cryptosuite = {
  name: 'eddsa-rdfc-2022',
  proofType: 'DataIntegrityProof',
  canSign: true,
  hashData: rdfcHash,
  finalProof: withoutContext,
};

const eddsaJcs2022: Cryptosuite = {
  name: 'eddsa-jcs-2022',
  proofType: 'DataIntegrityProof',
  canSign: true,
  async hashData(unsecuredDocument, proofOptions, deps) {
    // vc-di-eddsa §3.3: the proof carries the document's @context; the document is hashed under it.
    const document =
      proofOptions['@context'] !== undefined
        ? { ...unsecuredDocument, '@context': proofOptions['@context'] }
        : unsecuredDocument;
    const canonicalProof = canonicalizeJcs(proofOptions);
    const canonicalDocument = canonicalizeJcs(document);
    return concatBytes(deps.crypto.sha256(canonicalProof), deps.crypto.sha256(canonicalDocument));
  },
  finalProof(proofOptions, proofValue) {
    return { ...proofOptions, proofValue };
  },
};

const eddsa2022: Cryptosuite = { ...eddsaRdfc2022, name: 'eddsa-2022', canSign: false };

const ed25519Signature2020: Cryptosuite = {
  name: 'Ed25519Signature2020',
  proofType: 'Ed25519Signature2020',
  canSign: false,
  hashData: rdfcHash,
  finalProof: withoutContext,
};

export const CRYPTOSUITES: ReadonlyMap<string, Cryptosuite> = new Map(
  [eddsaRdfc2022, eddsaJcs2022, eddsa2022, ed25519Signature2020].map((suite) => [suite.name, suite]),
);

export type SigningSuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';
export const SIGNING_SUITES: readonly SigningSuite[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'];

/** The suite a proof object names, or undefined for an unknown type or cryptosuite. */
export function suiteOfProof(proof: { type?: unknown; cryptosuite?: unknown }): Cryptosuite | undefined {
  if (proof.type === 'DataIntegrityProof' && typeof proof.cryptosuite === 'string') {
    const suite = CRYPTOSUITES.get(proof.cryptosuite);
    return suite?.proofType === 'DataIntegrityProof' ? suite : undefined;
  }
  if (proof.type === 'Ed25519Signature2020') {
    return ed25519Signature2020;
  }
  return undefined;
}
