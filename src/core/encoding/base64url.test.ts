import { base64urlnopad } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.js';

/** The table-driven codec must agree with @scure/base's strict one, input for input. */
function scureDecode(text: string): Uint8Array | 'error' {
  try {
    return base64urlnopad.decode(text);
  } catch {
    return 'error';
  }
}

function ownDecode(text: string): Uint8Array | 'error' {
  try {
    return decodeBase64url(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return 'error';
  }
}

describe('base64url', () => {
  it('encodes exactly as @scure/base', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(encodeBase64url(bytes)).toBe(base64urlnopad.encode(bytes));
        expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts and refuses the same text as @scure/base', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const text = fc.string({
      unit: fc.constantFrom(...alphabet, '+', '/', '=', ' ', 'é', '\u0000'),
      maxLength: 13,
    });
    fc.assert(
      fc.property(text, (input) => {
        expect(ownDecode(input)).toEqual(scureDecode(input));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses non-zero padding bits and dangling characters', () => {
    expect(ownDecode('QQ')).toEqual(new Uint8Array([65]));
    expect(ownDecode('QR')).toBe('error');
    expect(ownDecode('QUI')).toEqual(new Uint8Array([65, 66]));
    expect(ownDecode('QUJ')).toBe('error');
    expect(ownDecode('QUJDR')).toBe('error');
  });
});
