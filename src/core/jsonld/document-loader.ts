/**
 * The offline JSON-LD document loader: bundled contexts only, plus documents the caller supplies
 * (DID documents, controller documents). Any other URL is refused with CONTEXT_UNKNOWN — never fetched.
 */
import { AppError } from '../../errors.js';
import { BUNDLED_CONTEXTS } from './contexts.js';

export type RemoteDocument = { contextUrl: null; documentUrl: string; document: unknown };
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export type DocumentLoaderOptions = {
  /** Extra documents by URL, e.g. a test context or a resolved DID document. */
  documents?: ReadonlyMap<string, unknown> | Record<string, unknown>;
};

/** Returns the bundled context for a URL (exact match), or undefined. */
export function findBundledContext(url: string): unknown {
  return BUNDLED_CONTEXTS.get(url);
}

/**
 * @example
 *   const documentLoader = createDocumentLoader();
 *   await jsonld.canonize(credential, { documentLoader });
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra =
    options.documents instanceof Map
      ? options.documents
      : new Map(Object.entries((options.documents as Record<string, unknown> | undefined) ?? {}));
  return async (url: string) => {
    const document = BUNDLED_CONTEXTS.get(url) ?? extra.get(url);
    if (document === undefined) {
      throw new AppError(
        'CONTEXT_UNKNOWN',
        `The JSON-LD context ${JSON.stringify(url)} is not one Cairn knows; Cairn never fetches contexts from the network.`,
      );
    }
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The default loader: bundled contexts only. */
export const defaultDocumentLoader: DocumentLoader = createDocumentLoader();
