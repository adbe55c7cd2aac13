/**
 * The checks an issuer makes before it signs a credential someone else wrote (the W3C VC-API issue
 * endpoint): the VC Data Model's structural rules, proofs already on it, and JSON-LD safe mode, so that
 * nothing is signed that a verifier must reject, and no data escapes the signature.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#conformance
 * @see https://www.w3.org/TR/vc-data-integrity/#securing-data-losslessly
 */
import jsonld from 'jsonld';
import { AppError } from '../../errors.js';
import { type DocumentLoader, defaultDocumentLoader } from '../jsonld/document-loader.js';
import { toJsonLdAppError } from '../jsonld/jsonld-errors.js';
import { withProofContext } from '../proofs/add-proof.js';
import { proofsOf } from '../proofs/data-integrity-proof.js';
import { checkCredentialStructure } from '../verification/vcdm-structure.js';

export type AssertIssuableOptions = {
  /** Bundled contexts by default; nothing is ever fetched. */
  documentLoader?: DocumentLoader;
};

/**
 * Resolves when the credential may be signed; throws otherwise:
 *
 * - CREDENTIAL_NOT_SIGNABLE, listing every structural problem: `@context` missing or not starting with
 *   the base context, entries that are neither URLs nor objects; `type` without `VerifiableCredential`;
 *   identifiers that are not single URLs; the issuer; empty subjects; language value objects with extra
 *   keys; dates; typed objects (`credentialStatus`, `credentialSchema`, `refreshService`, `termsOfUse`,
 *   `evidence`) without a type; `relatedResource` rules; any `BitstringStatusListEntry`, under whatever
 *   property, whose `statusListIndex` is not a base-10 string; and a proof already on it without a type.
 * - CONTEXT_UNKNOWN for a context Cairn does not have (never fetched).
 * - JSONLD_UNDEFINED_TERM when JSON-LD safe mode would drop data: a term or type no context defines
 *   (VCDM 1.1 has no `@vocab`), a type mapped to nothing (`"@vocab": null`) or to a relative IRI.
 * - JSONLD_ERROR for other JSON-LD errors: a redefined protected term, an invalid IRI mapping.
 *
 * RDFC signing would find the JSON-LD problems too; JCS signing would not, hence this check for both.
 */
export async function assertIssuable(
  credential: Record<string, unknown>,
  options: AssertIssuableOptions = {},
): Promise<void> {
  const problems = checkCredentialStructure(credential);
  // A proof already there is someone else's (the new one joins it in a proof set): it is not verified
  // here, but it must at least be a typed object.
  const proofs = proofsOf(credential);
  for (const [index, proof] of proofs.entries()) {
    const path = proofs.length > 1 ? `proof[${index}]` : 'proof';
    if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) {
      problems.push(`${path} must be an object`);
    } else if (
      typeof (proof as { type?: unknown }).type !== 'string' ||
      (proof as { type: string }).type === ''
    ) {
      problems.push(`${path} has no type`);
    }
  }
  if (problems.length > 0) {
    throw new AppError('CREDENTIAL_NOT_SIGNABLE', `The credential cannot be signed: ${problems.join('; ')}`);
  }

  const documentLoader = options.documentLoader ?? defaultDocumentLoader;
  const contexts = credential['@context'];
  for (const entry of Array.isArray(contexts) ? contexts : [contexts]) {
    if (typeof entry === 'string') {
      await documentLoader(entry); // CONTEXT_UNKNOWN
    }
  }
  try {
    // What will be signed: a VCDM 1.1 credential gets the Data Integrity context, as when signing.
    await jsonld.expand(withProofContext(credential), { documentLoader, safe: true, base: null });
  } catch (error) {
    throw toJsonLdAppError(error);
  }
}
