/** The one-word verdict of many checks: the worst of the verdicts they gave. */
import type { Verdict } from './report.js';

/** Worst first: a forgery outranks a revocation, which outranks an expiry, which outranks "unknown". */
const SEVERITY: Verdict[] = [
  'tampered',
  'invalid',
  'revoked',
  'suspended',
  'expired',
  'not-yet-valid',
  'unknown',
  'valid',
];

export function worst(verdicts: Verdict[]): Verdict {
  return verdicts.reduce((a, b) => (SEVERITY.indexOf(a) <= SEVERITY.indexOf(b) ? a : b), 'valid');
}
