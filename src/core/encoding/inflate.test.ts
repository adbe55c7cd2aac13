import { deflateRawSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InflateError, inflateRaw, inflateZlib } from './inflate.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('inflateZlib / inflateRaw', () => {
  it('inflates what node:zlib deflates, at every level and strategy, for arbitrary bytes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      // Repetitive input exercises long back-references and dynamic Huffman blocks.
      fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 400 }))
        .map(([chunk, times]) => {
          const out = new Uint8Array(chunk.length * times);
          for (let i = 0; i < times; i++) {
            out.set(chunk, i * chunk.length);
          }
          return out;
        }),
    );
    fc.assert(
      fc.property(
        bytes,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 4 }),
        (input, level, strategy) => {
          expect(inflateZlib(deflateSync(input, { level, strategy }))).toEqual(input);
          expect(inflateRaw(deflateRawSync(input, { level, strategy }))).toEqual(input);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('inflates a large, highly compressible document', () => {
    const big = text('{"type":["VerifiableCredential"]} '.repeat(50_000));
    // Buffer.equals: a deep toEqual over 1.7 MB of bytes takes seconds.
    expect(Buffer.from(inflateZlib(deflateSync(big))).equals(big)).toBe(true);
  });

  it('refuses output past the limit (a zip bomb)', () => {
    const bomb = deflateSync(new Uint8Array(1024 * 1024));
    expect(() => inflateZlib(bomb, 64 * 1024)).toThrow(/inflates past 65536 bytes/);
  });

  it('refuses a bad header, a wrong checksum and cut-off data', () => {
    const good = deflateSync(text('hello, cairn'));
    expect(() => inflateZlib(text('xx'))).toThrow(InflateError);
    const badChecksum = good.slice();
    badChecksum[badChecksum.length - 1]! ^= 1;
    expect(() => inflateZlib(badChecksum)).toThrow(/checksum/);
    expect(() => inflateZlib(good.subarray(0, 6))).toThrow(InflateError);
  });

  it('only ever throws InflateError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (input) => {
        try {
          inflateRaw(input, 1 << 20);
        } catch (error) {
          expect(error).toBeInstanceOf(InflateError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
