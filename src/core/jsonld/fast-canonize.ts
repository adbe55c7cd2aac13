/**
 * The fast RDFC-1.0 canonicalizer: the same canonical N-Quads as `canonizeRdfc` (jsonld.js in safe mode,
 * then rdf-canonize), byte for byte, several times faster for the documents Cairn signs and verifies.
 *
 * Contexts are compiled once per document loader into term tables (fast/compiled-contexts.ts); the JSON
 * is walked straight into quads (fast/to-quads.ts); blank nodes with distinct first-degree hashes are
 * labelled directly (fast/rdfc.ts). Where blank nodes are structurally alike, the dataset goes to
 * rdf-canonize's full algorithm. Where the document uses anything the fast path does not provably handle
 * as jsonld.js does — an inline context, an unknown term, a keyword it does not implement, a value jsonld.js
 * would reject or warn about — the whole document goes to `canonizeRdfc`, which also raises the errors.
 * Pure and isomorphic: no Node built-ins.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { canonize as rdfCanonize } from 'rdf-canonize';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import { type Canonizer, canonizeRdfc } from './canonize.js';
import { type DocumentLoader, defaultDocumentLoader } from './document-loader.js';
import { CompiledContexts } from './fast/compiled-contexts.js';
import { isPlainObject } from './fast/iri.js';
import { DiscardingQuadWriter, type QuadWriter } from './fast/quad-writer.js';
import { canonicalizeDataset, toNQuads } from './fast/rdfc.js';
import { documentQuads } from './fast/to-quads.js';
import { NeedsContext } from './fast/unsupported.js';

export type FastCanonizeStats = {
  /** Documents canonicalized entirely on the fast path. */
  fast: number;
  /** Documents whose quads the fast path built but whose blank nodes needed rdf-canonize's N-degree hashing. */
  nDegree: number;
  /** Documents handed to the general JSON-LD path. */
  fallback: number;
  /** Why the last document went to the general path. */
  lastFallbackReason: string | undefined;
};

export type FastCanonizer = Canonizer & {
  readonly stats: FastCanonizeStats;
  /**
   * True when the fast path shows that JSON-LD safe-mode expansion of the document succeeds (its walk
   * completes only where jsonld.js would expand without error or warning); false when it cannot tell, and
   * the caller must expand with jsonld.js to know.
   */
  readonly provesSafeExpansion: (document: object) => Promise<boolean>;
};

export type FastCanonizerOptions = {
  /**
   * SHA-256 of a string's UTF-8 bytes as hex, for the blank node hashes: a crypto backend's `sha256Hex`.
   * Defaults to @noble/hashes; Node's one-shot hash is about four times faster.
   */
  sha256Hex?: (text: string) => string;
};

/** Compiled contexts live as long as their loader: one compilation serves every canonizer built on it. */
const compiledByLoader = new WeakMap<DocumentLoader, CompiledContexts>();

function compiledContextsOf(documentLoader: DocumentLoader): CompiledContexts {
  let compiled = compiledByLoader.get(documentLoader);
  if (!compiled) {
    compiled = new CompiledContexts(documentLoader);
    compiledByLoader.set(documentLoader, compiled);
  }
  return compiled;
}

/** Each missing context costs one round; a document naming more than this many goes the general way. */
const MAX_LOAD_ROUNDS = 16;

/**
 * @example
 *   const canonize = createFastCanonizer(documentLoader, { sha256Hex: crypto.sha256Hex });
 *   const nquads = await canonize(credential); // === await canonizeRdfc(credential, documentLoader)
 */
export function createFastCanonizer(
  documentLoader: DocumentLoader = defaultDocumentLoader,
  options: FastCanonizerOptions = {},
): FastCanonizer {
  const compiled = compiledContextsOf(documentLoader);
  const hashHex = options.sha256Hex ?? ((text: string) => toHex(nobleSha256(utf8Encode(text))));
  const stats: FastCanonizeStats = { fast: 0, nDegree: 0, fallback: 0, lastFallbackReason: undefined };

  const general = (document: object, reason: string): Promise<string> => {
    stats.fallback++;
    stats.lastFallbackReason = reason;
    return canonizeRdfc(document, documentLoader);
  };

  /** The document's quads, or the reason the fast path declines it. */
  const quadsOf = async (document: object, out?: QuadWriter): Promise<QuadWriter | string> => {
    if (!isPlainObject(document)) {
      return 'the document is not a JSON object';
    }
    for (let round = 0; ; round++) {
      try {
        return documentQuads(document, compiled.initial, compiled.derive, out);
      } catch (error) {
        if (error instanceof NeedsContext && round < MAX_LOAD_ROUNDS) {
          await compiled.load(error.url);
          continue;
        }
        // Unsupported, or anything unexpected: correctness first, the general path decides.
        return error instanceof Error ? error.message : String(error);
      }
    }
  };

  const canonize = async (document: object): Promise<string> => {
    const writer = await quadsOf(document);
    if (typeof writer === 'string') {
      return general(document, writer);
    }
    const canonical = canonicalizeDataset(writer.quads, writer.blankNodes, hashHex);
    if (canonical !== undefined) {
      stats.fast++;
      return canonical;
    }
    stats.nDegree++;
    try {
      return await rdfCanonize(toNQuads(writer.quads), {
        algorithm: 'RDFC-1.0',
        inputFormat: 'application/n-quads',
      });
    } catch (error) {
      // rdf-canonize limits its N-degree work; the general path raises the same limit the same way.
      return general(document, `rdf-canonize: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // Duplicate values never stop an expansion, so this walk keeps no quads and skips that check.
  const provesSafeExpansion = async (document: object) =>
    typeof (await quadsOf(document, new DiscardingQuadWriter())) !== 'string';
  return Object.assign(canonize, { stats, provesSafeExpansion });
}
