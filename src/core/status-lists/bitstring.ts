/**
 * The bitstring of a Bitstring Status List: N bits, most significant bit first (index 0 is the left-most
 * bit of byte 0), each credential's status at bit `index × statusSize`, published as `encodedList` =
 * `u` + base64url-no-pad(GZIP(bytes)).
 *
 * GZIP runs through `CompressionStream` / `DecompressionStream`, which Node 18+ and browsers both provide,
 * so this module stays isomorphic. Failures are results carrying the specification's problem types, not
 * exceptions: a malformed list is something a verifier reports, not a crash.
 *
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstring-encoding
 */
import { base64urlDecode, base64urlEncode } from '../encoding/base.js';
import { type Problem, problem } from '../proofs/problems.js';

/** The smallest list the specification allows: 131,072 entries (16 KiB of bits at one bit per entry). */
export const MIN_STATUS_LIST_ENTRIES = 131_072;

/**
 * The largest bitstring Cairn inflates from an `encodedList`, in bytes (16 MiB = 134 million one-bit
 * entries). A few kilobytes of GZIP can inflate to gigabytes; decoding stops as soon as this is passed.
 */
export const DEFAULT_MAX_BITSTRING_BYTES = 16 * 1024 * 1024;

/** Bits per status entry Cairn reads and writes (the specification allows any positive integer). */
export const MAX_STATUS_SIZE = 8;

/** A value, or the problem (with its BSL / VCDM problem type) that prevented it. */
export type StatusListResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

function fail<T>(name: Problem['title'], detail: string): StatusListResult<T> {
  return { ok: false, problem: problem(name, detail) };
}

/** The bitstring itself. `bytes` is live: `setStatus` changes it in place. */
export type Bitstring = { readonly bytes: Uint8Array };

/** True when `statusSize` is an integer from 1 to MAX_STATUS_SIZE. */
export function isSupportedStatusSize(statusSize: unknown): statusSize is number {
  return (
    typeof statusSize === 'number' &&
    Number.isInteger(statusSize) &&
    statusSize >= 1 &&
    statusSize <= MAX_STATUS_SIZE
  );
}

/** The number of entries the bitstring holds at `statusSize` bits each. */
export function entryCount(bitstring: Bitstring, statusSize = 1): number {
  return Math.floor((bitstring.bytes.length * 8) / statusSize);
}

/**
 * A new bitstring, every entry 0, with room for `entries` entries of `statusSize` bits (rounded up to
 * whole bytes).
 *
 * Fails with STATUS_LIST_LENGTH_ERROR below 131,072 entries (herd privacy), and with
 * MALFORMED_VALUE_ERROR for an unsupported statusSize or an entry count that is not a safe integer.
 * @example
 *   const created = createBitstring({ entries: 131_072 });
 *   if (created.ok) { setStatus(created.value, 94_567, 1); }
 */
export function createBitstring(
  options: { entries?: number; statusSize?: number } = {},
): StatusListResult<Bitstring> {
  const entries = options.entries ?? MIN_STATUS_LIST_ENTRIES;
  const statusSize = options.statusSize ?? 1;
  if (!isSupportedStatusSize(statusSize)) {
    return fail('MALFORMED_VALUE_ERROR', `statusSize must be an integer from 1 to ${MAX_STATUS_SIZE}`);
  }
  if (!Number.isSafeInteger(entries) || entries < 0) {
    return fail('MALFORMED_VALUE_ERROR', 'the number of entries must be a non-negative integer');
  }
  if (entries < MIN_STATUS_LIST_ENTRIES) {
    return fail(
      'STATUS_LIST_LENGTH_ERROR',
      `a status list needs at least ${MIN_STATUS_LIST_ENTRIES} entries, not ${entries}`,
    );
  }
  const bytes = Math.ceil((entries * statusSize) / 8);
  if (bytes > DEFAULT_MAX_BITSTRING_BYTES) {
    return fail('MALFORMED_VALUE_ERROR', `a status list of more than ${DEFAULT_MAX_BITSTRING_BYTES} bytes`);
  }
  return { ok: true, value: { bytes: new Uint8Array(bytes) } };
}

/**
 * Fails with STATUS_LIST_LENGTH_ERROR when the bitstring holds fewer than 131,072 entries at `statusSize`
 * bits each (BSL §3.2 step 9); otherwise gives the entry count.
 */
export function checkListLength(bitstring: Bitstring, statusSize = 1): StatusListResult<number> {
  const entries = entryCount(bitstring, statusSize);
  if (entries < MIN_STATUS_LIST_ENTRIES) {
    return fail(
      'STATUS_LIST_LENGTH_ERROR',
      `the status list holds ${entries} entries of ${statusSize} bit${statusSize === 1 ? '' : 's'}; at least ${MIN_STATUS_LIST_ENTRIES} are required`,
    );
  }
  return { ok: true, value: entries };
}

function checkPosition(bitstring: Bitstring, index: number, statusSize: number): StatusListResult<number> {
  if (!isSupportedStatusSize(statusSize)) {
    return fail('MALFORMED_VALUE_ERROR', `statusSize must be an integer from 1 to ${MAX_STATUS_SIZE}`);
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    return fail('RANGE_ERROR', `the status index ${String(index)} is not a non-negative integer`);
  }
  const entries = entryCount(bitstring, statusSize);
  if (index >= entries) {
    return fail(
      'RANGE_ERROR',
      `the status index ${index} is outside the list, which holds entries 0 to ${entries - 1}`,
    );
  }
  return { ok: true, value: index * statusSize };
}

/**
 * The status value of entry `index`: the `statusSize` bits from bit `index × statusSize`, read most
 * significant first. Fails with RANGE_ERROR when the entry lies outside the bitstring.
 */
export function getStatus(bitstring: Bitstring, index: number, statusSize = 1): StatusListResult<number> {
  const position = checkPosition(bitstring, index, statusSize);
  if (!position.ok) {
    return position;
  }
  let value = 0;
  for (let bit = position.value; bit < position.value + statusSize; bit++) {
    const byte = bitstring.bytes[bit >> 3] as number;
    value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
  }
  return { ok: true, value };
}

/**
 * Writes the status value of entry `index` in place. Fails with RANGE_ERROR for an entry outside the
 * bitstring or a value that does not fit in `statusSize` bits.
 */
export function setStatus(
  bitstring: Bitstring,
  index: number,
  value: number,
  statusSize = 1,
): StatusListResult<void> {
  const position = checkPosition(bitstring, index, statusSize);
  if (!position.ok) {
    return position;
  }
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** statusSize) {
    return fail('RANGE_ERROR', `the status value ${String(value)} does not fit in ${statusSize} bit(s)`);
  }
  for (let offset = 0; offset < statusSize; offset++) {
    const bit = position.value + offset;
    const mask = 0x80 >> (bit & 7);
    const on = (value >> (statusSize - 1 - offset)) & 1;
    const byteIndex = bit >> 3;
    const byte = bitstring.bytes[byteIndex] as number;
    bitstring.bytes[byteIndex] = on ? byte | mask : byte & ~mask;
  }
  return { ok: true, value: undefined };
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/**
 * Inflates GZIP data, failing as soon as the output passes `maxBytes` (a decompression bomb) rather than
 * after it has been held in memory.
 */
async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<StatusListResult<Uint8Array>> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Not awaited before reading: the write only completes once the output is drained. Its rejection (bad
  // data, or the cancel below) surfaces through `reader.read()`, so it is silenced here.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return fail(
          'MALFORMED_VALUE_ERROR',
          `the encodedList inflates to more than ${maxBytes} bytes, the most Cairn accepts`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    return fail(
      'MALFORMED_VALUE_ERROR',
      `the encodedList is not valid GZIP data (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, value: out };
}

/**
 * The `encodedList` of a bitstring: `u` (multibase base64url) + base64url without padding of the GZIP
 * (RFC 1952) compressed bytes.
 * @example
 *   await encodeBitstring(createBitstring().value) // 'uH4sIAAAAAAAA…'
 */
export async function encodeBitstring(bitstring: Bitstring): Promise<string> {
  return `u${base64urlEncode(await gzip(bitstring.bytes))}`;
}

/** A decoded `encodedList`, and whether it carried the multibase `u` prefix the Recommendation requires. */
export type DecodedList = { bitstring: Bitstring; multibase: boolean };

/**
 * Decodes an `encodedList`: multibase base64url (`u…`, as the Recommendation requires), or the bare
 * base64url of earlier drafts and StatusList2021 (`H4sI…`, the base64 of the GZIP header). `multibase`
 * says which it was.
 *
 * Fails with MALFORMED_VALUE_ERROR for another multibase base, characters outside base64url, data that
 * is not GZIP (magic bytes 1f 8b), an empty list, or a list that inflates to more than `maxBytes`
 * (default 16 MiB). The length rule is separate: see `checkListLength`.
 */
export async function decodeEncodedList(
  encodedList: unknown,
  options: { maxBytes?: number } = {},
): Promise<StatusListResult<DecodedList>> {
  if (typeof encodedList !== 'string' || encodedList === '') {
    return fail('MALFORMED_VALUE_ERROR', 'encodedList must be a non-empty string');
  }
  // Base64 of a GZIP header (1f 8b 08) always begins "H4sI"; multibase base64url puts a "u" before it.
  const multibase = encodedList.startsWith('u');
  if (!multibase && !encodedList.startsWith('H4sI')) {
    return fail(
      'MALFORMED_VALUE_ERROR',
      'encodedList must be multibase base64url (starting with "u") of GZIP data',
    );
  }
  let compressed: Uint8Array;
  try {
    compressed = base64urlDecode(multibase ? encodedList.slice(1) : encodedList);
  } catch {
    return fail('MALFORMED_VALUE_ERROR', 'encodedList is not valid base64url');
  }
  if (compressed[0] !== 0x1f || compressed[1] !== 0x8b) {
    return fail('MALFORMED_VALUE_ERROR', 'encodedList is not GZIP data (RFC 1952)');
  }
  const inflated = await gunzip(compressed, options.maxBytes ?? DEFAULT_MAX_BITSTRING_BYTES);
  if (!inflated.ok) {
    return inflated;
  }
  if (inflated.value.length === 0) {
    return fail('MALFORMED_VALUE_ERROR', 'encodedList holds an empty bitstring');
  }
  return { ok: true, value: { bitstring: { bytes: inflated.value }, multibase } };
}

/**
 * Parses a `statusListIndex`: a non-negative integer written in base 10. Fails with
 * MALFORMED_VALUE_ERROR for anything else (a number, a sign, hexadecimal), and with RANGE_ERROR for an
 * index too large to lie in any list Cairn reads.
 */
export function parseStatusListIndex(value: unknown): StatusListResult<number> {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    return fail(
      'MALFORMED_VALUE_ERROR',
      'statusListIndex must be a non-negative integer written as a string',
    );
  }
  const index = Number(value);
  if (!Number.isSafeInteger(index)) {
    return fail('RANGE_ERROR', `the status index ${value} is beyond any list Cairn reads`);
  }
  return { ok: true, value: index };
}
