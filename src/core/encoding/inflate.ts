/**
 * A small synchronous DEFLATE decoder (RFC 1951) with the zlib wrapper (RFC 1950), for reading PDF
 * `FlateDecode` streams in the pure core. Synchronous so that extracting a credential from a PDF stays
 * a plain function like the PNG and SVG extractors (`DecompressionStream` is asynchronous only).
 *
 * Output is capped: a stream that would inflate past `maxOutput` bytes fails instead of eating memory
 * (a "zip bomb" inside a PDF).
 *
 * @see https://www.rfc-editor.org/rfc/rfc1951
 * @see https://www.rfc-editor.org/rfc/rfc1950
 */

/** Why inflation failed; callers turn it into their own AppError. */
export class InflateError extends Error {
  override readonly name = 'InflateError';
}

/** The default ceiling on inflated output: 16 MiB. */
export const DEFAULT_MAX_INFLATED = 16 * 1024 * 1024;

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order code length code lengths are sent in (RFC 1951 §3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
type Huffman = { counts: Uint16Array; symbols: Uint16Array };

function buildHuffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) {
    counts[lengths[i]!]!++;
  }
  counts[0] = 0;
  // An over-subscribed code cannot be decoded; an incomplete one is allowed (RFC 1951 permits one code).
  let left = 1;
  for (let length = 1; length < 16; length++) {
    left = left * 2 - counts[length]!;
    if (left < 0) {
      throw new InflateError('over-subscribed Huffman code');
    }
  }
  const offsets = new Uint16Array(16);
  for (let length = 1; length < 15; length++) {
    offsets[length + 1] = offsets[length]! + counts[length]!;
  }
  const symbols = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length !== 0) {
      symbols[offsets[length]!++] = symbol;
    }
  }
  return { counts, symbols };
}

const FIXED_LITERALS = buildHuffman(
  Array.from({ length: 288 }, (_, symbol) => (symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8)),
);
const FIXED_DISTANCES = buildHuffman(Array.from({ length: 30 }, () => 5));

class Decoder {
  private position = 0;
  private bitBuffer = 0;
  private bitCount = 0;
  private output: Uint8Array;
  private length = 0;

  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly maxOutput: number,
  ) {
    this.position = start;
    this.output = new Uint8Array(Math.min(Math.max(1024, input.length * 4), maxOutput));
  }

  get inputPosition(): number {
    return this.position;
  }

  private bits(count: number): number {
    while (this.bitCount < count) {
      if (this.position >= this.input.length) {
        throw new InflateError('the compressed data ends too soon');
      }
      this.bitBuffer |= this.input[this.position++]! << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuffer & ((1 << count) - 1);
    this.bitBuffer >>>= count;
    this.bitCount -= count;
    return value;
  }

  private decodeSymbol(code: Huffman): number {
    // Canonical codes are read one bit at a time, most significant bit first (RFC 1951 §3.1.1).
    let value = 0;
    let first = 0;
    let index = 0;
    for (let length = 1; length < 16; length++) {
      value |= this.bits(1);
      const count = code.counts[length]!;
      if (value - first < count) {
        return code.symbols[index + value - first]!;
      }
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    throw new InflateError('invalid Huffman code');
  }

  private ensure(extra: number): void {
    const needed = this.length + extra;
    if (needed > this.maxOutput) {
      throw new InflateError(`the data inflates past ${this.maxOutput} bytes`);
    }
    if (needed > this.output.length) {
      const grown = new Uint8Array(Math.min(this.maxOutput, Math.max(needed, this.output.length * 2)));
      grown.set(this.output.subarray(0, this.length));
      this.output = grown;
    }
  }

  private stored(): void {
    this.bitBuffer = 0;
    this.bitCount = 0;
    if (this.position + 4 > this.input.length) {
      throw new InflateError('a stored block is cut off');
    }
    const length = this.input[this.position]! | (this.input[this.position + 1]! << 8);
    const complement = this.input[this.position + 2]! | (this.input[this.position + 3]! << 8);
    this.position += 4;
    if (length !== (~complement & 0xffff)) {
      throw new InflateError('a stored block has a bad length');
    }
    if (this.position + length > this.input.length) {
      throw new InflateError('a stored block is cut off');
    }
    this.ensure(length);
    this.output.set(this.input.subarray(this.position, this.position + length), this.length);
    this.length += length;
    this.position += length;
  }

  private codes(literals: Huffman, distances: Huffman): void {
    for (;;) {
      const symbol = this.decodeSymbol(literals);
      if (symbol < 256) {
        this.ensure(1);
        this.output[this.length++] = symbol;
        continue;
      }
      if (symbol === 256) {
        return;
      }
      const lengthIndex = symbol - 257;
      if (lengthIndex >= 29) {
        throw new InflateError('invalid length symbol');
      }
      const length = LENGTH_BASE[lengthIndex]! + this.bits(LENGTH_EXTRA[lengthIndex]!);
      const distanceIndex = this.decodeSymbol(distances);
      if (distanceIndex >= 30) {
        throw new InflateError('invalid distance symbol');
      }
      const distance = DIST_BASE[distanceIndex]! + this.bits(DIST_EXTRA[distanceIndex]!);
      if (distance > this.length) {
        throw new InflateError('a distance points before the start of the data');
      }
      this.ensure(length);
      // Byte by byte: a copy may overlap what it writes (distance < length repeats a pattern).
      for (let i = 0; i < length; i++) {
        this.output[this.length] = this.output[this.length - distance]!;
        this.length++;
      }
    }
  }

  private dynamic(): void {
    const literalCount = this.bits(5) + 257;
    const distanceCount = this.bits(5) + 1;
    const codeLengthCount = this.bits(4) + 4;
    if (literalCount > 286 || distanceCount > 30) {
      throw new InflateError('too many length or distance codes');
    }
    const codeLengthLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) {
      codeLengthLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    }
    const codeLengthCode = buildHuffman(codeLengthLengths);
    const lengths = new Uint8Array(literalCount + distanceCount);
    let index = 0;
    while (index < lengths.length) {
      const symbol = this.decodeSymbol(codeLengthCode);
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (index === 0) {
          throw new InflateError('a repeat with no previous length');
        }
        value = lengths[index - 1]!;
        repeat = 3 + this.bits(2);
      } else if (symbol === 17) {
        repeat = 3 + this.bits(3);
      } else {
        repeat = 11 + this.bits(7);
      }
      if (index + repeat > lengths.length) {
        throw new InflateError('too many code lengths');
      }
      lengths.fill(value, index, index + repeat);
      index += repeat;
    }
    if (lengths[256] === 0) {
      throw new InflateError('no end-of-block code');
    }
    this.codes(buildHuffman(lengths.subarray(0, literalCount)), buildHuffman(lengths.subarray(literalCount)));
  }

  run(): Uint8Array {
    let last = 0;
    while (last === 0) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) {
        this.stored();
      } else if (type === 1) {
        this.codes(FIXED_LITERALS, FIXED_DISTANCES);
      } else if (type === 2) {
        this.dynamic();
      } else {
        throw new InflateError('invalid block type');
      }
    }
    // Whole bytes only from here: drop the bits left in the last byte.
    this.bitBuffer = 0;
    this.bitCount = 0;
    return this.output.slice(0, this.length);
  }
}

/**
 * Inflates raw DEFLATE data. Throws `InflateError` for corrupt data or output past `maxOutput`.
 *
 * @example
 * inflateRaw(deflateRawSync(bytes)); // bytes
 */
export function inflateRaw(input: Uint8Array, maxOutput = DEFAULT_MAX_INFLATED): Uint8Array {
  return new Decoder(input, 0, maxOutput).run();
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5552 bytes keep the sums below 2^32 between reductions (zlib's NMAX).
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Inflates zlib-wrapped DEFLATE data (what PDF's `FlateDecode` holds), checking the header and, when
 * present, the Adler-32 checksum. Throws `InflateError` for anything else, corrupt data or output past
 * `maxOutput`.
 *
 * @example
 * inflateZlib(deflateSync(bytes)); // bytes
 */
export function inflateZlib(input: Uint8Array, maxOutput = DEFAULT_MAX_INFLATED): Uint8Array {
  if (input.length < 2) {
    throw new InflateError('the zlib header is missing');
  }
  const cmf = input[0]!;
  const flg = input[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw new InflateError('not zlib data (bad header)');
  }
  if (flg & 0x20) {
    throw new InflateError('zlib data with a preset dictionary is not supported');
  }
  const decoder = new Decoder(input, 2, maxOutput);
  const output = decoder.run();
  const end = decoder.inputPosition;
  // Some PDF writers omit the checksum; when it is there it must match.
  if (end + 4 <= input.length) {
    const stored =
      ((input[end]! << 24) | (input[end + 1]! << 16) | (input[end + 2]! << 8) | input[end + 3]!) >>> 0;
    if (stored !== adler32(output)) {
      throw new InflateError('the zlib checksum does not match');
    }
  }
  return output;
}
