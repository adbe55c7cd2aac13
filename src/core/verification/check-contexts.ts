/**
 * The @context check: every context is one Cairn knows (none is ever fetched), in the order the specs
 * require; optionally a JSON-LD safe-mode expansion proving every term is defined.
 */

import jsonld from 'jsonld';
import { isAppError } from '../../errors.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import { toJsonLdAppError } from '../jsonld/jsonld-errors.js';
import { type Problem, problem } from '../proofs/problems.js';
import type { VerificationCheck } from './report.js';

const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/;

export async function checkContexts(
  credential: Record<string, unknown>,
  options: {
    documentLoader: DocumentLoader;
    expand: boolean;
    /** What the document is, for the messages: `credential` (default) or `presentation`. */
    subject?: 'credential' | 'presentation';
    /** A quicker proof that expansion succeeds (the fast canonical path); jsonld.js decides when it cannot. */
    provesSafeExpansion?: (document: object) => Promise<boolean>;
  },
): Promise<{ check: VerificationCheck; problem?: Problem; warnings: string[] }> {
  const warnings: string[] = [];
  const raw = credential['@context'];
  const contexts = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const fail = (
    detail: string,
    name: 'PARSING_ERROR' | 'MALFORMED_VALUE_ERROR' = 'MALFORMED_VALUE_ERROR',
  ) => ({
    check: { check: 'context', status: 'failed' as const, detail },
    problem: problem(name, detail),
    warnings,
  });
  if (contexts.length === 0) {
    return fail(`the ${options.subject ?? 'credential'} has no @context`);
  }
  for (const entry of contexts) {
    if (typeof entry === 'string') {
      try {
        await options.documentLoader(entry);
      } catch (error) {
        return fail(
          isAppError(error) ? (error.detail ?? error.message) : `the context ${entry} cannot be loaded`,
        );
      }
    } else if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return fail('every @context entry must be a URL or a context object');
    }
  }
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  const isOb =
    types.includes('OpenBadgeCredential') ||
    types.includes('AchievementCredential') ||
    types.includes('EndorsementCredential');
  if (isOb && (typeof contexts[1] !== 'string' || !OB_CONTEXT.test(contexts[1]))) {
    warnings.push('Open Badges 3.0 puts its context second, right after the VC context');
  }
  if (isOb && contexts[0] === CONTEXT_URLS.VC_V1) {
    warnings.push(
      'this Open Badges credential uses VC Data Model 1.1 (issuanceDate); current badges use 2.0 (validFrom)',
    );
  }
  if (options.expand && !(await options.provesSafeExpansion?.(credential))) {
    try {
      await jsonld.expand(credential, { documentLoader: options.documentLoader, safe: true });
    } catch (error) {
      const appError = toJsonLdAppError(error);
      return fail(appError.detail ?? appError.message);
    }
  }
  return {
    check: {
      check: 'context',
      status: 'passed',
      detail: `${contexts.length} known context${contexts.length > 1 ? 's' : ''}, none fetched`,
    },
    warnings,
  };
}
