import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import {
  chunk,
  concat,
  ihdrData,
  iTxtChunk,
  listChunks,
  makePng,
  PNG_SIGNATURE,
  tExtChunk,
} from '../../../test/support/png-fixtures.js';
import { extractCredential } from '../baking/extract.js';
import { bakePng } from '../baking/png.js';
import { inspectPng, MAX_PNG_DIMENSION } from './inspect-png.js';

function pngOfSize(width: number, height: number): Uint8Array {
  const png = makePng();
  // Replace the 4×4 IHDR with one declaring other dimensions (the pixel data is not decoded).
  const ihdr = chunk('IHDR', ihdrData(width, height));
  return concat(PNG_SIGNATURE, ihdr, png.subarray(8 + 25));
}

describe('inspectPng', () => {
  it('reads the dimensions of a well-formed PNG and keeps it byte for byte', () => {
    const png = makePng();
    const info = inspectPng(png);
    expect(info).toMatchObject({ width: 4, height: 4, removed: [] });
    expect(info.bytes).toEqual(png);
  });

  it('removes text, Exif and time chunks (a baked credential among them) and anything after IEND', () => {
    const png = concat(
      makePng([
        iTxtChunk('openbadgecredential', '{"id":"urn:uuid:1"}'),
        tExtChunk('Author', 'Someone'),
        chunk('tIME', new Uint8Array(7)),
        chunk('pHYs', new Uint8Array(9)),
      ]),
      new TextEncoder().encode('<html><script>alert(1)</script></html>'),
    );
    const info = inspectPng(png);
    expect(info.removed).toEqual(['iTXt', 'tEXt', 'tIME']);
    expect(listChunks(info.bytes).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(new TextDecoder().decode(info.bytes)).not.toContain('script');
  });

  it('a PNG that carried a credential bakes again without a conflict once inspected', () => {
    const upload = makePng([iTxtChunk('openbadgecredential', '{"id":"urn:uuid:old"}')]);
    const credential = JSON.stringify({
      id: 'urn:uuid:new',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
    });
    const baked = bakePng(inspectPng(upload).bytes, credential);
    expect(extractCredential(baked).text).toBe(credential);
  });

  it(`accepts ${MAX_PNG_DIMENSION}×${MAX_PNG_DIMENSION} and refuses anything larger or empty`, () => {
    expect(inspectPng(pngOfSize(MAX_PNG_DIMENSION, MAX_PNG_DIMENSION))).toMatchObject({
      width: MAX_PNG_DIMENSION,
    });
    expectAppError(() => inspectPng(pngOfSize(MAX_PNG_DIMENSION + 1, 10)), 'IMAGE_INVALID', /4097×10/);
    expectAppError(() => inspectPng(pngOfSize(10, 100_000)), 'IMAGE_INVALID', /at most/);
    expectAppError(() => inspectPng(pngOfSize(0, 10)), 'IMAGE_INVALID', /empty/);
    expectAppError(() => inspectPng(pngOfSize(200, 200), 100), 'IMAGE_INVALID');
  });

  it('refuses what is not a complete, intact PNG', () => {
    const png = makePng();
    expectAppError(() => inspectPng(new TextEncoder().encode('<svg/>')), 'IMAGE_INVALID', /signature/);
    expectAppError(() => inspectPng(png.subarray(0, png.length - 12)), 'IMAGE_INVALID', /IEND/);
    const corrupt = png.slice();
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff;
    expectAppError(() => inspectPng(corrupt), 'IMAGE_INVALID', /CRC/);
    expectAppError(() => inspectPng(PNG_SIGNATURE), 'IMAGE_INVALID');
  });
});
