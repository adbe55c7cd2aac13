/**
 * A compiled JSON-LD active context: term → definition tables, built once per distinct context and never
 * changed afterwards, so the credential walk only does map lookups. The fields mirror jsonld.js's term
 * definitions one for one, because protected-term checks compare whole definitions.
 */
import { isAbsoluteIri, isKeyword, isNamedNodeIri, KEYWORD_FORM } from './iri.js';
import { iriTerm } from './nquads.js';

export type TermDefinition = {
  /** Expanded IRI or keyword; null for a term explicitly mapped to nothing. */
  readonly id: string | null;
  readonly termHasColon: boolean;
  /** Whether the term may serve as a compact-IRI prefix; undefined where jsonld.js leaves it unset. */
  readonly prefix: boolean | undefined;
  readonly protected: boolean;
  /** Type coercion: '@id', '@vocab', '@json', '@none' or a datatype IRI. */
  readonly type: string | undefined;
  /** The normalized @container array, undefined when the definition has none. */
  readonly container: readonly string[] | undefined;
  readonly hasContext: boolean;
  /** The scoped context exactly as written (compared, never copied). */
  readonly context: unknown;
  readonly isList: boolean;
  readonly isGraph: boolean;
  readonly isLanguage: boolean;
};

/** Derivation modes, each with its own cache: how a scoped or embedded context is applied. */
export const DERIVE_NORMAL = 0;
export const DERIVE_TYPE_SCOPED = 1;
export const DERIVE_PROPERTY_SCOPED = 2;
export type DeriveMode = 0 | 1 | 2;

const MAX_MEMOIZED_KEYS = 2000;

export class ActiveContext {
  readonly terms: Map<string, TermDefinition>;
  vocab: string | undefined;
  /** The context a type-scoped context replaced; node objects below revert to it. */
  previous: ActiveContext | undefined;
  /** Sticky, as in jsonld.js: once a protected term was defined, nullification is refused. */
  hasProtected: boolean;
  /** Contexts derived from this one, per mode, by local context (object identity or URL-list key). */
  readonly derived: [Map<unknown, ActiveContext>, Map<unknown, ActiveContext>, Map<unknown, ActiveContext>] =
    [new Map(), new Map(), new Map()];
  private readonly vocabIris = new Map<string, string | null>();
  private readonly vocabTerms = new Map<string, string | null>();

  constructor(
    terms: Map<string, TermDefinition> = new Map(),
    vocab: string | undefined = undefined,
    previous: ActiveContext | undefined = undefined,
    hasProtected = false,
  ) {
    this.terms = terms;
    this.vocab = vocab;
    this.previous = previous;
    this.hasProtected = hasProtected;
  }

  clone(): ActiveContext {
    return new ActiveContext(new Map(this.terms), this.vocab, this.previous, this.hasProtected);
  }

  /** A property name or type expanded against the vocabulary (terms, compact IRIs, @vocab); memoized. */
  expandVocab(value: string): string | null {
    let iri = this.vocabIris.get(value);
    if (iri === undefined) {
      iri = expandIri(this, value, true);
      // Keys come from documents; a bound keeps a stream of odd keys from growing the memo forever.
      if (this.vocabIris.size < MAX_MEMOIZED_KEYS) {
        this.vocabIris.set(value, iri);
      }
    }
    return iri;
  }

  /**
   * The N-Quads term (`<iri>`) of a property or type, or null when it does not expand to an IRI an RDF
   * quad can carry (a keyword, a relative IRI, a blank node). Memoized: predicates and types repeat.
   */
  vocabTerm(value: string): string | null {
    let term = this.vocabTerms.get(value);
    if (term === undefined) {
      const iri = this.expandVocab(value);
      term = iri !== null && isNamedNodeIri(iri) ? iriTerm(iri) : null;
      if (this.vocabTerms.size < MAX_MEMOIZED_KEYS) {
        this.vocabTerms.set(value, term);
      }
    }
    return term;
  }
}

/**
 * IRI expansion of a finished context (jsonld.js `_expandIri` without a local context). The base IRI is
 * always null for canonicalization, so a relative reference stays relative (and the caller refuses it).
 */
export function expandIri(context: ActiveContext, value: string, vocab: boolean): string | null {
  if (isKeyword(value)) {
    return value;
  }
  if (KEYWORD_FORM.test(value)) {
    return null;
  }
  if (vocab) {
    const definition = context.terms.get(value);
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
    const definition = context.terms.get(prefix);
    if (definition?.prefix) {
      return `${definition.id}${suffix}`;
    }
    if (isAbsoluteIri(value)) {
      return value;
    }
  }
  if (vocab && context.vocab !== undefined) {
    return context.vocab + value;
  }
  return value;
}

/** jsonld.js `_deepCompare`: structural equality where @container arrays compare in any order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return a === b;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) {
    return false;
  }
  for (const key of keys) {
    let left = x[key];
    let right = y[key];
    if (key === '@container' && Array.isArray(left) && Array.isArray(right)) {
      left = [...left].sort();
      right = [...right].sort();
    }
    if (!deepEqual(left, right)) {
      return false;
    }
  }
  return true;
}

function sameContainer(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) {
    return a === b;
  }
  return deepEqual([...a].sort(), [...b].sort());
}

/** Whether jsonld.js would find two term definitions equal (the protected-term redefinition check). */
export function sameDefinition(a: TermDefinition, b: TermDefinition): boolean {
  return (
    a.id === b.id &&
    a.termHasColon === b.termHasColon &&
    a.prefix === b.prefix &&
    a.protected === b.protected &&
    a.type === b.type &&
    sameContainer(a.container, b.container) &&
    a.hasContext === b.hasContext &&
    (!a.hasContext || deepEqual(a.context, b.context))
  );
}
