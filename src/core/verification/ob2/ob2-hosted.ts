/**
 * HostedBadge verification (OB 2.0 §Verification): the Assertion is what the issuer's server answers at
 * its id — a copy in hand only says where to look. The id must be in the scope the issuer's Profile
 * declares (`verification.allowedOrigins` / `startsWith`; by default the origin of the Profile's id),
 * and `410 Gone` or `revoked: true` means revoked.
 */
import type { VerificationReport } from '../report.js';
import { type DocumentFetcher, loadDocument } from './ob2-documents.js';
import { isOb2Assertion, isObject, type Json, verificationType } from './ob2-input.js';
import { type Linked, resolveLinked, withLinked } from './ob2-linked.js';
import { checkRecipient } from './ob2-recipient.js';
import { Ob2Report } from './ob2-report.js';
import { assertionErrors } from './ob2-structure.js';
import { checkOb2Validity } from './ob2-validity.js';

export type HostedOptions = { now: Date; fetchDocument: DocumentFetcher | undefined; recipient?: string };

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/** Compares JSON values, ignoring the order of object members (a server may reorder them). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return a === b;
}

function differences(given: Json, hosted: Json): string[] {
  const keys = new Set([...Object.keys(given), ...Object.keys(hosted)]);
  return [...keys].filter((key) => !sameJson(given[key], hosted[key]));
}

/** Is the assertion (and a BadgeClass fetched by URL) hosted where the issuer's Profile allows? */
function checkScope(assertionUrl: string, linked: Linked, report: Ob2Report): void {
  const issuer = linked.issuer;
  if (!issuer) {
    return; // Why the issuer is missing is already a check.
  }
  if (!linked.issuerFetched || typeof issuer.id !== 'string') {
    report.add(
      'issuer',
      'failed',
      'the issuer Profile has no http(s) id, so no origin can vouch for a hosted assertion',
    );
    return;
  }
  const policy = isObject(issuer.verification) ? issuer.verification : {};
  const property = policy.verificationProperty ?? 'id';
  if (property !== 'id' && property !== '@id') {
    report.add(
      'issuer',
      'failed',
      `the issuer's verificationProperty ${JSON.stringify(property)} is not supported (only id)`,
    );
    return;
  }
  const allowedOrigins = list(policy.allowedOrigins);
  const startsWith = list(policy.startsWith);
  const issuerOrigin = new URL(issuer.id).origin;
  const hosted = [assertionUrl, ...(linked.badgeUrl ? [linked.badgeUrl] : [])];
  for (const url of hosted) {
    const { host, hostname, origin } = new URL(url);
    const allowed =
      allowedOrigins.length > 0
        ? allowedOrigins.includes(host) || allowedOrigins.includes(hostname)
        : startsWith.length > 0 || origin === issuerOrigin;
    if (!allowed) {
      const scope =
        allowedOrigins.length > 0
          ? `its allowedOrigins (${allowedOrigins.join(', ')})`
          : `its origin ${issuerOrigin}`;
      report.add(
        'issuer',
        'failed',
        `${url} is not hosted within the scope the issuer ${issuer.id} declares: ${scope}`,
      );
      return;
    }
  }
  if (startsWith.length > 0 && !startsWith.some((prefix) => assertionUrl.startsWith(prefix))) {
    report.add(
      'issuer',
      'failed',
      `${assertionUrl} does not start with what the issuer ${issuer.id} allows (${startsWith.join(', ')})`,
    );
    return;
  }
  report.add(
    'issuer',
    'passed',
    allowedOrigins.length > 0 || startsWith.length > 0
      ? `hosted within the scope the issuer ${issuer.id} declares`
      : `hosted on the issuer's own origin ${issuerOrigin}`,
  );
}

function revocationDetail(document: unknown): string {
  const reason =
    isObject(document) && typeof document.revocationReason === 'string'
      ? document.revocationReason
      : undefined;
  return reason ? `: ${reason}` : '';
}

export async function verifyHostedOb2(
  input: { url: string; given?: Json },
  options: HostedOptions,
): Promise<VerificationReport> {
  const report = new Ob2Report();
  const { url, given } = input;
  report.add('format', 'passed', `Open Badges 2.0 hosted assertion${given ? '' : `, at ${url}`}`);
  const loaded = await loadDocument(options.fetchDocument, url, 'hosted assertion');
  if (!loaded.ok) {
    if (loaded.httpStatus === 410) {
      report.add('hosted', 'passed', `the issuer's server answered for ${url}`);
      report.add(
        'status',
        'failed',
        `revoked by the issuer: ${url} answers 410 Gone${revocationDetail(loaded.body)}`,
        'revoked',
      );
    } else {
      report.add('hosted', loaded.status, loaded.detail);
    }
    return report.finish('ob2-hosted', given ?? null);
  }
  const hosted = loaded.document;
  if (hosted.id !== url && !(given && given.id !== url && hosted.id === given.id)) {
    report.add(
      'hosted',
      'failed',
      `the document at ${url} names itself ${JSON.stringify(hosted.id)}, not ${url}`,
    );
    return report.finish('ob2-hosted', given ?? null);
  }
  if (!isOb2Assertion(hosted)) {
    report.add('hosted', 'failed', `the document at ${url} is not an Open Badges 2.0 Assertion`);
    return report.finish('ob2-hosted', given ?? null);
  }
  if (hosted.revoked === true) {
    report.add('hosted', 'passed', `fetched from ${url}`);
    report.add('status', 'failed', `revoked by the issuer${revocationDetail(hosted)}`, 'revoked');
    return report.finish('ob2-hosted', hosted);
  }
  const changed = given ? differences(given, hosted) : [];
  if (changed.length > 0) {
    report.add(
      'hosted',
      'failed',
      `the copy given differs from the assertion the issuer hosts at ${url} (${changed.join(', ')})`,
      'tampered',
      'CRYPTOGRAPHIC_SECURITY_ERROR',
    );
  } else if (verificationType(hosted) !== 'hosted') {
    report.add('hosted', 'failed', `the assertion at ${url} does not declare hosted verification`);
  } else {
    report.add(
      'hosted',
      'passed',
      `fetched from the issuer's server at ${url}${given ? ', identical to the copy given' : ''}`,
    );
  }
  const errors = assertionErrors(hosted);
  report.add(
    'schema',
    errors.length > 0 ? 'failed' : 'passed',
    errors.length > 0 ? errors.join('; ') : 'a well-formed Open Badges 2.0 Assertion',
  );
  const linked = await resolveLinked(hosted, options.fetchDocument, report);
  checkScope(url, linked, report);
  checkRecipient(hosted, options.recipient, report);
  checkOb2Validity(hosted, options.now, report);
  report.add('status', 'passed', 'the issuer hosts the assertion and does not mark it revoked');
  return report.finish('ob2-hosted', withLinked(hosted, linked));
}
