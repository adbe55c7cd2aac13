/**
 * The verifier as the CLI and the server use it: Node's crypto, did:web and https keys through the
 * SSRF-guarded fetch (or a Cairn server's own documents), status lists through the status checker.
 */
import type { CryptoBackend } from '../core/crypto/crypto-backend.js';
import type { DidDocument } from '../core/keys/did-document.js';
import {
  createVerificationMethodResolver,
  type JsonFetcher,
} from '../core/keys/resolve-verification-method.js';
import {
  createStatusChecker,
  createStatusListCache,
  type PreparedStatusList,
} from '../core/status-lists/check-status.js';
import type { StatusListCache } from '../core/status-lists/status-list-cache.js';
import type { DocumentFetcher } from '../core/verification/ob2/ob2-documents.js';
import type { StatusChecker, VerificationReport } from '../core/verification/report.js';
import { verifyCredential } from '../core/verification/verify-credential.js';
import {
  type PresentationVerificationReport,
  verifyPresentation,
} from '../core/verification/verify-presentation.js';
import { AppError } from '../errors.js';
import type { GuardedFetch } from '../node/guarded-fetch.js';
import { createStatusListFetcher } from '../node/status-list-fetcher.js';

export type VerifierDependencies = {
  crypto: CryptoBackend;
  /** Network access; absent means offline (remote keys and lists are then `unknown`). */
  fetch?: GuardedFetch;
  localDidDocument?: (did: string) => Promise<DidDocument | undefined>;
  /**
   * Checks credentialStatus entries. Default: Bitstring Status Lists and 1EdTech revocation lists
   * through `fetch` and `localStatusList`; with neither, a credential with a status entry is `unknown`.
   */
  checkStatus?: StatusChecker;
  /**
   * A Cairn server's own status lists, answered without an HTTP round trip: the list credential for a
   * URL it serves, undefined for any other URL. Never cached, so a revocation shows at once.
   */
  localStatusList?: (url: string) => Promise<unknown | undefined>;
  /** Fetched status lists, kept for their ttl. Default: one cache per verifier. */
  statusListCache?: StatusListCache<PreparedStatusList>;
  /** Ages the status-list cache (ms since the epoch). Default `Date.now`. */
  clock?: () => number;
  validateSchema?: (credential: Record<string, unknown>) => { kind?: string; errors: string[] };
  didWebScheme?: 'https' | 'http';
};

export type Verifier = (
  input: unknown,
  options: { now: Date /** An e-mail address to check an OB 2.0 recipient against. */; recipient?: string },
) => Promise<VerificationReport>;

/** JSON from a guarded fetch: non-2xx and unparseable bodies are errors (the document could not be had). */
export function jsonFetcher(fetch: GuardedFetch): JsonFetcher {
  return async (url) => {
    const response = await fetch(url, {
      accept: 'application/did+ld+json, application/ld+json, application/json',
    });
    if (response.status < 200 || response.status >= 300) {
      throw new AppError('FETCH_FAILED', `${new URL(url).origin} answered HTTP ${response.status}`);
    }
    try {
      return JSON.parse(new TextDecoder().decode(response.body));
    } catch {
      throw new AppError('FETCH_FAILED', `${new URL(url).origin} did not answer with JSON`);
    }
  };
}

/**
 * OB 2.0 documents through a guarded fetch: any HTTP answer is passed on with its status (a hosted
 * assertion's 410 Gone means revoked), the body parsed when it is JSON.
 */
export function documentFetcher(fetch: GuardedFetch): DocumentFetcher {
  return async (url) => {
    const response = await fetch(url, { accept: 'application/ld+json, application/json' });
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
    } catch {
      body = undefined;
    }
    return { status: response.status, url: response.url, body };
  };
}

/** The key resolver of one verification: its document cache must not outlive one answer. */
function resolverFor(deps: VerifierDependencies) {
  const fetchJson = deps.fetch ? jsonFetcher(deps.fetch) : undefined;
  return createVerificationMethodResolver({
    ...(fetchJson ? { fetchJson } : {}),
    ...(deps.localDidDocument ? { localDidDocument: deps.localDidDocument } : {}),
    ...(deps.didWebScheme ? { didWebScheme: deps.didWebScheme } : {}),
  });
}

/**
 * The status checker: `deps.checkStatus`, or Bitstring Status Lists and 1EdTech revocation lists through
 * `fetch` and `localStatusList` (undefined with neither). A status list credential is verified by the same
 * rules, without a status check of its own.
 */
function statusCheckerFor(deps: VerifierDependencies): StatusChecker | undefined {
  if (deps.checkStatus) {
    return deps.checkStatus;
  }
  if (!deps.fetch && !deps.localStatusList) {
    return undefined;
  }
  return createStatusChecker({
    fetchList: createStatusListFetcher({
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.localStatusList ? { localStatusList: deps.localStatusList } : {}),
    }),
    verifyListCredential: (list, { now }) =>
      verifyCredential(list, { now, crypto: deps.crypto, resolveVerificationMethod: resolverFor(deps) }),
    clock: deps.clock ?? Date.now,
    cache: deps.statusListCache ?? createStatusListCache(),
  });
}

export function createVerifier(deps: VerifierDependencies): Verifier {
  const checkStatus = statusCheckerFor(deps);
  const fetchDocument = deps.fetch ? documentFetcher(deps.fetch) : undefined;
  return (input, { now, recipient }) =>
    verifyCredential(input, {
      now,
      crypto: deps.crypto,
      resolveVerificationMethod: resolverFor(deps),
      ...(checkStatus ? { checkStatus } : {}),
      ...(fetchDocument ? { fetchDocument } : {}),
      ...(recipient !== undefined ? { recipient } : {}),
      ...(deps.validateSchema ? { validateSchema: deps.validateSchema } : {}),
    });
}

export type PresentationVerifier = (
  input: unknown,
  options: { now: Date; domain?: string; challenge?: string },
) => Promise<PresentationVerificationReport>;

/** Verifies presentations (and the credentials in them) with the same keys, fetch and status checks. */
export function createPresentationVerifier(deps: VerifierDependencies): PresentationVerifier {
  const checkStatus = statusCheckerFor(deps);
  return (input, { now, domain, challenge }) =>
    verifyPresentation(input, {
      now,
      crypto: deps.crypto,
      resolveVerificationMethod: resolverFor(deps),
      ...(domain !== undefined ? { domain } : {}),
      ...(challenge !== undefined ? { challenge } : {}),
      ...(checkStatus ? { checkStatus } : {}),
      ...(deps.validateSchema ? { validateSchema: deps.validateSchema } : {}),
    });
}
