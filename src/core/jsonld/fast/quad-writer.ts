/**
 * Collects the quads of one document. A term is a blank node number or a serialized N-Quads IRI/literal;
 * the graph is undefined for the default graph.
 *
 * Duplicates are settled the way jsonld.js's node map settles them: it keeps one copy of values it finds
 * equal (same IRI; same JSON value, datatype and language), so those are dropped here too; two values it
 * finds different but that serialize alike (3 and "3" both as xsd:float) stay duplicated in its dataset,
 * which only the general path reproduces, so those throw Unsupported.
 */
import { unsupported } from './unsupported.js';

export type Term = number | string;
export type Quad = { s: Term; p: string; o: Term; g: Term | undefined };

/** How jsonld.js would compare the object of a quad with another (see above). */
export const SAME_REFERENCE = 'ref';
export const SAME_TYPE = 'type';

export class QuadWriter {
  readonly quads: Quad[] = [];
  blankNodes = 0;
  /** subject → predicate (and graph) → object → identity: nested, so no key strings are built. */
  private readonly seen = new Map<Term, Map<string, Map<Term, string>>>();

  newBlankNode(): number {
    return this.blankNodes++;
  }

  /** `equivalence` is SAME_REFERENCE, SAME_TYPE or a literal's JSON identity; '' when `o` is a new blank node. */
  add(s: Term, p: string, o: Term, g: Term | undefined, equivalence: string): void {
    if (equivalence !== '') {
      let bySubject = this.seen.get(s);
      if (!bySubject) {
        bySubject = new Map();
        this.seen.set(s, bySubject);
      }
      const predicate = g === undefined ? p : `${p} ${g}`;
      let byObject = bySubject.get(predicate);
      if (!byObject) {
        byObject = new Map();
        bySubject.set(predicate, byObject);
      }
      const previous = byObject.get(o);
      if (previous !== undefined) {
        if (previous === equivalence) {
          return;
        }
        unsupported('two different JSON-LD values with the same RDF form');
      }
      byObject.set(o, equivalence);
    }
    this.quads.push({ s, p, o, g });
  }
}

/** For walks whose only question is whether they complete: keeps nothing, checks nothing. */
export class DiscardingQuadWriter extends QuadWriter {
  override add(): void {}
}
