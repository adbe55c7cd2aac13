/**
 * Checks an uploaded PNG by its bytes, whatever content type it came with: the signature, every chunk's
 * length, type and CRC, an IHDR first, an IDAT, an IEND, and the dimensions IHDR declares. The PNG kept
 * is rebuilt from its chunks without the metadata ones: text (which could hold a baked credential, or
 * an author's details), Exif and modification time.
 */
import { AppError } from '../../errors.js';
import { PNG_SIGNATURE, readPngLayout } from '../baking/png-chunks.js';

/** Metadata chunks removed from an uploaded PNG. A baked OB credential is an iTXt (OB 2.0: tEXt/iTXt). */
const METADATA_CHUNKS: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** Larger than any badge needs; a limit on declared dimensions keeps decoders out of trouble. */
export const MAX_PNG_DIMENSION = 4096;

export type PngInfo = {
  width: number;
  height: number;
  /**
   * The PNG to keep: its chunks up to IEND without the metadata chunks. Bytes appended after IEND (a
   * polyglot's second file) are cut off.
   */
  bytes: Uint8Array;
  /** The types of the chunks left out, in order. */
  removed: string[];
};

function readUint32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset);
}

/**
 * Reads a PNG's structure and dimensions.
 *
 * Fails with `IMAGE_INVALID` when the bytes are not a complete, well-formed PNG (see `readPngLayout`),
 * or IHDR declares a width or height of 0 or above `maxDimension` (default 4096).
 *
 * @see https://www.w3.org/TR/png-3/#11IHDR
 * @example
 *   const { width, height, bytes } = inspectPng(upload); // store `bytes`, not `upload`
 */
export function inspectPng(png: Uint8Array, maxDimension: number = MAX_PNG_DIMENSION): PngInfo {
  const layout = readPngLayout(png);
  const header = layout.chunks[0];
  if (header === undefined) {
    throw new AppError('IMAGE_INVALID', 'The PNG has no IHDR chunk');
  }
  const width = readUint32(png, header.dataStart);
  const height = readUint32(png, header.dataStart + 4);
  if (width === 0 || height === 0) {
    throw new AppError('IMAGE_INVALID', `The PNG declares an empty image (${width}×${height})`);
  }
  if (width > maxDimension || height > maxDimension) {
    throw new AppError(
      'IMAGE_INVALID',
      `The PNG is ${width}×${height} pixels; at most ${maxDimension}×${maxDimension} is accepted`,
    );
  }
  const kept = layout.chunks.filter((chunk) => !METADATA_CHUNKS.has(chunk.type));
  const bytes = new Uint8Array(
    PNG_SIGNATURE.length + kept.reduce((total, chunk) => total + chunk.end - chunk.start, 0),
  );
  bytes.set(PNG_SIGNATURE, 0);
  let offset = PNG_SIGNATURE.length;
  for (const chunk of kept) {
    bytes.set(png.subarray(chunk.start, chunk.end), offset);
    offset += chunk.end - chunk.start;
  }
  const removed = layout.chunks.filter((chunk) => METADATA_CHUNKS.has(chunk.type)).map((chunk) => chunk.type);
  return { width, height, bytes, removed };
}
