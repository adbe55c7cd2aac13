/**
 * The BadgeClass and issuer Profile an Assertion links to, embedded or by URL. The issuer Profile is
 * always read from its own http(s) id when it has one: its verification policy and its keys are the
 * issuer's word only when the issuer's server says them, not when a copy inside the badge does.
 */
import { type DocumentFetcher, loadDocument } from './ob2-documents.js';
import { idOf, isHttpUrl, isObject, type Json } from './ob2-input.js';
import type { Ob2Report } from './ob2-report.js';
import { badgeClassErrors, profileErrors } from './ob2-structure.js';

export type Linked = {
  badge?: Json;
  /** The BadgeClass's URL when it was fetched (it is then subject to the hosted scope too). */
  badgeUrl?: string;
  issuer?: Json;
  /** True when the Profile came from the issuer's own server (its id). */
  issuerFetched: boolean;
};

/** Fetches an object given by URL, or takes the embedded one; adds a `badge` / `issuer` check only when it fails. */
async function resolve(
  value: unknown,
  what: 'BadgeClass' | 'issuer Profile',
  fetcher: DocumentFetcher | undefined,
  report: Ob2Report,
  check: string,
  alwaysFetch: boolean,
): Promise<{ document?: Json; url?: string }> {
  const id = idOf(value);
  if (typeof value === 'string' || (alwaysFetch && isHttpUrl(id))) {
    if (!isHttpUrl(id)) {
      report.add(check, 'failed', `the ${what} ${String(id)} is neither embedded nor an http(s) URL`);
      return {};
    }
    const loaded = await loadDocument(fetcher, id, what);
    if (!loaded.ok) {
      report.add(check, loaded.status, loaded.detail);
      return {};
    }
    if (loaded.document.id !== id) {
      report.add(check, 'failed', `the ${what} at ${id} names itself ${JSON.stringify(loaded.document.id)}`);
      return {};
    }
    return { document: loaded.document, url: id };
  }
  if (isObject(value)) {
    return { document: value };
  }
  report.add(check, 'failed', `the ${what} is missing`);
  return {};
}

/**
 * Resolves the badge and its issuer, adding a `badge` check (the BadgeClass is there, valid, and names
 * an issuer) and recording failures to reach the issuer in an `issuer` check.
 */
export async function resolveLinked(
  assertion: Json,
  fetcher: DocumentFetcher | undefined,
  report: Ob2Report,
): Promise<Linked> {
  const badge = await resolve(assertion.badge, 'BadgeClass', fetcher, report, 'badge', false);
  if (!badge.document) {
    return { issuerFetched: false };
  }
  const errors = badgeClassErrors(badge.document);
  if (errors.length > 0) {
    report.add('badge', 'failed', errors.join('; '));
  }
  const issuer = await resolve(badge.document.issuer, 'issuer Profile', fetcher, report, 'issuer', true);
  if (issuer.document) {
    const problems = profileErrors(issuer.document);
    if (problems.length > 0) {
      report.add('issuer', 'failed', problems.join('; '));
    } else if (typeof issuer.document.email !== 'string') {
      report.warnings.push('the issuer Profile has no email, which OB 2.0 requires of issuers');
    }
  }
  if (errors.length === 0) {
    const name =
      typeof badge.document.name === 'string' ? `"${badge.document.name}"` : String(badge.document.id);
    report.add(
      'badge',
      'passed',
      `${name}${badge.url ? `, fetched from ${badge.url}` : ', embedded in the assertion'}, issued by ${String(idOf(badge.document.issuer))}`,
    );
  }
  return {
    badge: badge.document,
    ...(badge.url ? { badgeUrl: badge.url } : {}),
    ...(issuer.document ? { issuer: issuer.document } : {}),
    issuerFetched: issuer.url !== undefined,
  };
}

/** The assertion as a reader sees it: its BadgeClass and issuer Profile embedded, as they were read. */
export function withLinked(assertion: Json, linked: Linked): Json {
  if (!linked.badge) {
    return assertion;
  }
  return { ...assertion, badge: { ...linked.badge, ...(linked.issuer ? { issuer: linked.issuer } : {}) } };
}
