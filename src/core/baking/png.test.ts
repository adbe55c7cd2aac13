import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import {
  chunk,
  concat,
  inflateImageData,
  iTxtChunk,
  listChunks,
  makePng,
  PNG_SIGNATURE,
  pixelRows,
  tExtChunk,
} from '../../../test/support/png-fixtures.js';
import { AppError } from '../../errors.js';
import { bakePng, extractFromPng } from './png.js';

const JSON_CREDENTIAL = JSON.stringify({
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Ünïcödé 💡 naïve — 日本語 ]]> <tag> & &amp; "quotes"',
});
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';

function keywordOf(data: Uint8Array): string {
  return new TextDecoder().decode(data.subarray(0, data.indexOf(0)));
}

describe('bakePng / extractFromPng', () => {
  it('round-trips a JSON credential with Unicode, ]]>, < and &', () => {
    expect(extractFromPng(bakePng(makePng(), JSON_CREDENTIAL))).toEqual({
      obVersion: '3.0',
      kind: 'json',
      text: JSON_CREDENTIAL,
    });
  });

  it('round-trips a compact JWS as kind jwt', () => {
    expect(extractFromPng(bakePng(makePng(), JWT))).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
  });

  it('writes the iTXt chunk byte for byte as PNG §11.3.3.4 and OB 3.0 require', () => {
    const baked = bakePng(makePng(), JSON_CREDENTIAL);
    const textBytes = new TextEncoder().encode(JSON_CREDENTIAL);
    const keyword = new TextEncoder().encode('openbadgecredential');
    const expectedData = concat(
      keyword,
      Uint8Array.of(0), // null separator
      Uint8Array.of(0), // compression flag: uncompressed
      Uint8Array.of(0), // compression method
      Uint8Array.of(0), // empty language tag + null separator
      Uint8Array.of(0), // empty translated keyword + null separator
      textBytes,
    );
    // It comes right after the signature and the 25-byte IHDR chunk, as one complete chunk.
    const start = 8 + 25;
    expect(baked.subarray(start, start + 12 + expectedData.length)).toEqual(chunk('iTXt', expectedData));
    const view = new DataView(baked.buffer, baked.byteOffset);
    expect(view.getUint32(start)).toBe(expectedData.length);
    expect(new TextDecoder().decode(baked.subarray(start + 4, start + 8))).toBe('iTXt');
  });

  it('leaves the image intact: IHDR first, the credential before IDAT, IDAT unchanged, IEND last', () => {
    const original = makePng();
    const baked = bakePng(original, JWT);
    const types = listChunks(baked).map((c) => c.type);
    expect(types).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(baked.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const originalIdat = listChunks(original).find((c) => c.type === 'IDAT');
    const bakedIdat = listChunks(baked).find((c) => c.type === 'IDAT');
    expect(bakedIdat).toEqual(originalIdat);
    expect(inflateImageData(baked)).toEqual(pixelRows());
    expect(baked.length).toBe(original.length + 12 + 'openbadgecredential'.length + 5 + JWT.length);
  });

  it('does not modify its input, and accepts a view into a larger buffer', () => {
    const png = makePng();
    const copy = png.slice();
    const padded = new Uint8Array(png.length + 20);
    padded.set(png, 10);
    const view = padded.subarray(10, 10 + png.length);
    expect(bakePng(view, JWT)).toEqual(bakePng(png, JWT));
    expect(png).toEqual(copy);
  });

  it('keeps other chunks and bytes after IEND', () => {
    const png = concat(
      makePng([tExtChunk('Title', 'badge'), iTxtChunk('Comment', 'hi')]),
      Uint8Array.of(1, 2, 3),
    );
    const baked = bakePng(png, JWT);
    expect(baked.subarray(baked.length - 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(extractFromPng(baked).text).toBe(JWT);
  });

  it('refuses to re-bake without overwrite, and replaces the credential with it', () => {
    const baked = bakePng(makePng(), JSON_CREDENTIAL);
    expectAppError(() => bakePng(baked, JWT), 'IMAGE_ALREADY_BAKED');
    const rebaked = bakePng(baked, JWT, { overwrite: true });
    const credentials = listChunks(rebaked).filter((c) => c.type === 'iTXt');
    expect(credentials).toHaveLength(1);
    expect(extractFromPng(rebaked)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
    expect(listChunks(rebaked).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
  });

  it('treats an OB 2.0 or pre-2.0 baked PNG as already baked, and overwrite replaces every such chunk', () => {
    const legacy = makePng([
      iTxtChunk('openbadges', '{"type":"Assertion"}'),
      tExtChunk('openbadges', 'https://a.example/1'),
    ]);
    expectAppError(() => bakePng(legacy, JWT), 'IMAGE_ALREADY_BAKED');
    const rebaked = bakePng(legacy, JWT, { overwrite: true });
    const text = listChunks(rebaked).filter((c) => c.type === 'iTXt' || c.type === 'tEXt');
    expect(text.map((c) => keywordOf(c.data))).toEqual(['openbadgecredential']);
  });

  it('refuses a credential that is neither JSON nor a compact JWS', () => {
    expectAppError(() => bakePng(makePng(), 'not a credential'), 'INVALID_INPUT');
    expectAppError(() => bakePng(makePng(), '{"broken": '), 'INVALID_JSON');
    expectAppError(() => bakePng(makePng(), '{"lone":"\uD800"}'), 'INVALID_INPUT');
  });
});

describe('extractFromPng: OB 2.0 and pre-2.0 images', () => {
  it('reads an OB 2.0 iTXt openbadges chunk holding JSON, a JWS or a URL', () => {
    const assertion = '{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}';
    expect(extractFromPng(makePng([iTxtChunk('openbadges', assertion)]))).toEqual({
      obVersion: '2.0',
      kind: 'json',
      text: assertion,
    });
    expect(extractFromPng(makePng([iTxtChunk('openbadges', JWT)]))).toEqual({
      obVersion: '2.0',
      kind: 'jws',
      text: JWT,
    });
    expect(extractFromPng(makePng([iTxtChunk('openbadges', 'https://example.org/assertions/1')]))).toEqual({
      obVersion: '2.0',
      kind: 'url',
      text: 'https://example.org/assertions/1',
    });
  });

  it('reads a pre-2.0 tEXt openbadges chunk holding a URL', () => {
    expect(extractFromPng(makePng([tExtChunk('openbadges', 'http://example.org/a.json')]))).toEqual({
      obVersion: '1.x',
      kind: 'url',
      text: 'http://example.org/a.json',
    });
    expectAppError(() => extractFromPng(makePng([tExtChunk('openbadges', 'not a url')])), 'IMAGE_INVALID');
  });

  it('ignores language tag and translated keyword, and other text chunks', () => {
    const png = makePng([
      tExtChunk('Software', 'openbadgecredential'),
      iTxtChunk('openbadgecredential', JWT, { languageTag: 'en', translatedKeyword: 'Ausweis' }),
    ]);
    expect(extractFromPng(png)).toEqual({ obVersion: '3.0', kind: 'jwt', text: JWT });
  });

  it('stops at the first credential chunk', () => {
    const second = JWT.replace('c2lnbmF0dXJl', 'b3RoZXI');
    expect(
      extractFromPng(
        makePng([iTxtChunk('openbadgecredential', JWT), iTxtChunk('openbadgecredential', second)]),
      ).text,
    ).toBe(JWT);
    expect(
      extractFromPng(makePng([iTxtChunk('openbadges', second), iTxtChunk('openbadgecredential', JWT)])),
    ).toEqual({
      obVersion: '2.0',
      kind: 'jws',
      text: second,
    });
    // The first one decides, even if it is bad.
    expectAppError(
      () =>
        extractFromPng(
          makePng([iTxtChunk('openbadgecredential', 'garbage'), iTxtChunk('openbadgecredential', JWT)]),
        ),
      'IMAGE_INVALID',
    );
  });

  it('reports a compressed iTXt chunk, which the baking spec forbids', () => {
    expectAppError(
      () => extractFromPng(makePng([iTxtChunk('openbadgecredential', JWT, { compressed: true })])),
      'IMAGE_INVALID',
      /compressed/,
    );
  });

  it('reports an image with no credential, or an empty one', () => {
    expectAppError(() => extractFromPng(makePng()), 'IMAGE_NO_CREDENTIAL');
    expectAppError(
      () => extractFromPng(makePng([iTxtChunk('openbadgecredential', ' ')])),
      'IMAGE_NO_CREDENTIAL',
    );
  });

  it('reports text that is not a credential, and text that is not UTF-8', () => {
    expectAppError(
      () => extractFromPng(makePng([iTxtChunk('openbadgecredential', 'https://x.example')])),
      'IMAGE_INVALID',
    );
    const badUtf8 = chunk(
      'iTXt',
      concat(new TextEncoder().encode('openbadgecredential'), Uint8Array.of(0, 0, 0, 0, 0, 0xff)),
    );
    expectAppError(() => extractFromPng(makePng([badUtf8])), 'IMAGE_INVALID', /UTF-8/);
    const cut = chunk(
      'iTXt',
      concat(new TextEncoder().encode('openbadgecredential'), Uint8Array.of(0, 0, 0)),
    );
    expectAppError(() => extractFromPng(makePng([cut])), 'IMAGE_INVALID', /null separator/);
  });
});

describe('extractFromPng: damaged images', () => {
  const baked = bakePng(makePng(), JSON_CREDENTIAL);

  it('refuses every truncation of a baked PNG', () => {
    for (let length = 0; length < baked.length; length++) {
      expectAppError(() => extractFromPng(baked.subarray(0, length)), 'IMAGE_INVALID');
    }
  });

  it('refuses a bad CRC', () => {
    const damaged = baked.slice();
    const idat = damaged.length - 12 - 4; // first byte of IDAT's CRC (IEND is the last 12 bytes)
    damaged[idat] = damaged[idat]! ^ 0xff;
    expectAppError(() => extractFromPng(damaged), 'IMAGE_INVALID', /CRC/);
    const flipped = baked.slice();
    flipped[8 + 25 + 12] = flipped[8 + 25 + 12]! ^ 1; // inside the credential text
    expectAppError(() => extractFromPng(flipped), 'IMAGE_INVALID', /CRC/);
  });

  it('refuses a chunk length past the end of the file', () => {
    for (const length of [0xffffffff, 0x7fffffff, 0x10000]) {
      const damaged = baked.slice();
      new DataView(damaged.buffer).setUint32(8 + 25, length);
      expectAppError(() => extractFromPng(damaged), 'IMAGE_INVALID', /past the end/);
    }
  });

  it('refuses a file that is not a PNG, or one without IHDR first or without IDAT', () => {
    expectAppError(() => extractFromPng(new TextEncoder().encode('GIF89a...')), 'IMAGE_INVALID', /signature/);
    const noIhdr = concat(PNG_SIGNATURE, chunk('IDAT', new Uint8Array(2)), chunk('IEND', new Uint8Array()));
    expectAppError(() => extractFromPng(noIhdr), 'IMAGE_INVALID', /IHDR/);
    const png = makePng();
    const noIdat = concat(png.subarray(0, 33), chunk('IEND', new Uint8Array()));
    expectAppError(() => extractFromPng(noIdat), 'IMAGE_INVALID', /IDAT/);
    const badType = baked.slice();
    badType[8 + 25 + 4] = 0x31;
    expectAppError(() => extractFromPng(badType), 'IMAGE_INVALID', /type/);
  });

  it('only ever throws AppError on a randomly damaged baked PNG', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.nat()),
        (edits, cut) => {
          const damaged = baked.slice(0, cut === null ? undefined : cut % (baked.length + 1));
          for (const { at, value } of edits) {
            if (damaged.length > 0) {
              damaged[at % damaged.length] = value;
            }
          }
          try {
            const result = extractFromPng(damaged);
            expect(result.obVersion).toBe('3.0');
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
