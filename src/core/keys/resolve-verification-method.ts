/**
 * Resolves a proof's `verificationMethod` to a public key and its controller, the way OB 3.0 verifiers must:
 * did:key locally; did:web through the caller's fetch (or the server's own documents); an https controller
 * document through the caller's fetch; and the 1EdTech form `<issuer id>#<publicKeyMultibase>`.
 *
 * The outcome separates a definitive "no" (`not-found`: the document exists and does not list this key)
 * from "could not check" (`unreachable`), so that a verifier reports `unknown` rather than a false verdict.
 */
import { AppError, isAppError } from '../../errors.js';
import type { PublicKey } from '../crypto/keys.js';
import { base64urlDecode as base64urlToBytes } from '../encoding/base.js';
import type { DidDocument, VerificationMethodDocument, VerificationRelationship } from './did-document.js';
import { resolveDidKey } from './did-key.js';
import { didWebToUrl } from './did-web.js';
import { publicKeyFromMultibase } from './multikey.js';

export type ResolvedVerificationMethod = {
  id: string;
  type: string;
  controller: string;
  publicKey: PublicKey;
  /** How the key was found: the trust it deserves differs (see `keyConfirmed`). */
  source: 'did:key' | 'did:web' | 'controller-document' | 'url-fragment';
  /** The relationships of the controller document that list this method. */
  relationships: VerificationRelationship[];
  /**
   * False only for the 1EdTech `<issuer>#<key>` form when the issuer's document could not be read:
   * the key then vouches for itself, and nothing yet ties it to the issuer.
   */
  keyConfirmed: boolean;
};

export type ResolutionOutcome =
  | { status: 'resolved'; method: ResolvedVerificationMethod }
  | { status: 'not-found'; detail: string }
  | { status: 'unreachable'; detail: string };

/** Fetches and parses a JSON document; throws AppError FETCH_* when the document cannot be had. */
export type JsonFetcher = (url: string) => Promise<unknown>;

export type ResolverOptions = {
  /** Network access for did:web and https documents. Absent: offline, such methods are `unreachable`. */
  fetchJson?: JsonFetcher;
  /** Documents the caller can answer without a network round trip (a Cairn server's own issuers). */
  localDidDocument?: (did: string) => Promise<DidDocument | undefined>;
  /** did:web over http, for a development server on localhost. Default https. */
  didWebScheme?: 'https' | 'http';
};

export type VerificationMethodResolver = (verificationMethod: string) => Promise<ResolutionOutcome>;

const RELATIONSHIPS: VerificationRelationship[] = [
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
];

function keyOf(method: VerificationMethodDocument): PublicKey {
  if (typeof method.publicKeyMultibase === 'string') {
    return publicKeyFromMultibase(method.publicKeyMultibase);
  }
  const jwk = method.publicKeyJwk;
  if (jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) {
    return { algorithm: 'Ed25519', publicKey: base64urlToBytes(jwk.x) };
  }
  if (jwk && jwk.kty === 'EC' && jwk.crv === 'P-256') {
    return { algorithm: 'P-256', jwk };
  }
  if (jwk && jwk.kty === 'RSA') {
    return { algorithm: 'RSA', jwk };
  }
  throw new TypeError('The verification method has no supported public key');
}

function absolute(id: string, base: string): string {
  return id.startsWith('#') ? `${base}${id}` : id;
}

/** Finds a method in a DID or controller document and the relationships that list it. */
export function findVerificationMethod(
  document: DidDocument,
  methodId: string,
): { method: VerificationMethodDocument; relationships: VerificationRelationship[] } | undefined {
  const base = document.id;
  const candidates: VerificationMethodDocument[] = [...(document.verificationMethod ?? [])];
  for (const relationship of RELATIONSHIPS) {
    for (const entry of document[relationship] ?? []) {
      if (typeof entry === 'object') {
        candidates.push(entry);
      }
    }
  }
  const method = candidates.find((candidate) => absolute(candidate.id, base) === methodId);
  if (!method) {
    return undefined;
  }
  const relationships = RELATIONSHIPS.filter((relationship) =>
    (document[relationship] ?? []).some(
      (entry) => absolute(typeof entry === 'string' ? entry : entry.id, base) === methodId,
    ),
  );
  return {
    method: { ...method, id: methodId, controller: absolute(method.controller ?? base, base) },
    relationships,
  };
}

function unreachable(error: unknown, what: string): ResolutionOutcome {
  const reason = isAppError(error)
    ? (error.detail ?? error.message)
    : String((error as Error)?.message ?? error);
  return { status: 'unreachable', detail: `${what} could not be retrieved: ${reason}` };
}

function fromDocument(
  document: DidDocument,
  methodId: string,
  source: ResolvedVerificationMethod['source'],
): ResolutionOutcome {
  const found = findVerificationMethod(document, methodId);
  if (!found) {
    return {
      status: 'not-found',
      detail: `${document.id} does not list the verification method ${methodId}`,
    };
  }
  if (found.method.revoked) {
    return {
      status: 'not-found',
      detail: `The verification method ${methodId} was revoked on ${found.method.revoked}`,
    };
  }
  try {
    return {
      status: 'resolved',
      method: {
        id: methodId,
        type: found.method.type,
        controller: found.method.controller,
        publicKey: keyOf(found.method),
        source,
        relationships: found.relationships,
        keyConfirmed: true,
      },
    };
  } catch (error) {
    return {
      status: 'not-found',
      detail: `The verification method ${methodId} has no usable key: ${(error as Error).message}`,
    };
  }
}

function isDidDocument(value: unknown): value is DidDocument {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/**
 * @example
 *   const resolve = createVerificationMethodResolver({ fetchJson });
 *   const outcome = await resolve('did:key:z6Mk…#z6Mk…');
 */
export function createVerificationMethodResolver(options: ResolverOptions = {}): VerificationMethodResolver {
  const documents = new Map<string, Promise<unknown>>();
  const fetchOnce = (url: string): Promise<unknown> => {
    let pending = documents.get(url);
    if (!pending) {
      if (!options.fetchJson) {
        pending = Promise.reject(
          new AppError('FETCH_BLOCKED', 'this verifier runs offline (no network access was given)'),
        );
      } else {
        pending = options.fetchJson(url);
      }
      pending.catch(() => undefined);
      documents.set(url, pending);
    }
    return pending;
  };

  return async (verificationMethod: string): Promise<ResolutionOutcome> => {
    if (typeof verificationMethod !== 'string' || verificationMethod === '') {
      return { status: 'not-found', detail: 'verificationMethod must be a URL' };
    }
    const [base = '', fragment] = verificationMethod.split('#', 2);

    if (base.startsWith('did:key:')) {
      try {
        return fromDocument(resolveDidKey(base), verificationMethod, 'did:key');
      } catch (error) {
        return { status: 'not-found', detail: `Not a valid did:key: ${(error as Error).message}` };
      }
    }

    if (base.startsWith('did:web:')) {
      let document: unknown;
      try {
        document =
          (await options.localDidDocument?.(base)) ??
          (await fetchOnce(didWebToUrl(base, options.didWebScheme)));
      } catch (error) {
        if (error instanceof TypeError) {
          return { status: 'not-found', detail: error.message };
        }
        return unreachable(error, `The DID document of ${base}`);
      }
      if (!isDidDocument(document) || document.id !== base) {
        return { status: 'not-found', detail: `The document served for ${base} is not its DID document` };
      }
      return fromDocument(document, verificationMethod, 'did:web');
    }

    if (base.startsWith('did:')) {
      return {
        status: 'not-found',
        detail: `The DID method of ${base} is not supported (did:key and did:web are)`,
      };
    }

    if (!/^https?:\/\//.test(base)) {
      return {
        status: 'not-found',
        detail: `verificationMethod ${verificationMethod} is neither a DID nor an https URL`,
      };
    }

    // The 1EdTech form: <controller URL>#<publicKeyMultibase>. The key is in the URL itself, so it proves
    // nothing about the controller until the controller's own document confirms it.
    let fragmentKey: PublicKey | undefined;
    if (fragment?.startsWith('z')) {
      try {
        fragmentKey = publicKeyFromMultibase(fragment);
      } catch {
        fragmentKey = undefined;
      }
    }
    let document: unknown;
    try {
      document = await fetchOnce(base);
    } catch (error) {
      if (fragmentKey) {
        return {
          status: 'resolved',
          method: {
            id: verificationMethod,
            type: 'Multikey',
            controller: base,
            publicKey: fragmentKey,
            source: 'url-fragment',
            relationships: ['assertionMethod'],
            keyConfirmed: false,
          },
        };
      }
      return unreachable(error, `The controller document ${base}`);
    }
    if (isDidDocument(document) && document.id === verificationMethod && !fragment) {
      // The URL names the method itself.
      const method = document as unknown as VerificationMethodDocument;
      try {
        return {
          status: 'resolved',
          method: {
            id: verificationMethod,
            type: method.type,
            controller: method.controller,
            publicKey: keyOf(method),
            source: 'controller-document',
            // A bare method document lists no relationships; its controller is checked against the issuer.
            relationships: ['assertionMethod', 'authentication'],
            keyConfirmed: true,
          },
        };
      } catch (error) {
        return { status: 'not-found', detail: (error as Error).message };
      }
    }
    if (isDidDocument(document)) {
      const outcome = fromDocument(document, verificationMethod, 'controller-document');
      if (outcome.status === 'resolved' || !fragmentKey) {
        return outcome;
      }
      // The document exists but does not list a method with this id: accept a method with the same key.
      const listed = (document.verificationMethod ?? []).find(
        (method) => method.publicKeyMultibase === fragment,
      );
      if (listed) {
        return fromDocument(document, absolute(listed.id, document.id), 'controller-document');
      }
      return outcome;
    }
    return { status: 'not-found', detail: `${base} did not answer with a controller document` };
  };
}
