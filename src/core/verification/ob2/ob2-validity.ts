/** OB 2.0 validity: `issuedOn` must have come, `expires` must not have passed (judged at the injected `now`). */
import { checkValidity } from '../check-validity.js';
import type { Json } from './ob2-input.js';
import type { Ob2Report } from './ob2-report.js';

export function checkOb2Validity(assertion: Json, now: Date, report: Ob2Report): void {
  // The VCDM 1.1 names carry the same meaning; the dates' form is checked with the assertion's schema.
  const outcome = checkValidity({ issuanceDate: assertion.issuedOn, expirationDate: assertion.expires }, now);
  const verdict =
    outcome.state === 'expired' ? 'expired' : outcome.state === 'not-yet-valid' ? 'not-yet-valid' : 'invalid';
  report.add(
    'validity',
    outcome.status,
    outcome.detail,
    verdict,
    outcome.status === 'failed' ? 'RANGE_ERROR' : undefined,
  );
}
