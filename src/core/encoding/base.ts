/** base58btc and base64url (no padding), the two alphabets Data Integrity, Multikey and JOSE use. */
import { base58 } from '@scure/base';
import { decodeBase64url, encodeBase64url } from './base64url.js';

export function base58Encode(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** Throws a TypeError when the text holds a character outside the base58btc alphabet. */
export function base58Decode(text: string): Uint8Array {
  return base58.decode(text);
}

export function base64urlEncode(bytes: Uint8Array): string {
  return encodeBase64url(bytes);
}

/** Accepts base64url with or without padding; throws a TypeError on anything else. */
export function base64urlDecode(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) {
    end--;
  }
  return decodeBase64url(end === text.length ? text : text.slice(0, end));
}
