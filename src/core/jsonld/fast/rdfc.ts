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

function line(quad: Quad, label: (node: number) => string): string {
  const s = typeof quad.s === 'number' ? label(quad.s) : quad.s;
  const o = typeof quad.o === 'number' ? label(quad.o) : quad.o;
  const g = quad.g === undefined ? '' : ` ${typeof quad.g === 'number' ? label(quad.g) : quad.g}`;
  return `${s} ${quad.p} ${o}${g} .\n`;
}

/** Every quad as N-Quads with blank nodes labelled _:b0, _:b1…, for rdf-canonize to read. */
export function toNQuads(quads: readonly Quad[]): string {
  return quads.map((quad) => line(quad, (node) => `_:b${node}`)).join('');
}

export function canonicalizeDataset(
  quads: readonly Quad[],
  blankNodeCount: number,
  hashHex: HashHex,
): string | undefined {
  // The quads each blank node occurs in (blank nodes that occur in none are not part of the dataset).
  const byNode: Quad[][] = Array.from({ length: blankNodeCount }, () => []);
  for (const quad of quads) {
    for (const term of [quad.s, quad.o, quad.g] as (Term | undefined)[]) {
      if (typeof term === 'number') {
        const list = byNode[term] as Quad[];
        if (list[list.length - 1] !== quad) {
          list.push(quad);
        }
      }
    }
  }
  const nodes: number[] = [];
  byNode.forEach((list, node) => {
    if (list.length > 0) {
      nodes.push(node);
    }
  });

  const labels: string[] = new Array(blankNodeCount);
  if (nodes.length === 1) {
    labels[nodes[0] as number] = '_:c14n0';
  } else if (nodes.length > 1) {
    const hashed = nodes.map((node) => {
      const lines = (byNode[node] as Quad[]).map((quad) =>
        line(quad, (other) => (other === node ? '_:a' : '_:z')),
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
  const lines = quads.map((quad) => line(quad, (node) => labels[node] as string));
  lines.sort();
  return lines.join('');
}
