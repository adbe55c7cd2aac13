/**
 * The status lists a verifier has fetched and checked, kept until their time to live runs out and then
 * revalidated with the stored ETag. Bounded by entry count and by (approximate) bytes, least recently
 * used first out. Caching also serves privacy: fewer fetches tell the issuer less about who is checked
 * (BSL §6.3).
 */

export type CachedStatusList<T> = {
  /** The document as fetched, kept so a `304 Not Modified` can be checked again without a download. */
  body: unknown;
  etag: string | undefined;
  /** Clock time (ms) after which the list must be revalidated before it is used. */
  expiresAt: number;
  /** Approximate memory the entry holds, in bytes. */
  bytes: number;
  /** The list as the checker prepared it (proof verified, bitstring decoded). */
  value: T;
};

export type StatusListCacheOptions = {
  /** Most lists kept. Default 500. */
  maxEntries?: number;
  /** Most bytes (approximate) kept across all lists. Default 64 MiB. */
  maxBytes?: number;
};

export class StatusListCache<T> {
  readonly #entries = new Map<string, CachedStatusList<T>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: StatusListCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 500;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isSafeInteger(this.#maxEntries) || this.#maxEntries < 0) {
      throw new RangeError('maxEntries must be a non-negative integer');
    }
    if (!Number.isSafeInteger(this.#maxBytes) || this.#maxBytes < 0) {
      throw new RangeError('maxBytes must be a non-negative integer');
    }
  }

  /** The entry, fresh or expired (an expired one still has the ETag to revalidate with). */
  get(key: string): CachedStatusList<T> | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedStatusList<T>): void {
    this.delete(key);
    if (entry.bytes > this.#maxBytes || this.#maxEntries === 0) {
      return;
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) {
        break;
      }
      this.#entries.delete(oldest);
      this.#bytes -= old.bytes;
    }
  }

  /** Forgets a list, e.g. after the local server changed it. */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }
}
