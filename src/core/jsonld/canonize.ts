/**
 * RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document, in JSON-LD safe mode: a term or type
 * that no context defines is an error, never silently dropped (it would otherwise escape the signature).
 * This is the general path; fast-canonize.ts handles the common credential shapes much faster and
 * falls back here for anything it cannot prove it handles.
 * @see https://www.w3.org/TR/rdf-canon/
 */
import jsonld from 'jsonld';
import { type DocumentLoader, defaultDocumentLoader } from './document-loader.js';
import { toJsonLdAppError } from './jsonld-errors.js';

/** Canonical N-Quads of a JSON-LD document; every line ends with "\n". */
export type Canonizer = (document: object) => Promise<string>;

/** Throws AppError CONTEXT_UNKNOWN, JSONLD_UNDEFINED_TERM or JSONLD_ERROR. */
export async function canonizeRdfc(
  document: object,
  documentLoader: DocumentLoader = defaultDocumentLoader,
): Promise<string> {
  try {
    return await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      safe: true,
      base: null,
      // A language value's base direction (`@direction`, e.g. a right-to-left name) becomes an
      // i18n-datatype literal instead of being dropped (an error in safe mode): what the eddsa-rdfc-2022
      // implementations do, and what VCDM 2.0 language values need.
      rdfDirection: 'i18n-datatype',
      documentLoader,
    });
  } catch (error) {
    throw toJsonLdAppError(error);
  }
}

export function createRdfcCanonizer(documentLoader: DocumentLoader = defaultDocumentLoader): Canonizer {
  return (document) => canonizeRdfc(document, documentLoader);
}
