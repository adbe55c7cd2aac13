/**
 * Problem types a verifier reports (VC Data Model 2.0 §7.2, Bitstring Status List §3.5), with the numeric
 * codes VCDM gives them. Verification failures are results carrying these, never exceptions.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#problem-details
 */
export const PROBLEM_TYPES = {
  PARSING_ERROR: { type: 'https://www.w3.org/TR/vc-data-model#PARSING_ERROR', code: -64 },
  CRYPTOGRAPHIC_SECURITY_ERROR: {
    type: 'https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR',
    code: -65,
  },
  MALFORMED_VALUE_ERROR: { type: 'https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR', code: -66 },
  RANGE_ERROR: { type: 'https://www.w3.org/TR/vc-data-model#RANGE_ERROR', code: -67 },
  STATUS_RETRIEVAL_ERROR: {
    type: 'https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR',
    code: -128,
  },
  STATUS_VERIFICATION_ERROR: {
    type: 'https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR',
    code: -129,
  },
  STATUS_LIST_LENGTH_ERROR: {
    type: 'https://www.w3.org/ns/credentials/status-list#STATUS_LIST_LENGTH_ERROR',
    code: -130,
  },
} as const;

export type ProblemName = keyof typeof PROBLEM_TYPES;

/** An RFC 9457-style problem as VCDM 2.0 reports it. */
export type Problem = { type: string; code: number; title: ProblemName; detail: string };

export function problem(name: ProblemName, detail: string): Problem {
  return { ...PROBLEM_TYPES[name], title: name, detail };
}
