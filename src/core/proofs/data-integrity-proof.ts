/** The Data Integrity proof object and the checks every proof gets before any cryptography. */

export type DataIntegrityProof = {
  '@context'?: unknown;
  id?: string;
  type: string;
  cryptosuite?: string;
  created?: string;
  expires?: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue?: string;
  previousProof?: string | string[];
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
};

/** XML Schema dateTimeStamp: a date-time that carries its time zone. */
const DATE_TIME_STAMP =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

export function isDateTimeStamp(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME_STAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** The proofs of a document as an array (a single proof object, an array, or none). */
export function proofsOf(document: Record<string, unknown>): unknown[] {
  const proof = document.proof;
  if (proof === undefined) {
    return [];
  }
  return Array.isArray(proof) ? proof : [proof];
}

export function withoutProof<T extends Record<string, unknown>>(document: T): Omit<T, 'proof'> {
  const { proof: _proof, ...rest } = document;
  return rest;
}

/**
 * Checks the shape a proof must have before it is worth verifying; returns a reason, or undefined when fine.
 * @see https://www.w3.org/TR/vc-data-integrity/#verify-proof
 */
export function malformedProofReason(proof: unknown): string | undefined {
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) {
    return 'a proof must be a JSON object';
  }
  const p = proof as Record<string, unknown>;
  if (typeof p.type !== 'string' || p.type === '') {
    return 'the proof has no "type"';
  }
  if (typeof p.verificationMethod !== 'string' || p.verificationMethod === '') {
    return 'the proof has no "verificationMethod" URL';
  }
  if (typeof p.proofPurpose !== 'string' || p.proofPurpose === '') {
    return 'the proof has no "proofPurpose"';
  }
  if (typeof p.proofValue !== 'string' || p.proofValue === '') {
    return 'the proof has no "proofValue"';
  }
  if (!p.proofValue.startsWith('z')) {
    return 'proofValue must be multibase base58btc (starting with "z")';
  }
  if (p.created !== undefined && !isDateTimeStamp(p.created)) {
    return `proof "created" ${JSON.stringify(p.created)} is not a date-time with a time zone`;
  }
  if (p.expires !== undefined && !isDateTimeStamp(p.expires)) {
    return `proof "expires" ${JSON.stringify(p.expires)} is not a date-time with a time zone`;
  }
  if (p.previousProof !== undefined) {
    const ids = Array.isArray(p.previousProof) ? p.previousProof : [p.previousProof];
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
      return 'previousProof must be a proof id or a list of proof ids';
    }
  }
  return undefined;
}
