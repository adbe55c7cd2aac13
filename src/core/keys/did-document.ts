/** DID documents and controller documents, as much of them as verification needs. */
import type { Jwk } from '../crypto/keys.js';

export type VerificationMethodDocument = {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Jwk;
  revoked?: string;
  expires?: string;
};

export type VerificationRelationship =
  | 'assertionMethod'
  | 'authentication'
  | 'capabilityInvocation'
  | 'capabilityDelegation'
  | 'keyAgreement';

export type DidDocument = {
  '@context'?: unknown;
  id: string;
  controller?: string | string[];
  alsoKnownAs?: string[];
  verificationMethod?: VerificationMethodDocument[];
  service?: { id: string; type: string; serviceEndpoint: unknown }[];
} & Partial<Record<VerificationRelationship, (string | VerificationMethodDocument)[]>>;
