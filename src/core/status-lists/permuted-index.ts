/**
 * Status list indexes that look random but never collide: the n-th credential on a list gets
 * `permutedIndex(n, key)`, a keyed pseudorandom permutation of [0, size). Outsiders cannot tell issue
 * order from the index (herd privacy, BSL §5.1), and allocation is one counter increment — no search
 * for a free slot, no retries, no lock held while a credential is signed.
 *
 * A balanced Feistel network on the next even number of bits, with SHA-256 as the round function, and
 * cycle-walking to stay below `size`: a bijection for any key.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const ROUNDS = 4;

function roundFunction(key: Uint8Array, round: number, half: number, bits: number): number {
  const input = new Uint8Array(key.length + 5);
  input.set(key);
  input[key.length] = round;
  new DataView(input.buffer).setUint32(key.length + 1, half);
  const digest = sha256(input);
  const value =
    ((digest[0] as number) << 24) |
    ((digest[1] as number) << 16) |
    ((digest[2] as number) << 8) |
    (digest[3] as number);
  return (value >>> 0) % 2 ** bits;
}

function feistel(value: number, key: Uint8Array, halfBits: number): number {
  const mask = 2 ** halfBits - 1;
  let left = Math.floor(value / 2 ** halfBits) & mask;
  let right = value & mask;
  for (let round = 0; round < ROUNDS; round++) {
    const next = (left ^ roundFunction(key, round, right, halfBits)) & mask;
    left = right;
    right = next;
  }
  return left * 2 ** halfBits + right;
}

/** The index of the `counter`-th entry (0-based) of a list of `size` entries. Throws RangeError past the end. */
export function permutedIndex(counter: number, key: Uint8Array, size: number): number {
  if (!Number.isSafeInteger(counter) || counter < 0 || counter >= size) {
    throw new RangeError(`counter ${counter} is outside the list (size ${size})`);
  }
  const halfBits = Math.ceil(Math.ceil(Math.log2(size)) / 2);
  let value = counter;
  do {
    value = feistel(value, key, halfBits);
  } while (value >= size);
  return value;
}
