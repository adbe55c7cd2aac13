/**
 * did:key: a DID that is its own public key, resolved locally with no network.
 * @see https://w3c-ccg.github.io/did-method-key/
 */
import type { PublicKey } from '../crypto/keys.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { DidDocument } from './did-document.js';
import { publicKeyFromMultibase, publicKeyToMultibase } from './multikey.js';

export function didKeyFromPublicKey(key: PublicKey): string {
  return `did:key:${publicKeyToMultibase(key)}`;
}

/** The id of the one verification method of a did:key document: `did:key:z…#z…`. */
export function didKeyVerificationMethodId(did: string): string {
  return `${did}#${did.slice('did:key:'.length)}`;
}

/** Throws a TypeError for a malformed did:key or an unsupported key type. */
export function resolveDidKey(did: string): DidDocument {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match?.[1]) {
    throw new TypeError(`Not a did:key: ${did}`);
  }
  const multibase = match[1];
  publicKeyFromMultibase(multibase); // validates
  const id = `${did}#${multibase}`;
  return {
    '@context': [CONTEXT_URLS.DID_V1, CONTEXT_URLS.MULTIKEY_V1],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    authentication: [id],
    assertionMethod: [id],
    capabilityDelegation: [id],
    capabilityInvocation: [id],
  };
}
