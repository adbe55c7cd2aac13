/**
 * Cairn's core: pure and isomorphic (Node and browsers). Credentials, JSON-LD, proofs, keys, verification,
 * status lists and baking — bytes and objects in, bytes and objects out; every dependency (crypto, clock,
 * network, randomness) passed in.
 * @module
 */
export * from './baking/index.js';
export * from './credentials/index.js';
export type { CryptoBackend } from './crypto/crypto-backend.js';
export {
  KEY_ALGORITHMS,
  type KeyAlgorithm,
  type PrivateKey,
  type PublicKey,
  toPublicKey,
} from './crypto/keys.js';
export { nobleCryptoBackend } from './crypto/noble-crypto-backend.js';
export { type Canonizer, canonizeRdfc, createRdfcCanonizer } from './jsonld/canonize.js';
export { BUNDLED_CONTEXTS, CONTEXT_URLS } from './jsonld/contexts.js';
export {
  createDocumentLoader,
  type DocumentLoader,
  defaultDocumentLoader,
} from './jsonld/document-loader.js';
export { createFastCanonizer } from './jsonld/fast-canonize.js';
export { canonicalizeJcs } from './jsonld/jcs.js';
export type { DidDocument } from './keys/did-document.js';
export { didKeyFromPublicKey, resolveDidKey } from './keys/did-key.js';
export { buildDidWebDocument, didWebFromUrl, didWebToUrl } from './keys/did-web.js';
export {
  exportKeyFile,
  generateKeyPair,
  importKeyFile,
  type KeyFile,
  type KeyPair,
} from './keys/key-pair.js';
export { publicKeyFromMultibase, publicKeyToMultibase } from './keys/multikey.js';
export {
  createVerificationMethodResolver,
  type ResolverOptions,
  type VerificationMethodResolver,
} from './keys/resolve-verification-method.js';
export * from './pathways/index.js';
export { type AddProofOptions, addDataIntegrityProof } from './proofs/add-proof.js';
export { SIGNING_SUITES, type SigningSuite } from './proofs/cryptosuites.js';
export { PROBLEM_TYPES, type Problem } from './proofs/problems.js';
export { decodeVcJwt, signVcJwt } from './proofs/vc-jwt.js';
export { verifyDataIntegrityProofs } from './proofs/verify-proofs.js';
export * from './status-lists/index.js';
export type {
  StatusChecker,
  StatusResult,
  Verdict,
  VerificationCheck,
  VerificationReport,
} from './verification/report.js';
export { type VerifyCredentialOptions, verifyCredential } from './verification/verify-credential.js';
export {
  type PresentationVerificationReport,
  type VerifyPresentationOptions,
  verifyPresentation,
} from './verification/verify-presentation.js';
export * from './webhooks/signature.js';
