/**
 * Verifies every Data Integrity proof of a document — a single proof, a proof set or a proof chain — and
 * says for each whether it passed, failed, or could not be checked (`unknown`: a key that could not be
 * fetched). A result, never an exception.
 * @see https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
 */
import { isAppError } from '../../errors.js';
import { base58Decode } from '../encoding/base.js';
import type {
  ResolvedVerificationMethod,
  VerificationMethodResolver,
} from '../keys/resolve-verification-method.js';
import { type ProofDependencies, suiteOfProof } from './cryptosuites.js';
import {
  type DataIntegrityProof,
  malformedProofReason,
  proofsOf,
  withoutProof,
} from './data-integrity-proof.js';
import { type Problem, problem } from './problems.js';

export type ProofCheck = {
  index: number;
  type: string | undefined;
  cryptosuite: string | undefined;
  verificationMethod: string | undefined;
  proofPurpose: string | undefined;
  status: 'passed' | 'failed' | 'unknown';
  detail: string;
  problem?: Problem;
  /** The resolved key, when resolution succeeded (also for a failed signature). */
  method?: ResolvedVerificationMethod;
  id?: string;
  previousProof?: string[];
};

export type VerifyProofsOptions = {
  resolveVerificationMethod: VerificationMethodResolver;
  /** The purpose the proofs must have: assertionMethod for credentials, authentication for presentations. */
  expectedProofPurpose?: string;
  now: Date;
  domain?: string;
  challenge?: string;
};

function failed(
  base: Omit<ProofCheck, 'status' | 'detail'>,
  name: Parameters<typeof problem>[0],
  detail: string,
): ProofCheck {
  return { ...base, status: 'failed', detail, problem: problem(name, detail) };
}

function contextStartsWith(documentContext: unknown, proofContext: unknown): boolean {
  const doc = Array.isArray(documentContext) ? documentContext : [documentContext];
  const proof = Array.isArray(proofContext) ? proofContext : [proofContext];
  return proof.every((entry, index) => JSON.stringify(entry) === JSON.stringify(doc[index]));
}

async function verifyOne(
  document: Record<string, unknown>,
  allProofs: unknown[],
  index: number,
  options: VerifyProofsOptions,
  deps: ProofDependencies,
): Promise<ProofCheck> {
  const raw = allProofs[index];
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<DataIntegrityProof>;
  const base: Omit<ProofCheck, 'status' | 'detail'> = {
    index,
    type: typeof p.type === 'string' ? p.type : undefined,
    cryptosuite: typeof p.cryptosuite === 'string' ? p.cryptosuite : undefined,
    verificationMethod: typeof p.verificationMethod === 'string' ? p.verificationMethod : undefined,
    proofPurpose: typeof p.proofPurpose === 'string' ? p.proofPurpose : undefined,
    ...(typeof p.id === 'string' ? { id: p.id } : {}),
  };
  const malformed = malformedProofReason(raw);
  if (malformed) {
    return failed(base, 'MALFORMED_VALUE_ERROR', malformed);
  }
  const proof = raw as DataIntegrityProof;
  const suite = suiteOfProof(proof);
  if (!suite) {
    return failed(
      base,
      'CRYPTOGRAPHIC_SECURITY_ERROR',
      proof.type === 'DataIntegrityProof'
        ? `the cryptosuite ${JSON.stringify(proof.cryptosuite)} is not supported`
        : `the proof type ${JSON.stringify(proof.type)} is not supported`,
    );
  }
  const expectedPurpose = options.expectedProofPurpose ?? 'assertionMethod';
  if (proof.proofPurpose !== expectedPurpose) {
    return failed(
      base,
      'CRYPTOGRAPHIC_SECURITY_ERROR',
      `proofPurpose is ${JSON.stringify(proof.proofPurpose)}, expected "${expectedPurpose}"`,
    );
  }
  if (proof.expires !== undefined && Date.parse(proof.expires) < options.now.getTime()) {
    return failed(base, 'CRYPTOGRAPHIC_SECURITY_ERROR', `the proof expired on ${proof.expires}`);
  }
  if (options.domain !== undefined) {
    const domains = Array.isArray(proof.domain) ? proof.domain : [proof.domain];
    if (!domains.includes(options.domain)) {
      return failed(
        base,
        'CRYPTOGRAPHIC_SECURITY_ERROR',
        `the proof's domain does not match ${JSON.stringify(options.domain)}`,
      );
    }
  }
  if (options.challenge !== undefined && proof.challenge !== options.challenge) {
    return failed(base, 'CRYPTOGRAPHIC_SECURITY_ERROR', "the proof's challenge does not match");
  }

  let signature: Uint8Array;
  try {
    signature = base58Decode((proof.proofValue as string).slice(1));
  } catch {
    return failed(base, 'MALFORMED_VALUE_ERROR', 'proofValue is not valid base58btc');
  }

  const unsecured: Record<string, unknown> = withoutProof(document);
  let previousProof: string[] | undefined;
  if (proof.previousProof !== undefined) {
    previousProof = Array.isArray(proof.previousProof) ? proof.previousProof : [proof.previousProof];
    const ids = previousProof;
    const matching = allProofs.filter(
      (candidate) =>
        typeof candidate === 'object' &&
        candidate !== null &&
        ids.includes((candidate as { id?: string }).id as string),
    );
    if (matching.length !== ids.length) {
      return failed(
        { ...base, previousProof },
        'CRYPTOGRAPHIC_SECURITY_ERROR',
        `previousProof names a proof that is not in the document: ${ids.join(', ')}`,
      );
    }
    unsecured.proof = matching;
  }
  const withPrevious = previousProof ? { ...base, previousProof } : base;

  const { proofValue: _value, ...proofOptions } = proof;
  if (suite.name === 'eddsa-jcs-2022' && proofOptions['@context'] !== undefined) {
    if (!contextStartsWith(document['@context'], proofOptions['@context'])) {
      return failed(
        withPrevious,
        'CRYPTOGRAPHIC_SECURITY_ERROR',
        "the proof's @context does not match the document's",
      );
    }
  }

  const outcome = await options.resolveVerificationMethod(proof.verificationMethod);
  if (outcome.status === 'unreachable') {
    return { ...withPrevious, status: 'unknown', detail: outcome.detail };
  }
  if (outcome.status === 'not-found') {
    return failed(withPrevious, 'CRYPTOGRAPHIC_SECURITY_ERROR', outcome.detail);
  }
  const method = outcome.method;
  if (method.publicKey.algorithm !== 'Ed25519') {
    return failed(
      { ...withPrevious, method },
      'CRYPTOGRAPHIC_SECURITY_ERROR',
      `${suite.name} needs an Ed25519 key`,
    );
  }
  if (method.source !== 'url-fragment' && !method.relationships.includes(expectedPurpose as never)) {
    return failed(
      { ...withPrevious, method },
      'CRYPTOGRAPHIC_SECURITY_ERROR',
      `${method.controller} does not authorize ${method.id} for ${expectedPurpose}`,
    );
  }

  let hash: Uint8Array;
  try {
    hash = await suite.hashData(unsecured, proofOptions as Record<string, unknown>, deps);
  } catch (error) {
    if (isAppError(error)) {
      return failed({ ...withPrevious, method }, 'MALFORMED_VALUE_ERROR', error.detail ?? error.message);
    }
    return failed(
      { ...withPrevious, method },
      'MALFORMED_VALUE_ERROR',
      `the document cannot be canonicalized: ${String(error)}`,
    );
  }
  const valid = await deps.crypto.verify(method.publicKey, hash, signature);
  if (!valid) {
    return failed(
      { ...withPrevious, method },
      'CRYPTOGRAPHIC_SECURITY_ERROR',
      'the signature does not match: the credential was changed after signing, or signed with another key',
    );
  }
  return { ...withPrevious, method, status: 'passed', detail: `signed by ${method.id} (${suite.name})` };
}

/** One check per proof, in document order. An empty array when the document has no proof. */
export async function verifyDataIntegrityProofs(
  document: Record<string, unknown>,
  options: VerifyProofsOptions,
  deps: ProofDependencies,
): Promise<ProofCheck[]> {
  const proofs = proofsOf(document);
  return Promise.all(proofs.map((_, index) => verifyOne(document, proofs, index, options, deps)));
}
