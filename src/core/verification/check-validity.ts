/** The validity window: validFrom / validUntil (VCDM 2.0) or issuanceDate / expirationDate (VCDM 1.1) against `now`. */
import type { VerificationCheck } from './report.js';

export type ValidityOutcome = VerificationCheck & {
  state: 'current' | 'expired' | 'not-yet-valid' | 'malformed';
};

function parse(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function checkValidity(credential: Record<string, unknown>, now: Date): ValidityOutcome {
  const fromRaw = credential.validFrom ?? credential.issuanceDate;
  const untilRaw = credential.validUntil ?? credential.expirationDate;
  const from = parse(fromRaw);
  const until = parse(untilRaw);
  if ((fromRaw !== undefined && from === undefined) || (untilRaw !== undefined && until === undefined)) {
    return {
      check: 'validity',
      status: 'failed',
      state: 'malformed',
      detail: 'the validity dates cannot be read',
    };
  }
  if (from !== undefined && until !== undefined && from > until) {
    return {
      check: 'validity',
      status: 'failed',
      state: 'malformed',
      detail: `validFrom (${String(fromRaw)}) is after validUntil (${String(untilRaw)})`,
    };
  }
  if (from !== undefined && now.getTime() < from) {
    return {
      check: 'validity',
      status: 'failed',
      state: 'not-yet-valid',
      detail: `not valid before ${String(fromRaw)}`,
    };
  }
  if (until !== undefined && now.getTime() > until) {
    return {
      check: 'validity',
      status: 'failed',
      state: 'expired',
      detail: `expired on ${String(untilRaw)}`,
    };
  }
  const window = [
    from !== undefined ? `from ${String(fromRaw)}` : undefined,
    until !== undefined ? `until ${String(untilRaw)}` : 'with no end date',
  ]
    .filter(Boolean)
    .join(' ');
  return { check: 'validity', status: 'passed', state: 'current', detail: `valid ${window}` };
}
