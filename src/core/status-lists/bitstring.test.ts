/**
 * The bitstring against the Recommendation's rules: GZIP (RFC 1952, magic 1f 8b), base64url without
 * padding, the multibase `u` prefix, most significant bit first, statusSize, the 131,072-entry minimum,
 * and a decompression-bomb guard. Expected values come from node:zlib and hand-computed bytes, not from
 * the code under test.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bitstring,
  checkListLength,
  createBitstring,
  decodeEncodedList,
  encodeBitstring,
  getStatus,
  MIN_STATUS_LIST_ENTRIES,
  parseStatusListIndex,
  type StatusListResult,
  setStatus,
} from './bitstring.js';

function ok<T>(result: StatusListResult<T>): T {
  if (!result.ok) {
    throw new Error(`expected success, got ${result.problem.title}: ${result.problem.detail}`);
  }
  return result.value;
}

function problemOf<T>(result: StatusListResult<T>): string {
  if (result.ok) {
    throw new Error('expected a problem');
  }
  return result.problem.title;
}

const newList = (entries = MIN_STATUS_LIST_ENTRIES, statusSize = 1): Bitstring =>
  ok(createBitstring({ entries, statusSize }));

/** What an independent encoder (node:zlib) makes of the bytes. */
const zlibEncoded = (bytes: Uint8Array, level = 9) =>
  `u${Buffer.from(gzipSync(bytes, { level })).toString('base64url')}`;

describe('bit order: most significant bit first', () => {
  it('index 0 is 0x80 of byte 0, index 7 is 0x01 of byte 0, index 8 is 0x80 of byte 1', () => {
    const list = newList();
    ok(setStatus(list, 0, 1));
    expect(list.bytes[0]).toBe(0x80);
    ok(setStatus(list, 7, 1));
    expect(list.bytes[0]).toBe(0x81);
    ok(setStatus(list, 8, 1));
    expect(list.bytes[1]).toBe(0x80);
    ok(setStatus(list, MIN_STATUS_LIST_ENTRIES - 1, 1));
    expect(list.bytes[16_383]).toBe(0x01);
    expect([0, 7, 8, 131_071, 1, 9].map((index) => ok(getStatus(list, index)))).toEqual([1, 1, 1, 1, 0, 0]);
    ok(setStatus(list, 0, 0));
    expect(list.bytes[0]).toBe(0x01);
  });

  it('statusSize 2: entry i takes bits 2i and 2i+1, high bit first', () => {
    const list = newList(MIN_STATUS_LIST_ENTRIES, 2);
    expect(list.bytes.length).toBe(32_768);
    ok(setStatus(list, 0, 3, 2));
    expect(list.bytes[0]).toBe(0b1100_0000);
    ok(setStatus(list, 1, 1, 2));
    expect(list.bytes[0]).toBe(0b1101_0000);
    ok(setStatus(list, 3, 2, 2));
    expect(list.bytes[0]).toBe(0b1101_0010);
    expect([0, 1, 2, 3].map((index) => ok(getStatus(list, index, 2)))).toEqual([3, 1, 0, 2]);
  });

  it('statusSize 8: entry i is byte i; statusSize 3 straddles bytes', () => {
    const list = newList(MIN_STATUS_LIST_ENTRIES, 8);
    ok(setStatus(list, 5, 0xab, 8));
    expect(list.bytes[5]).toBe(0xab);
    expect(ok(getStatus(list, 5, 8))).toBe(0xab);
    const odd = newList(MIN_STATUS_LIST_ENTRIES, 3);
    ok(setStatus(odd, 2, 0b101, 3)); // bits 6, 7, 8
    expect(odd.bytes[0]).toBe(0b0000_0010);
    expect(odd.bytes[1]).toBe(0b1000_0000);
    expect(ok(getStatus(odd, 2, 3))).toBe(0b101);
  });
});

describe('encodedList', () => {
  it('is "u" + base64url without padding of GZIP data that node:zlib inflates to the bytes', async () => {
    const list = newList();
    for (const index of [0, 7, 94_567, 131_071]) {
      ok(setStatus(list, index, 1));
    }
    const encoded = await encodeBitstring(list);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded.slice(1)).toMatch(/^[A-Za-z0-9_-]+$/); // no '=', '+' or '/'
    const compressed = Buffer.from(encoded.slice(1), 'base64url');
    expect([...compressed.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]); // GZIP, deflate: not zlib (78 9c)
    expect(new Uint8Array(gunzipSync(compressed))).toEqual(list.bytes);
  });

  it('decodes the example of the Recommendation (§2.2 Example 3): 16 KiB of zeros', async () => {
    const decoded = ok(
      await decodeEncodedList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'),
    );
    expect(decoded.multibase).toBe(true);
    expect(decoded.bitstring.bytes.length).toBe(16_384);
    expect(decoded.bitstring.bytes.every((byte) => byte === 0)).toBe(true);
    expect(ok(checkListLength(decoded.bitstring))).toBe(MIN_STATUS_LIST_ENTRIES);
  });

  it('decodes a list node:zlib encoded, at any compression level, and reads the same bits', async () => {
    const bytes = new Uint8Array(16_384);
    bytes[0] = 0b1000_0001; // indexes 0 and 7
    bytes[11_820] = 0b0000_0001; // index 94,567 = 11,820 × 8 + 7
    bytes[16_383] = 0b0000_0001; // index 131,071
    for (const level of [0, 1, 6, 9]) {
      const decoded = ok(await decodeEncodedList(zlibEncoded(bytes, level)));
      expect(decoded.bitstring.bytes).toEqual(bytes);
      const set = [0, 1, 7, 94_566, 94_567, 131_071].map((index) => ok(getStatus(decoded.bitstring, index)));
      expect(set).toEqual([1, 0, 1, 0, 1, 1]);
    }
  });

  it('accepts the bare base64url of earlier drafts, and says so', async () => {
    const bare = zlibEncoded(new Uint8Array(16_384)).slice(1);
    expect(bare.startsWith('H4sI')).toBe(true);
    expect(ok(await decodeEncodedList(bare)).multibase).toBe(false);
  });

  it('round-trips statusSize 1, 2 and 8', async () => {
    for (const statusSize of [1, 2, 8]) {
      const list = newList(MIN_STATUS_LIST_ENTRIES, statusSize);
      const values = new Map([
        [0, 1],
        [1, 2 ** statusSize - 1],
        [77_777, 1],
        [MIN_STATUS_LIST_ENTRIES - 1, 2 ** statusSize - 1],
      ]);
      for (const [index, value] of values) {
        ok(setStatus(list, index, value, statusSize));
      }
      const decoded = ok(await decodeEncodedList(await encodeBitstring(list)));
      expect(decoded.bitstring.bytes).toEqual(list.bytes);
      for (const [index, value] of values) {
        expect(ok(getStatus(decoded.bitstring, index, statusSize))).toBe(value);
      }
      expect(ok(getStatus(decoded.bitstring, 2, statusSize))).toBe(0);
    }
  });

  it('round-trips any set of revoked indexes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: MIN_STATUS_LIST_ENTRIES - 1 }), { maxLength: 40 }),
        async (indexes) => {
          const list = newList();
          for (const index of indexes) {
            ok(setStatus(list, index, 1));
          }
          const decoded = ok(await decodeEncodedList(await encodeBitstring(list)));
          const wanted = new Set(indexes);
          for (const index of [...indexes, 0, 1, 65_536, MIN_STATUS_LIST_ENTRIES - 1]) {
            expect(ok(getStatus(decoded.bitstring, index))).toBe(wanted.has(index) ? 1 : 0);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses what is not multibase base64url of GZIP data (MALFORMED_VALUE_ERROR)', async () => {
    const notGzip = `u${Buffer.from('just some text, not compressed').toString('base64url')}`;
    const zlibNotGzip = `u${Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]).toString('base64url')}`;
    const truncated = zlibEncoded(new Uint8Array(16_384)).slice(0, 20);
    const standardBase64 = `u${Buffer.from(gzipSync(new Uint8Array(16_384))).toString('base64')}`;
    const emptyGzip = zlibEncoded(new Uint8Array(0));
    for (const bad of [
      undefined,
      42,
      '',
      'u',
      `z${'1'.repeat(20)}`,
      `m${Buffer.from(gzipSync(new Uint8Array(8))).toString('base64')}`,
      'u!!!!',
      notGzip,
      zlibNotGzip,
      truncated,
      standardBase64.includes('+') || standardBase64.includes('/') ? standardBase64 : 'u+/+/',
      emptyGzip,
    ]) {
      const result = await decodeEncodedList(bad);
      expect(problemOf(result), String(bad)).toBe('MALFORMED_VALUE_ERROR');
    }
  });

  it('stops inflating a decompression bomb once it passes the limit', async () => {
    // 17 MiB of zeros compress to about 17 KB: the default limit is 16 MiB.
    const bomb = zlibEncoded(new Uint8Array(17 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(40_000);
    const result = await decodeEncodedList(bomb);
    expect(problemOf(result)).toBe('MALFORMED_VALUE_ERROR');
    expect(result.ok ? '' : result.problem.detail).toMatch(/more than 16777216 bytes/);
    const small = await decodeEncodedList(zlibEncoded(new Uint8Array(16_384)), { maxBytes: 4096 });
    expect(problemOf(small)).toBe('MALFORMED_VALUE_ERROR');
    expect(
      ok(await decodeEncodedList(zlibEncoded(new Uint8Array(16_384)), { maxBytes: 16_384 })),
    ).toBeTruthy();
  });
});

describe('length and range', () => {
  it('a list needs 131,072 entries at its statusSize (STATUS_LIST_LENGTH_ERROR)', async () => {
    expect(problemOf(createBitstring({ entries: MIN_STATUS_LIST_ENTRIES - 1 }))).toBe(
      'STATUS_LIST_LENGTH_ERROR',
    );
    expect(problemOf(createBitstring({ entries: 1000, statusSize: 8 }))).toBe('STATUS_LIST_LENGTH_ERROR');
    const short = ok(await decodeEncodedList(zlibEncoded(new Uint8Array(16_383))));
    expect(problemOf(checkListLength(short.bitstring))).toBe('STATUS_LIST_LENGTH_ERROR');
    const sixteenKiB = ok(await decodeEncodedList(zlibEncoded(new Uint8Array(16_384))));
    expect(ok(checkListLength(sixteenKiB.bitstring, 1))).toBe(131_072);
    // 16 KiB holds only 65,536 two-bit entries.
    expect(problemOf(checkListLength(sixteenKiB.bitstring, 2))).toBe('STATUS_LIST_LENGTH_ERROR');
    expect(ok(checkListLength(newList(MIN_STATUS_LIST_ENTRIES, 2), 2))).toBe(131_072);
  });

  it('an index outside the list, or a value too wide, is a RANGE_ERROR', () => {
    const list = newList();
    expect(problemOf(getStatus(list, MIN_STATUS_LIST_ENTRIES))).toBe('RANGE_ERROR');
    expect(problemOf(getStatus(list, -1))).toBe('RANGE_ERROR');
    expect(problemOf(getStatus(list, 1.5))).toBe('RANGE_ERROR');
    expect(problemOf(getStatus(list, 65_536, 2))).toBe('RANGE_ERROR');
    expect(problemOf(setStatus(list, 0, 2))).toBe('RANGE_ERROR');
    expect(problemOf(setStatus(list, MIN_STATUS_LIST_ENTRIES, 1))).toBe('RANGE_ERROR');
    expect(problemOf(getStatus(list, 0, 9))).toBe('MALFORMED_VALUE_ERROR');
    expect(problemOf(createBitstring({ statusSize: 0 }))).toBe('MALFORMED_VALUE_ERROR');
  });

  it('statusListIndex is a base-10 string', () => {
    expect(ok(parseStatusListIndex('94567'))).toBe(94_567);
    expect(ok(parseStatusListIndex('0'))).toBe(0);
    for (const bad of [94_567, '-1', '0x10', '1e3', ' 1', '', '1.0', null]) {
      expect(problemOf(parseStatusListIndex(bad)), String(bad)).toBe('MALFORMED_VALUE_ERROR');
    }
    expect(problemOf(parseStatusListIndex('9'.repeat(30)))).toBe('RANGE_ERROR');
  });
});
