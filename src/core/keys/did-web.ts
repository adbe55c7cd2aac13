/**
 * did:web identifiers and documents. `did:web:example.com:i:acme` is served at
 * `https://example.com/i/acme/did.json`; a bare host at `/.well-known/did.json`; a port is written `%3A`.
 * @see https://w3c-ccg.github.io/did-method-web/
 */
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { DidDocument, VerificationMethodDocument } from './did-document.js';

/** did:web for a URL origin and path segments: ('http://localhost:3000', ['i','acme']) -> did:web:localhost%3A3000:i:acme */
export function didWebFromUrl(origin: string, pathSegments: string[] = []): string {
  const url = new URL(origin);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  return ['did:web', host, ...pathSegments.map((segment) => encodeURIComponent(segment))].join(':');
}

/** Throws a TypeError for anything that is not a did:web (fragments and queries are stripped first). */
export function didWebToUrl(did: string, scheme: 'https' | 'http' = 'https'): string {
  const bare = did.split('#')[0]?.split('?')[0] ?? '';
  const match = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(bare);
  if (!match?.[1]) {
    throw new TypeError(`Not a did:web: ${did}`);
  }
  const host = decodeURIComponent(match[1]);
  if (host.includes('/') || host.includes('@')) {
    throw new TypeError(`Not a did:web host: ${host}`);
  }
  const segments = (match[2] ?? '')
    .split(':')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('/'))) {
    throw new TypeError(`Not a did:web path: ${did}`);
  }
  const path =
    segments.length > 0 ? `/${segments.map(encodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${host}${path}`;
}

export type DidWebKey = {
  /** Fragment without '#', e.g. 'key-1' */
  fragment: string;
  publicKeyMultibase: string;
};

/**
 * A did:web document listing the issuer's keys, newest first. Old (rotated) keys stay in
 * `verificationMethod` and `assertionMethod` so credentials signed before a rotation still verify.
 * Verification method ids are absolute (`did:web:…#key-1`), which strict wallets require.
 */
export function buildDidWebDocument(
  did: string,
  keys: DidWebKey[],
  extra: { alsoKnownAs?: string[] } = {},
): DidDocument {
  const verificationMethod: VerificationMethodDocument[] = keys.map((key) => ({
    id: `${did}#${key.fragment}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
  }));
  const ids = verificationMethod.map((method) => method.id);
  return {
    '@context': [CONTEXT_URLS.DID_V1, CONTEXT_URLS.MULTIKEY_V1],
    id: did,
    ...(extra.alsoKnownAs ? { alsoKnownAs: extra.alsoKnownAs } : {}),
    verificationMethod,
    assertionMethod: ids,
    authentication: ids,
  };
}
