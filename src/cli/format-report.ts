/** The human-readable form of a verification report, for the terminal. */
import type { VerificationReport } from '../core/verification/report.js';

const MARK = { passed: '✓', failed: '✗', unknown: '?' } as const;

const HEADLINE: Record<VerificationReport['verdict'], string> = {
  valid: 'VALID',
  tampered: 'NOT VALID: the credential was changed after signing, or the signature is wrong',
  invalid: 'NOT VALID',
  revoked: 'REVOKED by its issuer',
  suspended: 'SUSPENDED by its issuer',
  expired: 'EXPIRED',
  'not-yet-valid': 'NOT YET VALID',
  unknown: 'UNKNOWN: a check could not be made, so validity cannot be confirmed',
};

function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return text(value[0]);
  }
  if (typeof value === 'object' && value !== null && '@value' in value) {
    return String((value as { '@value': unknown })['@value']);
  }
  return undefined;
}

export function formatReport(report: VerificationReport, source?: string): string {
  const lines: string[] = [];
  lines.push(`${report.verified ? '✓' : '✗'} ${HEADLINE[report.verdict]}${source ? `  (${source})` : ''}`);
  const credential = report.credential ?? {};
  // An OB 2.0 assertion names its badge and issuer through `badge` (embedded as the verifier read them).
  const badge = (typeof credential.badge === 'object' ? credential.badge : undefined) as
    | { name?: unknown; issuer?: { id?: string; name?: unknown } | string }
    | undefined;
  const issuer = (credential.issuer ?? badge?.issuer) as { id?: string; name?: unknown } | string | undefined;
  const subject = (
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject
  ) as { id?: string; achievement?: { name?: unknown }; identifier?: unknown } | undefined;
  const name = text(credential.name) ?? text(subject?.achievement?.name) ?? text(badge?.name);
  if (name) {
    lines.push(`  Credential: ${name}`);
  }
  if (issuer) {
    lines.push(
      `  Issuer:     ${typeof issuer === 'string' ? issuer : `${text(issuer.name) ?? ''} ${issuer.id ? `(${issuer.id})` : ''}`.trim()}`,
    );
  }
  if (subject?.id) {
    lines.push(`  Recipient:  ${subject.id}`);
  } else if (subject?.identifier) {
    lines.push('  Recipient:  identified by a hashed identifier (e.g. an e-mail address)');
  } else if (typeof credential.recipient === 'object' && credential.recipient !== null) {
    const recipient = credential.recipient as { hashed?: unknown; identity?: unknown; type?: unknown };
    const checked = report.checks.some((check) => check.check === 'recipient');
    lines.push(
      `  Recipient:  ${recipient.hashed === true ? `a hashed ${String(recipient.type ?? 'identity')}${checked ? '' : ' (give --recipient to check it)'}` : String(recipient.identity)}`,
    );
  }
  const issued = credential.validFrom ?? credential.issuanceDate ?? credential.issuedOn;
  if (typeof issued === 'string') {
    lines.push(
      `  Valid from: ${issued}${typeof (credential.validUntil ?? credential.expirationDate ?? credential.expires) === 'string' ? `  until ${String(credential.validUntil ?? credential.expirationDate ?? credential.expires)}` : ''}`,
    );
  }
  lines.push('  Checks:');
  const width = Math.max(...report.checks.map((check) => check.check.length));
  for (const check of report.checks) {
    lines.push(`    ${MARK[check.status]} ${check.check.padEnd(width)}  ${check.detail}`);
  }
  for (const warning of report.warnings) {
    lines.push(`  Note: ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}
