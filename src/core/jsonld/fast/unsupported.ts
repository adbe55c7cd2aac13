/**
 * The two signals the fast canonical path raises instead of guessing. Neither is an error a user sees:
 * fast-canonize.ts catches both and hands the document to the general JSON-LD path.
 */

/** The input uses something the fast path does not provably handle the way jsonld.js does. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/** Context compilation needs a context document that has not been loaded yet (loading is async). */
export class NeedsContext extends Error {
  override readonly name = 'NeedsContext';
  constructor(readonly url: string) {
    super(`the context ${url} is not loaded yet`);
  }
}

export function unsupported(reason: string): never {
  throw new Unsupported(reason);
}
