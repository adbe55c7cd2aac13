import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_STATUS_LIST_ENTRIES } from './bitstring.js';
import { permutedIndex } from './permuted-index.js';

describe('permutedIndex', () => {
  it('is a permutation of the whole list: every counter gets a different index, and every index is used', () => {
    const key = new Uint8Array(16).fill(7);
    const seen = new Uint8Array(MIN_STATUS_LIST_ENTRIES);
    for (let counter = 0; counter < MIN_STATUS_LIST_ENTRIES; counter++) {
      const index = permutedIndex(counter, key, MIN_STATUS_LIST_ENTRIES);
      expect(seen[index]).toBe(0);
      seen[index] = 1;
    }
    expect(seen.every((value) => value === 1)).toBe(true);
  });

  it('works for sizes that are not powers of two, for any key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 2, max: 3000 }),
        (key, size) => {
          const indexes = new Set<number>();
          for (let counter = 0; counter < size; counter++) {
            const index = permutedIndex(counter, key, size);
            expect(index).toBeGreaterThanOrEqual(0);
            expect(index).toBeLessThan(size);
            indexes.add(index);
          }
          expect(indexes.size).toBe(size);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('hides the issue order: consecutive counters land far apart, and keys give different orders', () => {
    const a = new Uint8Array(16).fill(1);
    const b = new Uint8Array(16).fill(2);
    const first = Array.from({ length: 50 }, (_, counter) =>
      permutedIndex(counter, a, MIN_STATUS_LIST_ENTRIES),
    );
    const gaps = first.slice(1).map((value, index) => Math.abs(value - (first[index] as number)));
    expect(gaps.filter((gap) => gap < 100).length).toBeLessThan(3);
    expect(first).not.toEqual(
      Array.from({ length: 50 }, (_, counter) => permutedIndex(counter, b, MIN_STATUS_LIST_ENTRIES)),
    );
    expect(() => permutedIndex(MIN_STATUS_LIST_ENTRIES, a, MIN_STATUS_LIST_ENTRIES)).toThrow(RangeError);
  });
});
