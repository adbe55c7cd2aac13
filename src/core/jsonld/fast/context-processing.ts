/**
 * JSON-LD 1.1 context processing (the subset credential contexts use), written to decide exactly what
 * jsonld.js decides: term definitions, keyword aliases, @vocab, @protected with its redefinition check,
 * @propagate, type- and property-scoped contexts, and the eager validation of every scoped context.
 * Anything else (@base, @language, @direction, @import, @reverse, @nest, @index, @prefix, @type/@id/@index
 * containers, relative or string-valued scoped contexts, anything jsonld.js would warn about in safe mode)
 * throws Unsupported, and the document takes the general path.
 * @see https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm
 */
import { ActiveContext, sameDefinition, type TermDefinition } from './active-context.js';
import { isAbsoluteIri, isKeyword, isPlainObject, KEYWORD_FORM } from './iri.js';
import { unsupported } from './unsupported.js';

/** Where remote contexts come from: returns a loaded document's @context value, or throws NeedsContext. */
export type ContextSource = (url: string) => unknown;

/** jsonld.js refuses more than this many context URLs in one resolution. */
const MAX_CONTEXT_URLS = 10;

const TERM_KEYS = new Set(['@container', '@id', '@type', '@context', '@protected']);
const UNSUPPORTED_TERM_KEYS = new Set(['@language', '@reverse', '@direction', '@index', '@nest', '@prefix']);
const CONTAINERS = new Set(['@list', '@set', '@graph', '@language']);
const ENDS_LIKE_PREFIX = /[:/?#[\]@]$/;
const LOOKS_LIKE_IRI = /(?::[^:])|\//;

/** Flattens a local context into context objects (and nulls), loading URLs through the source. */
function resolveContexts(
  local: unknown,
  source: ContextSource,
  out: (Record<string, unknown> | null)[],
  ancestors: string[],
  fetched: Set<string>,
): void {
  for (const entry of Array.isArray(local) ? local : [local]) {
    if (typeof entry === 'string') {
      if (!isAbsoluteIri(entry) || ancestors.includes(entry)) {
        unsupported(`context URL ${entry}`);
      }
      fetched.add(entry);
      if (fetched.size > MAX_CONTEXT_URLS) {
        unsupported('too many context URLs');
      }
      resolveContexts(source(entry), source, out, [...ancestors, entry], fetched);
    } else if (entry === null) {
      out.push(null);
    } else if (isPlainObject(entry) && !('@context' in entry)) {
      out.push(entry);
    } else {
      unsupported('a local context that is not a URL, null or a context object');
    }
  }
}

/**
 * Applies a local context to an active context and returns the new one (jsonld.js `api.process`).
 * `propagate: false` is how type-scoped contexts apply; `overrideProtected` how property-scoped ones do.
 */
export function processContext(
  active: ActiveContext,
  local: unknown,
  propagate: boolean,
  overrideProtected: boolean,
  source: ContextSource,
): ActiveContext {
  const resolved: (Record<string, unknown> | null)[] = [];
  resolveContexts(local, source, resolved, [], new Set());
  if (resolved.length === 0) {
    if (Array.isArray(local) && local.length === 0) {
      return active;
    }
    unsupported('a context that resolves to nothing');
  }
  const first = resolved[0];
  if (first && typeof first['@propagate'] === 'boolean') {
    propagate = first['@propagate'];
  }
  let result = active;
  if (!propagate && !result.previous) {
    result = result.clone();
    result.previous = active;
  }
  for (const context of resolved) {
    if (context === null) {
      if (!overrideProtected && result.hasProtected) {
        unsupported('nullifying a context with protected terms');
      }
      result = new ActiveContext();
      continue;
    }
    result = result.clone();
    defineTerms(result, context, overrideProtected, source);
  }
  return result;
}

function defineTerms(
  result: ActiveContext,
  context: Record<string, unknown>,
  overrideProtected: boolean,
  source: ContextSource,
): void {
  const defined = new Map<string, boolean>();
  for (const key of ['@base', '@language', '@direction', '@import']) {
    if (key in context) {
      unsupported(`${key} in a context`);
    }
  }
  if ('@version' in context) {
    if (context['@version'] !== 1.1) {
      unsupported('@version other than 1.1');
    }
    defined.set('@version', true);
  }
  if ('@vocab' in context) {
    const vocab = context['@vocab'];
    if (vocab === null) {
      result.vocab = undefined;
    } else if (typeof vocab === 'string') {
      const iri = expandDuringDefinition(result, vocab, true, undefined, defined);
      if (iri === null || !isAbsoluteIri(iri)) {
        unsupported('a relative @vocab');
      }
      result.vocab = iri;
    } else {
      unsupported('an invalid @vocab');
    }
    defined.set('@vocab', true);
  }
  if ('@propagate' in context) {
    if (typeof context['@propagate'] !== 'boolean') {
      unsupported('an invalid @propagate');
    }
    defined.set('@propagate', true);
  }
  if ('@protected' in context && context['@protected'] !== true) {
    // jsonld.js reports "@protected": false as a cyclic definition; leave such contexts to it.
    unsupported('@protected other than true');
  }
  defined.set('@protected', context['@protected'] === true);
  for (const term of Object.keys(context)) {
    if (term === '@protected') {
      continue;
    }
    if (term === '__proto__') {
      unsupported('a __proto__ term'); // jsonld.js keeps its term definitions in plain objects
    }
    createTermDefinition(result, context, term, defined, overrideProtected);
    const value = context[term];
    if (isPlainObject(value) && '@context' in value) {
      // jsonld.js validates every scoped context when the term is defined, failing the whole context if
      // one is invalid; the result is discarded.
      if (typeof value['@context'] === 'string') {
        unsupported('a scoped context given by URL');
      }
      processContext(result.clone(), value['@context'], true, true, source);
    }
  }
}

/** IRI expansion while a local context is being defined: dependencies are defined first, on demand. */
function expandDuringDefinition(
  active: ActiveContext,
  value: string,
  vocab: boolean,
  local: Record<string, unknown> | undefined,
  defined: Map<string, boolean>,
): string | null {
  if (isKeyword(value)) {
    return value;
  }
  if (KEYWORD_FORM.test(value)) {
    return null;
  }
  if (local && Object.hasOwn(local, value) && defined.get(value) !== true) {
    createTermDefinition(active, local, value, defined, false);
  }
  if (vocab) {
    const definition = active.terms.get(value);
    if (definition) {
      return definition.id;
    }
  }
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    if (prefix === '_' || suffix.startsWith('//')) {
      return value;
    }
    if (local && Object.hasOwn(local, prefix)) {
      createTermDefinition(active, local, prefix, defined, false);
    }
    const definition = active.terms.get(prefix);
    if (definition?.prefix) {
      return `${definition.id}${suffix}`;
    }
    if (isAbsoluteIri(value)) {
      return value;
    }
  }
  if (vocab && active.vocab !== undefined) {
    return active.vocab + value;
  }
  return value;
}

/** jsonld.js `createTermDefinition`, for the definition keys credential contexts use. */
function createTermDefinition(
  active: ActiveContext,
  local: Record<string, unknown>,
  term: string,
  defined: Map<string, boolean>,
  overrideProtected: boolean,
): void {
  if (defined.has(term)) {
    if (defined.get(term)) {
      return;
    }
    unsupported(`a cyclic definition of ${term}`);
  }
  defined.set(term, false);
  if (term === '' || isKeyword(term) || KEYWORD_FORM.test(term)) {
    unsupported(`the term ${JSON.stringify(term)}`);
  }
  const previous = active.terms.get(term);
  active.terms.delete(term);

  let value = Object.hasOwn(local, term) ? local[term] : undefined;
  const simpleTerm = typeof value === 'string' || value === null;
  if (simpleTerm) {
    value = { '@id': value };
  }
  if (!isPlainObject(value)) {
    unsupported(`the definition of ${term}`);
  }
  for (const key of Object.keys(value)) {
    if (!TERM_KEYS.has(key)) {
      unsupported(UNSUPPORTED_TERM_KEYS.has(key) ? `${key} in a term definition` : `the key ${key}`);
    }
  }

  const colon = term.indexOf(':');
  const termHasColon = colon > 0;
  let id: string | null | undefined;
  let prefix: boolean | undefined;
  if ('@id' in value) {
    const raw = value['@id'];
    if (raw === null) {
      id = null;
    } else if (typeof raw !== 'string') {
      unsupported(`the @id of ${term}`);
    } else if (!isKeyword(raw) && KEYWORD_FORM.test(raw)) {
      unsupported(`the reserved @id ${raw}`);
    } else if (raw !== term) {
      const iri = expandDuringDefinition(active, raw, true, local, defined);
      if (iri === null || (!isAbsoluteIri(iri) && !isKeyword(iri))) {
        unsupported(`the @id of ${term}`);
      }
      if (LOOKS_LIKE_IRI.test(term)) {
        const termDefined = new Map(defined).set(term, true);
        if (expandDuringDefinition(active, term, true, local, termDefined) !== iri) {
          unsupported(`the IRI-like term ${term}`);
        }
      }
      id = iri;
      prefix = simpleTerm && !termHasColon && ENDS_LIKE_PREFIX.test(iri);
    }
  }
  if (id === undefined) {
    if (termHasColon) {
      const prefixTerm = term.slice(0, colon);
      if (Object.hasOwn(local, prefixTerm)) {
        createTermDefinition(active, local, prefixTerm, defined, false);
      }
      const parent = active.terms.get(prefixTerm);
      if (parent) {
        if (parent.id === null) {
          unsupported(`the prefix of ${term}`);
        }
        id = parent.id + term.slice(colon + 1);
      } else {
        id = term;
      }
    } else {
      if (active.vocab === undefined) {
        unsupported(`${term} has no @id`);
      }
      id = active.vocab + term;
    }
  }

  let isProtected =
    value['@protected'] === true || (defined.get('@protected') === true && value['@protected'] !== false);
  if (isProtected) {
    active.hasProtected = true;
  }
  defined.set(term, true);
  // jsonld.js holds the half-built definition in the context from here on, so a @type that names the
  // term itself resolves to its @id; a provisional entry does the same.
  active.terms.set(term, {
    id,
    termHasColon,
    prefix,
    protected: isProtected,
    type: undefined,
    container: undefined,
    hasContext: false,
    context: undefined,
    isList: false,
    isGraph: false,
    isLanguage: false,
  });

  let type: string | undefined;
  if ('@type' in value) {
    const raw = value['@type'];
    if (typeof raw !== 'string') {
      unsupported(`the @type of ${term}`);
    }
    if (raw === '@json' || raw === '@none' || raw === '@id' || raw === '@vocab') {
      type = raw;
    } else {
      const iri = expandDuringDefinition(active, raw, true, local, defined);
      if (iri === null || !isAbsoluteIri(iri) || iri.startsWith('_:')) {
        unsupported(`the @type of ${term}`);
      }
      type = iri;
    }
  }

  let container: string[] | undefined;
  if ('@container' in value) {
    const raw = value['@container'];
    container = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? [...raw] : unsupported('@container');
    if (!container.every((entry) => typeof entry === 'string' && CONTAINERS.has(entry))) {
      unsupported(`the @container of ${term}`);
    }
    const hasSet = container.includes('@set');
    const valid = container.includes('@list')
      ? container.length === 1
      : container.includes('@graph')
        ? container.every((entry) => entry === '@graph' || entry === '@set')
        : container.length <= (hasSet ? 2 : 1);
    if (!valid) {
      unsupported(`the @container of ${term}`);
    }
  }

  const hasContext = '@context' in value;
  if (id === '@context' || id === '@preserve') {
    unsupported(`aliasing ${id}`);
  }
  if (previous?.protected && !overrideProtected) {
    // jsonld.js forces the new definition to stay protected and then requires it to equal the old one.
    isProtected = true;
    active.hasProtected = true;
  }
  const definition: TermDefinition = {
    id,
    termHasColon,
    prefix,
    protected: isProtected,
    type,
    container,
    hasContext,
    context: hasContext ? value['@context'] : undefined,
    isList: container?.includes('@list') ?? false,
    isGraph: container?.includes('@graph') ?? false,
    isLanguage: container?.includes('@language') ?? false,
  };
  if (previous?.protected && !overrideProtected && !sameDefinition(previous, definition)) {
    unsupported(`a redefinition of the protected term ${term}`);
  }
  active.terms.set(term, definition);
}
