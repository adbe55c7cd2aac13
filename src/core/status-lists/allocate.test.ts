/**
 * Random index allocation: uniform (no modulo bias), never a taken index, "full" when nothing is free.
 * The random source is a seeded generator, so every run draws the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { allocateIndex, type RandomSource, randomBelow } from './allocate.js';

/** SplitMix32: a small seeded generator, good enough to test the statistics of the code around it. */
function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = next() & 0xff;
    }
    return out;
  };
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

// Critical values of chi-square at p = 0.001: a fair draw exceeds them once in a thousand runs.
const CHI_SQUARE_0_001 = { 2: 13.82, 9: 27.88, 15: 37.7 } as const;

describe('randomBelow', () => {
  it('is uniform over a bound that is not a power of two (chi-square)', () => {
    const random = seededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      counts[randomBelow(10, random)]! += 1;
    }
    expect(chiSquare(counts)).toBeLessThan(CHI_SQUARE_0_001[9]);
  });

  it('has no modulo bias where `bytes % bound` would have a large one', () => {
    // bound = 3/4 of 2^16: `% bound` on two random bytes would give the first third twice the chance.
    const bound = 49_152;
    const random = seededRandom(2);
    const thirds = [0, 0, 0];
    const biased = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      thirds[Math.floor(randomBelow(bound, random) / (bound / 3))]! += 1;
      const [high, low] = random(2) as unknown as [number, number];
      biased[Math.floor((((high << 8) | low) % bound) / (bound / 3))]! += 1;
    }
    expect(chiSquare(thirds)).toBeLessThan(CHI_SQUARE_0_001[2]);
    // The same test catches the biased way, so it has the power to see bias.
    expect(chiSquare(biased)).toBeGreaterThan(1000);
  });

  it('covers a 131,072-entry list evenly (16 buckets)', () => {
    const random = seededRandom(3);
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 64_000; i++) {
      counts[randomBelow(131_072, random) >> 13]! += 1;
    }
    expect(chiSquare(counts)).toBeLessThan(CHI_SQUARE_0_001[15]);
  });

  it('refuses a bad bound or a short random source', () => {
    expect(() => randomBelow(0, seededRandom(1))).toThrow(RangeError);
    expect(() => randomBelow(1.5, seededRandom(1))).toThrow(RangeError);
    expect(randomBelow(1, seededRandom(1))).toBe(0);
    expect(() => randomBelow(1000, () => new Uint8Array(1))).toThrow(/gave 1 bytes instead of 2/);
  });
});

describe('allocateIndex', () => {
  it('never hands out a taken index (set or bitmap)', () => {
    const random = seededRandom(4);
    const size = 131_072;
    const taken = new Set<number>();
    const bitmap = new Uint8Array(size / 8);
    for (let i = 0; i < 5000; i++) {
      const fromSet = allocateIndex({ size, used: taken, random });
      const fromBitmap = allocateIndex({ size, used: bitmap, random });
      if (!fromSet.ok || !fromBitmap.ok) {
        throw new Error('the list is far from full');
      }
      expect(taken.has(fromSet.index)).toBe(false);
      expect(((bitmap[fromBitmap.index >> 3] as number) >> (7 - (fromBitmap.index & 7))) & 1).toBe(0);
      taken.add(fromSet.index);
      bitmap[fromBitmap.index >> 3] =
        (bitmap[fromBitmap.index >> 3] as number) | (0x80 >> (fromBitmap.index & 7));
    }
    expect(taken.size).toBe(5000);
  });

  it('fills a small list completely, then reports it full', () => {
    const random = seededRandom(5);
    const taken = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const result = allocateIndex({ size: 64, used: taken, random });
      expect(result.ok).toBe(true);
      taken.add((result as { index: number }).index);
    }
    expect(taken.size).toBe(64);
    expect(allocateIndex({ size: 64, used: taken, random })).toEqual({ ok: false, reason: 'full' });
    expect(allocateIndex({ size: 64, used: new Uint8Array(8).fill(0xff), random })).toEqual({
      ok: false,
      reason: 'full',
    });
    expect(allocateIndex({ size: 0, used: new Set(), random })).toEqual({ ok: false, reason: 'full' });
  });

  it('stays uniform over the few free indexes of a nearly full list', () => {
    const random = seededRandom(6);
    const free = [3, 50, 97];
    const used = new Set(Array.from({ length: 100 }, (_, index) => index).filter((i) => !free.includes(i)));
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const result = allocateIndex({ size: 100, used, random });
      if (!result.ok) {
        throw new Error('three indexes are free');
      }
      counts[free.indexOf(result.index)]! += 1;
    }
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(chiSquare(counts)).toBeLessThan(CHI_SQUARE_0_001[2]);
  });

  it('is deterministic for a given random source', () => {
    const draw = () => allocateIndex({ size: 131_072, used: new Set(), random: seededRandom(7) });
    expect(draw()).toEqual(draw());
  });
});
