/**
 * base64url without padding (RFC 4648 §5), table-driven: VC-JWT encodes and decodes kilobytes of it per
 * credential, which a generic radix converter does several times slower. Decoding is strict, like
 * @scure/base: an invalid character, a dangling sixth of a byte or non-zero padding bits is an error.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CODES = Uint8Array.from(ALPHABET, (character) => character.charCodeAt(0));
const VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < ALPHABET.length; index++) {
  VALUES[ALPHABET.charCodeAt(index)] = index;
}
/** The encoded text is ASCII, which every TextDecoder label decodes unchanged. */
const ascii = new TextDecoder('latin1');

export function encodeBase64url(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = CODES[n >> 18] as number;
    out[o++] = CODES[(n >> 12) & 63] as number;
    out[o++] = CODES[(n >> 6) & 63] as number;
    out[o++] = CODES[n & 63] as number;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = CODES[n >> 18] as number;
    out[o++] = CODES[(n >> 12) & 63] as number;
    if (rest === 2) {
      out[o++] = CODES[(n >> 6) & 63] as number;
    }
  }
  return ascii.decode(out);
}

/** The 6-bit value of a character, or -1 (which makes the OR of a group negative). */
function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (VALUES[code] as number) : -1;
}

function invalid(): never {
  throw new TypeError('base64url: invalid character');
}

/** Decodes unpadded base64url; throws a TypeError for anything that is not its canonical form. */
export function decodeBase64url(text: string): Uint8Array {
  const rest = text.length % 4;
  if (rest === 1) {
    throw new TypeError('base64url: invalid length');
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  const whole = text.length - rest;
  for (; i < whole; i += 4) {
    const a = digit(text, i);
    const b = digit(text, i + 1);
    const c = digit(text, i + 2);
    const d = digit(text, i + 3);
    if ((a | b | c | d) < 0) {
      invalid();
    }
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest > 0) {
    const a = digit(text, i);
    const b = digit(text, i + 1);
    const c = rest === 3 ? digit(text, i + 2) : 0;
    if ((a | b | c) < 0) {
      invalid();
    }
    const n = (a << 18) | (b << 12) | (c << 6);
    // The bits past the last whole byte must be zero (the canonical form).
    if ((rest === 2 ? n & 0xffff : n & 0xff) !== 0) {
      throw new TypeError('base64url: non-zero padding bits');
    }
    out[o++] = n >> 16;
    if (rest === 3) {
      out[o++] = (n >> 8) & 255;
    }
  }
  return out;
}
