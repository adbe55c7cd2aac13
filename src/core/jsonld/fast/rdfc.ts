/**
 * RDF Dataset Canonicalization (RDFC-1.0) for the common case, where every blank node has a distinct
 * first-degree hash: labels then follow from sorting those hashes, with no N-degree search. Returns
 * undefined otherwise (structurally identical blank nodes), and the caller runs rdf-canonize's full
 * algorithm. The output is what rdf-canonize writes: canonical N-Quads lines in UTF-16 code unit order.
 * @see https://www.w3.org/TR/rdf-canon/#canon-algorithm
 */
import type { Quad, Term } from './quad-writer.js';

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export type HashHex = (text: string) => string;

/** A line without its subject: `<p> object[ graph] .\n` */
function tail(quad: Quad, label: (node: number) => string): string {
  const o = typeof quad.o === 'number' ? label(quad.o) : quad.o;
  const g = quad.g === undefined ? '' : ` ${typeof quad.g === 'number' ? label(quad.g) : quad.g}`;
  return `${quad.p} ${o}${g} .\n`;
}

function subject(quad: Quad, label: (node: number) => string): string {
  return typeof quad.s === 'number' ? label(quad.s) : quad.s;
}

/** Every quad as N-Quads with blank nodes labelled _:b0, _:b1…, for rdf-canonize to read. */
export function toNQuads(quads: readonly Quad[]): string {
  const label = (node: number) => `_:b${node}`;
  return quads.map((quad) => `${subject(quad, label)} ${tail(quad, label)}`).join('');
}

/**
 * The sorted N-Quads document (UTF-16 code unit order, sort()'s default). Lines are sorted per subject, then within a subject: the same order as
 * sorting whole lines, because a subject term is never a prefix of another one followed by a character
 * below the space that separates it from the predicate (IRIs end in ">", labels differ in digits), but far
 * fewer long common prefixes get compared.
 */
function sortedDocument(quads: readonly Quad[], label: (node: number) => string): string {
  const bySubject = new Map<string, string[]>();
  for (const quad of quads) {
    const s = subject(quad, label);
    const tails = bySubject.get(s);
    if (tails) {
      tails.push(tail(quad, label));
    } else {
      bySubject.set(s, [tail(quad, label)]);
    }
  }
  let out = '';
  for (const s of [...bySubject.keys()].sort()) {
    const tails = bySubject.get(s) as string[];
    if (tails.length > 1) {
      tails.sort();
    }
    for (const t of tails) {
      out += `${s} ${t}`;
    }
  }
  return out;
}

export function canonicalizeDataset(
  quads: readonly Quad[],
  blankNodeCount: number,
  hashHex: HashHex,
): string | undefined {
  // The quads each blank node occurs in (blank nodes that occur in none are not part of the dataset).
  const byNode: (Quad[] | undefined)[] = new Array(blankNodeCount);
  const mention = (node: Term | undefined, quad: Quad) => {
    if (typeof node === 'number') {
      const list = byNode[node];
      if (!list) {
        byNode[node] = [quad];
      } else if (list[list.length - 1] !== quad) {
        list.push(quad);
      }
    }
  };
  for (const quad of quads) {
    mention(quad.s, quad);
    mention(quad.o, quad);
    mention(quad.g, quad);
  }
  const nodes: number[] = [];
  for (let node = 0; node < blankNodeCount; node++) {
    if (byNode[node]) {
      nodes.push(node);
    }
  }

  const labels: string[] = new Array(blankNodeCount);
  if (nodes.length === 1) {
    labels[nodes[0] as number] = '_:c14n0';
  } else if (nodes.length > 1) {
    const hashed = nodes.map((node) => {
      const reference = (other: number) => (other === node ? '_:a' : '_:z');
      const lines = (byNode[node] as Quad[]).map(
        (quad) => `${subject(quad, reference)} ${tail(quad, reference)}`,
      );
      lines.sort();
      return { node, hash: hashHex(lines.join('')) };
    });
    hashed.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    for (let index = 0; index < hashed.length; index++) {
      const entry = hashed[index] as { node: number; hash: string };
      if (index > 0 && entry.hash === (hashed[index - 1] as { hash: string }).hash) {
        return undefined;
      }
      labels[entry.node] = `_:c14n${index}`;
    }
  }
  return sortedDocument(quads, (node) => labels[node] as string);
}
