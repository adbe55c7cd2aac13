/**
 * JSON-LD document → RDF quads in one walk over the JSON, deciding at every step what jsonld.js's expansion
 * (safe mode, base null) followed by toRDF decides: which context applies (property-scoped, type-scoped and
 * their reverting to the previous context), how each value is coerced, which blank nodes exist, which
 * values form lists or named graphs. It builds no expanded document and no node map.
 * Whatever jsonld.js would reject, warn about in safe mode or treat in a way not written here throws
 * Unsupported, so the general path takes the document.
 * @see https://www.w3.org/TR/json-ld11-api/#expansion-algorithm
 * @see https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm
 */
import { canonicalizeJcs } from '../jcs.js';
import {
  type ActiveContext,
  DERIVE_NORMAL,
  DERIVE_PROPERTY_SCOPED,
  DERIVE_TYPE_SCOPED,
  type DeriveMode,
  expandIri,
} from './active-context.js';
import { BCP47, isNamedNodeIri, isPlainObject } from './iri.js';
import {
  iriTerm,
  literalTerm,
  RDF_FIRST,
  RDF_JSON,
  RDF_NIL,
  RDF_REST,
  RDF_TYPE,
  scalarLiteral,
} from './nquads.js';
import { QuadWriter, SAME_REFERENCE, SAME_TYPE, type Term } from './quad-writer.js';
import { unsupported } from './unsupported.js';

export type ContextDeriver = (active: ActiveContext, local: unknown, mode: DeriveMode) => ActiveContext;

/** Where a node object sits: jsonld.js drops (and safe mode rejects) some objects at the top or in a graph. */
const AT_TOP = 0;
const IN_GRAPH = 1;
const AS_VALUE = 2;
type Position = 0 | 1 | 2;

const TYPE_PREDICATE = iriTerm(RDF_TYPE);
const FIRST_PREDICATE = iriTerm(RDF_FIRST);
const REST_PREDICATE = iriTerm(RDF_REST);
const NIL = iriTerm(RDF_NIL);

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A literal's identity as jsonld.js compares values: the JSON value with its type, datatype and language. */
function literalIdentity(value: Scalar, datatype: string | undefined, language: string | undefined): string {
  return `${typeof value}\u0000${String(value)}\u0000${datatype ?? ''}\u0000${language ?? ''}`;
}

/** An IRI a value or @id expands to, refused unless it is absolute and not a blank node identifier. */
function namedNode(iri: string | null): string {
  if (iri === null || !isNamedNodeIri(iri)) {
    unsupported(`the IRI ${String(iri)}`);
  }
  return iri;
}

class Walk {
  private jsonLiterals = 0;

  constructor(
    private readonly derive: ContextDeriver,
    readonly out: QuadWriter,
  ) {}

  /**
   * A node object or a value object. Returns the term that stands for it in its parent's quad and the
   * identity jsonld.js compares it by ('' for a new blank node).
   */
  object(
    termContext: ActiveContext,
    property: string | null,
    element: Record<string, unknown>,
    graph: Term | undefined,
    position: Position,
  ): [Term, string] {
    const keys = Object.keys(element);
    // jsonld.js builds its expanded objects as plain objects, where a `__proto__` key sets the prototype
    // instead of a property: the key vanishes. Rather than imitate that, leave such documents to it.
    if (keys.includes('__proto__')) {
      unsupported('a __proto__ key');
    }
    // Revert a type-scoped context, except for value objects and bare references (jsonld.js expand()).
    let context = termContext;
    let revert = true;
    if (termContext.previous && keys.length <= 2 && !keys.includes('@context')) {
      for (const key of keys) {
        const expanded = termContext.expandVocab(key);
        if (expanded === '@value') {
          revert = false;
          break;
        }
        if (expanded === '@id' && keys.length === 1) {
          revert = false;
          break;
        }
      }
    }
    if (revert && context.previous) {
      context = context.previous;
    }
    const definition = property === null ? undefined : termContext.terms.get(property);
    if (definition?.hasContext) {
      context = this.derive(context, definition.context, DERIVE_PROPERTY_SCOPED);
    }
    if ('@context' in element) {
      const local = element['@context'];
      if (
        !(typeof local === 'string' || (Array.isArray(local) && local.every((x) => typeof x === 'string')))
      ) {
        unsupported('an embedded @context that is not a list of URLs');
      }
      context = this.derive(context, local, DERIVE_NORMAL);
    }
    const typeScoped = context;

    let typeKey: string | undefined;
    let types: string[] = [];
    for (const key of keys) {
      if (typeScoped.expandVocab(key) === '@type') {
        if (typeKey !== undefined) {
          unsupported('two keys for @type');
        }
        typeKey = key;
        const value = element[key];
        if (typeof value === 'string') {
          types = [value];
        } else if (Array.isArray(value) && value.every((type) => typeof type === 'string')) {
          types = value;
        } else {
          unsupported('a @type that is not a string or a list of strings');
        }
        // Type-scoped contexts apply in the lexical order of the types as written.
        for (const type of types.length > 1 ? [...types].sort() : types) {
          const typeDefinition = typeScoped.terms.get(type);
          if (typeDefinition?.hasContext) {
            context = this.derive(context, typeDefinition.context, DERIVE_TYPE_SCOPED);
          }
        }
      }
    }
    for (const key of keys) {
      if (context.expandVocab(key) === '@value') {
        return this.valueObject(context, typeScoped, element, keys, position);
      }
    }
    if (typeKey !== undefined && types.length > 0 && context.expandVocab(types[0] as string) === '@json') {
      unsupported('a node typed @json');
    }
    const subject = this.nodeObject(context, typeScoped, element, keys, typeKey, types, graph, position);
    return [subject, typeof subject === 'number' ? '' : SAME_REFERENCE];
  }

  private valueObject(
    context: ActiveContext,
    typeScoped: ActiveContext,
    element: Record<string, unknown>,
    keys: string[],
    position: Position,
  ): [string, string] {
    if (position !== AS_VALUE) {
      unsupported('a value object at the top or in a graph');
    }
    let value: unknown;
    let datatype: string | undefined;
    let language: string | undefined;
    const seen = new Set<string | null>();
    for (const key of keys) {
      const expanded = key === '@context' ? null : context.expandVocab(key);
      if (seen.has(expanded)) {
        unsupported('colliding keywords');
      }
      seen.add(expanded);
      const raw = element[key];
      if (expanded === '@value') {
        value = raw;
      } else if (expanded === '@language' && typeof raw === 'string' && BCP47.test(raw)) {
        language = raw.toLowerCase();
      } else if (expanded === '@type' && typeof raw === 'string') {
        const iri = expandIri(typeScoped, raw, true);
        if (iri === '@json' || context.expandVocab(raw) === '@json') {
          unsupported('a @json value object');
        }
        datatype = namedNode(iri);
      } else {
        unsupported(`${key} in a value object`);
      }
    }
    if (!isScalar(value) || (datatype !== undefined && language !== undefined)) {
      unsupported('a value object jsonld.js rejects or drops');
    }
    if (language !== undefined && typeof value !== 'string') {
      unsupported('a language-tagged non-string');
    }
    return [scalarLiteral(value, datatype, language), literalIdentity(value, datatype, language)];
  }

  private nodeObject(
    context: ActiveContext,
    typeScoped: ActiveContext,
    element: Record<string, unknown>,
    keys: string[],
    typeKey: string | undefined,
    types: string[],
    graph: Term | undefined,
    position: Position,
  ): Term {
    let id: string | undefined;
    let idKey: string | undefined;
    for (const key of keys) {
      if (key !== typeKey && key !== '@context' && context.expandVocab(key) === '@id') {
        const value = element[key];
        if (idKey !== undefined || typeof value !== 'string') {
          unsupported('an @id that is not one string');
        }
        idKey = key;
        id = iriTerm(namedNode(expandIri(context, value, false)));
      }
    }
    const subject: Term = id ?? this.out.newBlankNode();
    let count = id === undefined ? 0 : 1;
    if (typeKey !== undefined) {
      count++;
      for (const type of types) {
        const term = typeScoped.vocabTerm(type) ?? unsupported(`the type ${type}`);
        this.out.add(subject, TYPE_PREDICATE, term, graph, SAME_TYPE);
      }
    }
    for (const key of keys) {
      if (key === typeKey || key === idKey || key === '@context') {
        continue;
      }
      const predicate = context.vocabTerm(key) ?? unsupported(`the property ${key}`);
      if (this.property(context, key, predicate, element[key], subject, graph)) {
        count++;
      }
    }
    if (position !== AS_VALUE && (count === 0 || (count === 1 && id !== undefined))) {
      unsupported('a node object jsonld.js drops');
    }
    return subject;
  }

  /** The quads of one property; returns whether jsonld.js keeps the property (for its drop rules). */
  private property(
    context: ActiveContext,
    key: string,
    predicate: string,
    value: unknown,
    subject: Term,
    graph: Term | undefined,
  ): boolean {
    const definition = context.terms.get(key);
    if (definition?.type === '@json' && !(definition.isLanguage && isPlainObject(value))) {
      // jsonld.js keeps even a null here: it becomes the JSON literal "null".
      if (value === undefined || definition.isList || definition.isGraph) {
        unsupported('a @json term with a container, or undefined');
      }
      const literal = literalTerm(canonicalizeJcs(value), RDF_JSON);
      this.out.add(subject, predicate, literal, graph, `json${this.jsonLiterals++}`);
      return true;
    }
    if (value === null || value === undefined) {
      return false;
    }
    const termContext = definition?.hasContext
      ? this.derive(context, definition.context, DERIVE_PROPERTY_SCOPED)
      : context;
    if (definition?.isLanguage && isPlainObject(value)) {
      this.languageMap(termContext, value, subject, predicate, graph);
      return true;
    }
    if (definition?.isList) {
      this.list(termContext, key, value, subject, predicate, graph);
      return true;
    }
    if (definition?.isGraph) {
      return this.graphs(termContext, key, value, subject, predicate, graph);
    }
    this.values(termContext, key, value, subject, predicate, graph);
    return true;
  }

  private values(
    termContext: ActiveContext,
    key: string,
    value: unknown,
    subject: Term,
    predicate: string,
    graph: Term | undefined,
  ): void {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && item !== undefined) {
          this.values(termContext, key, item, subject, predicate, graph);
        }
      }
      return;
    }
    if (isPlainObject(value)) {
      const [term, identity] = this.object(termContext, key, value, graph, AS_VALUE);
      this.out.add(subject, predicate, term, graph, identity);
      return;
    }
    this.scalar(termContext, key, value, subject, predicate, graph);
  }

  private scalar(
    termContext: ActiveContext,
    key: string,
    value: unknown,
    subject: Term,
    predicate: string,
    graph: Term | undefined,
  ): void {
    const [term, identity] = this.coerce(termContext, key, value);
    this.out.add(subject, predicate, term, graph, identity);
  }

  /** A JSON scalar under a term's type coercion (jsonld.js _expandValue, then toRDF). */
  private coerce(termContext: ActiveContext, key: string, value: unknown): [string, string] {
    if (!isScalar(value)) {
      unsupported('a value that is not JSON');
    }
    const type = termContext.terms.get(key)?.type;
    if (typeof value === 'string' && (type === '@id' || type === '@vocab')) {
      return [iriTerm(namedNode(expandIri(termContext, value, type === '@vocab'))), SAME_REFERENCE];
    }
    if (type === '@json') {
      unsupported('a @json coercion from a scoped context');
    }
    const datatype =
      type === undefined || type === '@id' || type === '@vocab' || type === '@none' ? undefined : type;
    return [scalarLiteral(value, datatype), literalIdentity(value, datatype, undefined)];
  }

  private list(
    termContext: ActiveContext,
    key: string,
    value: unknown,
    subject: Term,
    predicate: string,
    graph: Term | undefined,
  ): void {
    const items: Term[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) {
        continue;
      }
      if (Array.isArray(item)) {
        unsupported('a list of lists');
      }
      items.push(
        isPlainObject(item)
          ? this.object(termContext, key, item, graph, AS_VALUE)[0]
          : this.coerce(termContext, key, item)[0],
      );
    }
    if (items.length === 0) {
      // jsonld.js never finds two lists equal, empty ones included: each keeps its rdf:nil quad.
      this.out.add(subject, predicate, NIL, graph, '');
      return;
    }
    const head = this.out.newBlankNode();
    this.out.add(subject, predicate, head, graph, '');
    let node = head;
    items.forEach((item, index) => {
      this.out.add(node, FIRST_PREDICATE, item, graph, '');
      if (index === items.length - 1) {
        this.out.add(node, REST_PREDICATE, NIL, graph, '');
      } else {
        const next = this.out.newBlankNode();
        this.out.add(node, REST_PREDICATE, next, graph, '');
        node = next;
      }
    });
  }

  /** A @graph container: each node object becomes a named graph with a blank node name. */
  private graphs(
    termContext: ActiveContext,
    key: string,
    value: unknown,
    subject: Term,
    predicate: string,
    graph: Term | undefined,
  ): boolean {
    let kept = false;
    const each = (item: unknown): void => {
      if (item === null || item === undefined) {
        return;
      }
      if (Array.isArray(item)) {
        item.forEach(each);
        return;
      }
      if (!isPlainObject(item)) {
        unsupported('a scalar in a @graph container');
      }
      const name = this.out.newBlankNode();
      this.object(termContext, key, item, name, IN_GRAPH);
      this.out.add(subject, predicate, name, graph, '');
      kept = true;
    };
    each(value);
    return kept;
  }

  private languageMap(
    termContext: ActiveContext,
    map: Record<string, unknown>,
    subject: Term,
    predicate: string,
    graph: Term | undefined,
  ): void {
    for (const [tag, entry] of Object.entries(map)) {
      if (tag === '__proto__') {
        unsupported('a __proto__ key');
      }
      const none = termContext.expandVocab(tag) === '@none';
      if (!none && !BCP47.test(tag)) {
        unsupported(`the language tag ${tag}`);
      }
      const language = none ? undefined : tag.toLowerCase();
      for (const item of Array.isArray(entry) ? entry : [entry]) {
        if (item === null) {
          continue;
        }
        if (typeof item !== 'string') {
          unsupported('a language map value that is not a string');
        }
        this.out.add(
          subject,
          predicate,
          scalarLiteral(item, undefined, language),
          graph,
          literalIdentity(item, undefined, language),
        );
      }
    }
  }
}

/** The quads of a JSON-LD document. Throws Unsupported (or NeedsContext) instead of guessing. */
export function documentQuads(
  document: Record<string, unknown>,
  initial: ActiveContext,
  derive: ContextDeriver,
  out: QuadWriter = new QuadWriter(),
): QuadWriter {
  const walk = new Walk(derive, out);
  walk.object(initial, null, document, undefined, AT_TOP);
  return walk.out;
}
