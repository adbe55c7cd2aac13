/**
 * Random status-list indexes. The Recommendation asks for random assignment so that an index says
 * nothing about when a credential was issued or how many were issued before it (herd privacy).
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry (statusListIndex)
 */

/** `n` random bytes from a cryptographically secure source (e.g. `crypto.getRandomValues`). Injected. */
export type RandomSource = (byteCount: number) => Uint8Array;

/**
 * The indexes already handed out: a bitmap (bit `i`, most significant bit first, set when index `i` is
 * taken; the same layout as a status bitstring) or a set of indexes.
 */
export type UsedIndexes = Uint8Array | ReadonlySet<number>;

export type AllocateIndexOptions = {
  /** Entries in the list: indexes are drawn from 0 to `size - 1`. */
  size: number;
  used: UsedIndexes;
  random: RandomSource;
};

export type AllocationResult = { ok: true; index: number } | { ok: false; reason: 'full' };

/** Random draws over the whole list before falling back to counting the free indexes. */
const DRAWS_BEFORE_COUNTING = 32;

function isTaken(used: UsedIndexes, index: number): boolean {
  if (used instanceof Uint8Array) {
    const byte = used[index >> 3];
    return byte !== undefined && ((byte >> (7 - (index & 7))) & 1) === 1;
  }
  return used.has(index);
}

/**
 * A uniformly random integer in [0, bound), by rejection sampling: draw just enough random bits to
 * cover `bound`, and draw again when the value lands at or beyond it. Unlike `random % bound`, every
 * value is equally likely.
 */
export function randomBelow(bound: number, random: RandomSource): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 2 ** 48) {
    throw new RangeError('bound must be an integer from 1 to 2^48');
  }
  if (bound === 1) {
    return 0;
  }
  let bits = 0;
  while (2 ** bits < bound) {
    bits++;
  }
  const byteCount = Math.ceil(bits / 8);
  for (;;) {
    const bytes = random(byteCount);
    if (bytes.length < byteCount) {
      throw new RangeError(`the random source gave ${bytes.length} bytes instead of ${byteCount}`);
    }
    // Big-endian, then drop the surplus high bits so the candidate is below 2^bits (< 2 × bound).
    let value = 0;
    for (let i = 0; i < byteCount; i++) {
      value = value * 256 + (bytes[i] as number);
    }
    value = value % 2 ** bits;
    if (value < bound) {
      return value;
    }
  }
}

/**
 * Picks a free index uniformly at random among those not in `used`, or reports `full`.
 *
 * It first draws over the whole list and retries on a taken index (rejection sampling keeps the choice
 * uniform over the free indexes). If 32 draws in a row hit taken indexes the list is nearly full, so it
 * counts the free indexes, draws a rank among them and walks to that free index: still uniform, and it
 * always ends. `used` is read, never changed: mark the returned index taken before the next call.
 *
 * @example
 *   const result = allocateIndex({ size: 131_072, used: takenIndexes, random: (n) => crypto.getRandomValues(new Uint8Array(n)) });
 *   if (!result.ok) { // result.reason === 'full': start a new list }
 */
export function allocateIndex(options: AllocateIndexOptions): AllocationResult {
  const { size, used, random } = options;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError('size must be a non-negative integer');
  }
  if (size === 0) {
    return { ok: false, reason: 'full' };
  }
  for (let draw = 0; draw < DRAWS_BEFORE_COUNTING; draw++) {
    const index = randomBelow(size, random);
    if (!isTaken(used, index)) {
      return { ok: true, index };
    }
  }
  let free = 0;
  for (let index = 0; index < size; index++) {
    if (!isTaken(used, index)) {
      free++;
    }
  }
  if (free === 0) {
    return { ok: false, reason: 'full' };
  }
  let rank = randomBelow(free, random);
  for (let index = 0; index < size; index++) {
    if (!isTaken(used, index)) {
      if (rank === 0) {
        return { ok: true, index };
      }
      rank--;
    }
  }
  throw new Error('unreachable: the free count and the walk disagree');
}
