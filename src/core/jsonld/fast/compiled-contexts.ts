/**
 * The contexts one document loader serves, compiled on first use and kept: the remote context documents
 * it returned, and every active context derived from them (per parent context, local context and mode).
 * Loading is asynchronous and compiling is not, so compiling throws NeedsContext for a URL not loaded
 * yet; the caller loads it and starts over.
 */
import type { DocumentLoader } from '../document-loader.js';
import {
  ActiveContext,
  DERIVE_PROPERTY_SCOPED,
  DERIVE_TYPE_SCOPED,
  type DeriveMode,
} from './active-context.js';
import { processContext } from './context-processing.js';
import { isPlainObject } from './iri.js';
import { NeedsContext, unsupported } from './unsupported.js';

/** Enough for every combination of contexts real credentials use; past it, contexts are not cached. */
const MAX_CACHED_CONTEXTS = 5000;

export class CompiledContexts {
  private readonly remote = new Map<string, unknown>();
  private readonly unloadable = new Set<string>();
  private cached = 0;
  /** This loader's own empty context: derived contexts are cached on it, so loaders never share them. */
  readonly initial = new ActiveContext();

  constructor(private readonly documentLoader: DocumentLoader) {}

  /** The @context of a loaded context document (jsonld.js: an object without one counts as {}). */
  readonly source = (url: string): unknown => {
    if (this.remote.has(url)) {
      return this.remote.get(url);
    }
    if (this.unloadable.has(url)) {
      unsupported(`the context ${url} cannot be loaded`);
    }
    throw new NeedsContext(url);
  };

  async load(url: string): Promise<void> {
    try {
      const loaded = await this.documentLoader(url);
      const document = typeof loaded.document === 'string' ? JSON.parse(loaded.document) : loaded.document;
      if (!isPlainObject(document) || loaded.contextUrl) {
        this.unloadable.add(url);
        return;
      }
      this.remote.set(url, '@context' in document ? document['@context'] : {});
    } catch {
      // The general path reports the loader's own error.
      this.unloadable.add(url);
    }
  }

  readonly derive = (active: ActiveContext, local: unknown, mode: DeriveMode): ActiveContext => {
    const key =
      typeof local === 'string'
        ? local
        : Array.isArray(local) && local.every((entry) => typeof entry === 'string')
          ? `\u0000${local.join('\u0000')}`
          : local;
    const cache = active.derived[mode];
    let context = cache.get(key);
    if (!context) {
      context = processContext(
        active,
        local,
        mode !== DERIVE_TYPE_SCOPED,
        mode === DERIVE_PROPERTY_SCOPED,
        this.source,
      );
      if (this.cached < MAX_CACHED_CONTEXTS) {
        this.cached++;
        cache.set(key, context);
      }
    }
    return context;
  };
}
