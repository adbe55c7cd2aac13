import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { iTxtChunk, makePng, tExtChunk } from '../../../test/support/png-fixtures.js';
import { AppError } from '../../errors.js';
import { bakePng, bakeSvg, detectImageType, extractCredential } from './index.js';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';
const JSON_CREDENTIAL = '{"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Ünïcödé ]]> <&>"}';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>';
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectImageType', () => {
  it('recognizes PNG by its signature and SVG by an <svg> tag in UTF-8 text', () => {
    expect(detectImageType(makePng())).toBe('png');
    expect(detectImageType(utf8(SVG))).toBe('svg');
    expect(detectImageType(utf8(`\uFEFF<?xml version="1.0"?>\n${SVG}`))).toBe('svg');
    expect(detectImageType(utf8('<s:svg xmlns:s="http://www.w3.org/2000/svg"/>'))).toBe('svg');
  });

  it('returns undefined for anything else', () => {
    expect(detectImageType(new Uint8Array())).toBeUndefined();
    expect(detectImageType(utf8('GIF89a'))).toBeUndefined();
    expect(detectImageType(utf8('<svgfoo/>'))).toBeUndefined();
    expect(detectImageType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBeUndefined();
    expect(detectImageType(Uint8Array.of(0x3c, 0x73, 0x76, 0x67, 0x20, 0xff))).toBeUndefined(); // "<svg " + invalid UTF-8
  });
});

describe('extractCredential', () => {
  it('dispatches to the PNG and SVG extractors', () => {
    expect(extractCredential(bakePng(makePng(), JSON_CREDENTIAL))).toEqual({
      obVersion: '3.0',
      kind: 'json',
      text: JSON_CREDENTIAL,
    });
    expect(extractCredential(utf8(bakeSvg(SVG, JSON_CREDENTIAL)))).toEqual({
      obVersion: '3.0',
      kind: 'json',
      text: JSON_CREDENTIAL,
    });
    expect(extractCredential(utf8(`\uFEFF${bakeSvg(SVG, JWT)}`))).toEqual({
      obVersion: '3.0',
      kind: 'jwt',
      text: JWT,
    });
    expect(extractCredential(makePng([iTxtChunk('openbadges', JWT)]))).toEqual({
      obVersion: '2.0',
      kind: 'jws',
      text: JWT,
    });
    expect(extractCredential(makePng([tExtChunk('openbadges', 'https://example.org/a')])).obVersion).toBe(
      '1.x',
    );
  });

  it('reports a file that is neither PNG nor SVG, and an image without a credential', () => {
    expectAppError(
      () => extractCredential(utf8('{"not":"an image"}')),
      'IMAGE_INVALID',
      /neither a PNG nor an SVG image, nor a PDF/,
    );
    expectAppError(() => extractCredential(new Uint8Array()), 'IMAGE_INVALID');
    expectAppError(() => extractCredential(makePng()), 'IMAGE_NO_CREDENTIAL');
    expectAppError(() => extractCredential(utf8(SVG)), 'IMAGE_NO_CREDENTIAL');
  });

  it('only ever throws AppError on random bytes, random PNG-like and random SVG-like input', () => {
    const png = bakePng(makePng(), JWT);
    const inputs = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc.uint8Array({ maxLength: 256 }).map((tail) => {
        const bytes = new Uint8Array(8 + tail.length);
        bytes.set(png.subarray(0, 8));
        bytes.set(tail, 8);
        return bytes;
      }),
      fc.string({ maxLength: 256 }).map((text) => utf8(`<svg ${text}`)),
    );
    fc.assert(
      fc.property(inputs, (bytes) => {
        try {
          extractCredential(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
