/**
 * Adds a Data Integrity proof to a document: a single proof, a proof set (the document already has proofs)
 * or a proof chain (`previousProof` names earlier proofs, which are then signed over too).
 * @see https://www.w3.org/TR/vc-data-integrity/#add-proof-set-chain
 */
import { AppError } from '../../errors.js';
import { base58Encode } from '../encoding/base.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { KeyPair } from '../keys/key-pair.js';
import { CRYPTOSUITES, type ProofDependencies, type SigningSuite } from './cryptosuites.js';
import { type DataIntegrityProof, isDateTimeStamp, proofsOf, withoutProof } from './data-integrity-proof.js';

export type AddProofOptions = {
  cryptosuite: SigningSuite;
  keyPair: KeyPair;
  /** ISO date-time with time zone; omit to leave `created` out (it is optional). */
  created?: string;
  proofPurpose?: string;
  id?: string;
  previousProof?: string | string[];
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
  expires?: string;
};

/**
 * A VCDM 1.1 document does not define the Data Integrity terms: add their context (as the W3C
 * Data Integrity suites expect issuers to do) so the proof is meaningful JSON-LD.
 */
export function withProofContext<T extends Record<string, unknown>>(document: T): T {
  const contexts = Array.isArray(document['@context']) ? document['@context'] : [document['@context']];
  if (contexts[0] !== CONTEXT_URLS.VC_V1 || contexts.includes(CONTEXT_URLS.DATA_INTEGRITY_V2)) {
    return document;
  }
  return { ...document, '@context': [...contexts, CONTEXT_URLS.DATA_INTEGRITY_V2] };
}

/** Returns a new document; the input is not changed. Throws AppError for unsignable input. */
export async function addDataIntegrityProof<T extends Record<string, unknown>>(
  input: T,
  options: AddProofOptions,
  deps: ProofDependencies,
): Promise<T & { proof: DataIntegrityProof | DataIntegrityProof[] }> {
  const document = withProofContext(input);
  const suite = CRYPTOSUITES.get(options.cryptosuite);
  if (!suite?.canSign) {
    throw new AppError(
      'UNSUPPORTED_SUITE',
      `Cairn signs with eddsa-rdfc-2022 or eddsa-jcs-2022, not ${options.cryptosuite}`,
    );
  }
  if (options.keyPair.privateKey.algorithm !== 'Ed25519') {
    throw new AppError(
      'UNSUPPORTED_KEY_TYPE',
      `${options.cryptosuite} needs an Ed25519 key, not ${options.keyPair.privateKey.algorithm}`,
    );
  }
  for (const [name, value] of [
    ['created', options.created],
    ['expires', options.expires],
  ] as const) {
    if (value !== undefined && !isDateTimeStamp(value)) {
      throw new AppError(
        'INVALID_INPUT',
        `proof ${name} must be a date-time with a time zone, not ${JSON.stringify(value)}`,
      );
    }
  }

  const existing = proofsOf(document) as DataIntegrityProof[];
  const unsecured: Record<string, unknown> = withoutProof(document);
  if (options.previousProof !== undefined) {
    const ids = Array.isArray(options.previousProof) ? options.previousProof : [options.previousProof];
    const matching = existing.filter((proof) => proof.id !== undefined && ids.includes(proof.id));
    if (matching.length !== ids.length) {
      throw new AppError(
        'CREDENTIAL_NOT_SIGNABLE',
        `previousProof names a proof the document does not have: ${ids.join(', ')}`,
      );
    }
    unsecured.proof = matching;
  }

  const proofOptions: Record<string, unknown> = {
    type: 'DataIntegrityProof',
    ...(options.id !== undefined ? { id: options.id } : {}),
    cryptosuite: options.cryptosuite,
    ...(options.created !== undefined ? { created: options.created } : {}),
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
    verificationMethod: options.keyPair.id,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
    ...(options.previousProof !== undefined ? { previousProof: options.previousProof } : {}),
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
  };
  if (options.cryptosuite === 'eddsa-jcs-2022' && document['@context'] !== undefined) {
    proofOptions['@context'] = document['@context'];
  }

  const hash = await suite.hashData(unsecured, proofOptions, deps);
  const signature = await deps.crypto.sign(options.keyPair.privateKey, hash);
  const proof = suite.finalProof(proofOptions, `z${base58Encode(signature)}`) as DataIntegrityProof;
  return { ...document, proof: existing.length > 0 ? [...existing, proof] : proof };
}
