/** base58btc and base64url (no padding), the two alphabets Data Integrity, Multikey and JOSE use. */
import { base58, base64urlnopad } from '@scure/base';

export function base58Encode(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** Throws a TypeError when the text holds a character outside the base58btc alphabet. */
export function base58Decode(text: string): Uint8Array {
  return base58.decode(text);
}

export function base64urlEncode(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Accepts base64url with or without padding; throws a TypeError on anything else. */
export function base64urlDecode(text: string): Uint8Array {
  return base64urlnopad.decode(text.replace(/=+$/, ''));
}
