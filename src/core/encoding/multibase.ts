/**
 * Multibase (base58btc, prefix `z`) and the multicodec headers of the key types Cairn handles.
 * @see https://www.w3.org/TR/cid-1.0/#Multikey
 * @see https://github.com/multiformats/multicodec/blob/master/table.csv
 */
import { base58Decode, base58Encode } from './base.js';
import { concatBytes } from './bytes.js';

/** Two-byte varint headers of the multicodec table. */
export const MULTICODEC = {
  ED25519_PUB: [0xed, 0x01],
  ED25519_PRIV: [0x80, 0x26],
  P256_PUB: [0x80, 0x24],
  P256_PRIV: [0x86, 0x26],
  RSA_PUB: [0x85, 0x24],
} as const satisfies Record<string, readonly [number, number]>;

export type MulticodecName = keyof typeof MULTICODEC;

export function multibaseEncode(bytes: Uint8Array): string {
  return `z${base58Encode(bytes)}`;
}

/** Decodes a base58btc multibase string; throws a TypeError for another base or a bad character. */
export function multibaseDecode(text: string): Uint8Array {
  if (!text.startsWith('z')) {
    throw new TypeError('Only base58btc multibase values (starting with "z") are supported');
  }
  return base58Decode(text.slice(1));
}

export function encodeMulticodec(name: MulticodecName, key: Uint8Array): string {
  return multibaseEncode(concatBytes(Uint8Array.from(MULTICODEC[name]), key));
}

/** Splits a multibase multicodec value into its codec and key bytes; undefined for an unknown codec. */
export function decodeMulticodec(text: string): { codec: MulticodecName; key: Uint8Array } | undefined {
  const bytes = multibaseDecode(text);
  for (const [name, header] of Object.entries(MULTICODEC) as [MulticodecName, readonly [number, number]][]) {
    if (bytes[0] === header[0] && bytes[1] === header[1]) {
      return { codec: name, key: bytes.subarray(2) };
    }
  }
  return undefined;
}
