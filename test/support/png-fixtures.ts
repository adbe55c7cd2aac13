/**
 * Test-only PNG builders and readers for the baking tests. They use node:zlib (including its CRC-32),
 * so they are independent of the code under test.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export type RawChunk = { type: string; data: Uint8Array; crc: number; storedLength: number };

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One chunk: length, type, data, CRC-32 over type + data. */
export function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = new TextEncoder().encode(type);
  return concat(uint32(data.length), typeBytes, data, uint32(crc32(concat(typeBytes, data))));
}

/** The pixels of the test image: a 4x4 RGBA gradient. */
export function pixelRows(width = 4, height = 4): Uint8Array {
  const rows = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    rows[row] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      rows.set([x * 60, y * 60, 128, 255], row + 1 + x * 4);
    }
  }
  return rows;
}

export function ihdrData(width = 4, height = 4): Uint8Array {
  // width, height, bit depth 8, colour type 6 (RGBA), compression 0, filter 0, interlace 0
  return concat(uint32(width), uint32(height), Uint8Array.of(8, 6, 0, 0, 0));
}

/** A valid 4x4 RGBA PNG; `extra` chunks go between IHDR and IDAT. */
export function makePng(extra: Uint8Array[] = []): Uint8Array {
  return concat(
    PNG_SIGNATURE,
    chunk('IHDR', ihdrData()),
    ...extra,
    chunk('IDAT', new Uint8Array(deflateSync(pixelRows()))),
    chunk('IEND', new Uint8Array()),
  );
}

/** An iTXt chunk built field by field (PNG §11.3.3.4). */
export function iTxtChunk(
  keyword: string,
  text: string,
  options: { compressed?: boolean; languageTag?: string; translatedKeyword?: string } = {},
): Uint8Array {
  const encoder = new TextEncoder();
  const textBytes = options.compressed
    ? new Uint8Array(deflateSync(encoder.encode(text)))
    : encoder.encode(text);
  return chunk(
    'iTXt',
    concat(
      encoder.encode(keyword),
      Uint8Array.of(0, options.compressed ? 1 : 0, 0),
      encoder.encode(options.languageTag ?? ''),
      Uint8Array.of(0),
      encoder.encode(options.translatedKeyword ?? ''),
      Uint8Array.of(0),
      textBytes,
    ),
  );
}

/** A tEXt chunk (Latin-1; ASCII in the tests). */
export function tExtChunk(keyword: string, text: string): Uint8Array {
  const encoder = new TextEncoder();
  return chunk('tEXt', concat(encoder.encode(keyword), Uint8Array.of(0), encoder.encode(text)));
}

/** Every chunk of a PNG, read independently of the code under test; throws on a malformed file. */
export function listChunks(png: Uint8Array): RawChunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: RawChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const storedLength = view.getUint32(offset);
    const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    const data = png.slice(offset + 8, offset + 8 + storedLength);
    const crc = view.getUint32(offset + 8 + storedLength);
    if (crc !== crc32(png.subarray(offset + 4, offset + 8 + storedLength))) {
      throw new Error(`bad CRC in ${type}`);
    }
    chunks.push({ type, data, crc, storedLength });
    offset += 12 + storedLength;
  }
  return chunks;
}

/** The decompressed image data of a PNG (all IDAT chunks joined, then inflated). */
export function inflateImageData(png: Uint8Array): Uint8Array {
  const idat = concat(
    ...listChunks(png)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
  return new Uint8Array(inflateSync(idat));
}
