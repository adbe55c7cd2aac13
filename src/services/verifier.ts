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
import type { StatusChecker, VerificationReport } from '../core/verification/report.js';
import { verifyCredential } from '../core/verification/verify-credential.js';
import {
  type PresentationVerificationReport,
  verifyPresentation,
} from '../core/verification/verify-presentation.js';
import { AppError } from '../errors.js';
import type { GuardedFetch } from '../node/guarded-fetch.js';

export type VerifierDependencies = {
  crypto: CryptoBackend;
  /** Network access; absent means offline (remote keys and lists are then `unknown`). */
  fetch?: GuardedFetch;
  localDidDocument?: (did: string) => Promise<DidDocument | undefined>;
  checkStatus?: StatusChecker;
  validateSchema?: (credential: Record<string, unknown>) => { kind?: string; errors: string[] };
  didWebScheme?: 'https' | 'http';
};

export type Verifier = (input: unknown, options: { now: Date }) => Promise<VerificationReport>;

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

/** The key resolver of one verification: its document cache must not outlive one answer. */
function resolverFor(deps: VerifierDependencies) {
  const fetchJson = deps.fetch ? jsonFetcher(deps.fetch) : undefined;
  return createVerificationMethodResolver({
    ...(fetchJson ? { fetchJson } : {}),
    ...(deps.localDidDocument ? { localDidDocument: deps.localDidDocument } : {}),
    ...(deps.didWebScheme ? { didWebScheme: deps.didWebScheme } : {}),
  });
}

export function createVerifier(deps: VerifierDependencies): Verifier {
  return (input, { now }) =>
    verifyCredential(input, {
      now,
      crypto: deps.crypto,
      resolveVerificationMethod: resolverFor(deps),
      ...(deps.checkStatus ? { checkStatus: deps.checkStatus } : {}),
      ...(deps.validateSchema ? { validateSchema: deps.validateSchema } : {}),
    });
}

export type PresentationVerifier = (
  input: unknown,
  options: { now: Date; domain?: string; challenge?: string },
) => Promise<PresentationVerificationReport>;

/** Verifies presentations (and the credentials in them) with the same keys, fetch and status checks. */
export function createPresentationVerifier(deps: VerifierDependencies): PresentationVerifier {
  return (input, { now, domain, challenge }) =>
    verifyPresentation(input, {
      now,
      crypto: deps.crypto,
      resolveVerificationMethod: resolverFor(deps),
      ...(domain !== undefined ? { domain } : {}),
      ...(challenge !== undefined ? { challenge } : {}),
      ...(deps.checkStatus ? { checkStatus: deps.checkStatus } : {}),
      ...(deps.validateSchema ? { validateSchema: deps.validateSchema } : {}),
    });
}
