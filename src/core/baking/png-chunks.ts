import { AppError } from '../../errors.js';
import { crc32 } from './crc32.js';

/** The 8 bytes every PNG datastream starts with. */
export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** PNG chunk lengths are at most 2^31 - 1 (PNG §5.3). */
const MAX_CHUNK_LENGTH = 0x7fffffff;

/** Where one chunk sits in a PNG datastream. `start` is its length field, `end` the byte after its CRC. */
export type PngChunk = {
  type: string;
  start: number;
  dataStart: number;
  dataEnd: number;
  end: number;
};

/** The chunks of a well-formed PNG, and where its IEND chunk ends (anything after it is kept as is). */
export type PngLayout = { chunks: PngChunk[]; iendEnd: number };

/** Whether `bytes` starts with the PNG signature. Never fails. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) {
    return false;
  }
  return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function damaged(detail: string): AppError {
  return new AppError('IMAGE_INVALID', `The PNG is damaged: ${detail}`);
}

/**
 * Walks every chunk of a PNG from the signature to IEND, checking each length, type and CRC.
 * Bytes after IEND are not read.
 *
 * Fails with `IMAGE_INVALID` when the signature is missing, a chunk is cut off or runs past the end,
 * a chunk type is not four ASCII letters, a CRC does not match, the first chunk is not a 13-byte IHDR,
 * there is no IDAT, or there is no IEND (a truncated file).
 *
 * @see https://www.w3.org/TR/png-3/#5Chunk-layout
 */
export function readPngLayout(png: Uint8Array): PngLayout {
  if (!hasPngSignature(png)) {
    throw new AppError('IMAGE_INVALID', 'The image does not start with the PNG signature');
  }
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 12 > png.length) {
      throw damaged(
        offset === png.length
          ? `it ends at byte ${offset} without an IEND chunk (truncated?)`
          : `the chunk at byte ${offset} is cut off (truncated?)`,
      );
    }
    const length = readUint32(png, offset);
    const typeBytes = png.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isAsciiLetter)) {
      throw damaged(`the chunk at byte ${offset} has an invalid type`);
    }
    const type = String.fromCharCode(...typeBytes);
    if (length > MAX_CHUNK_LENGTH || offset + 12 + length > png.length) {
      throw damaged(`the ${type} chunk at byte ${offset} declares ${length} bytes, past the end of the file`);
    }
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    const storedCrc = readUint32(png, dataEnd);
    if (crc32(png.subarray(offset + 4, dataEnd)) !== storedCrc) {
      throw damaged(`the ${type} chunk at byte ${offset} fails its CRC check`);
    }
    if (chunks.length === 0 && (type !== 'IHDR' || length !== 13)) {
      throw damaged('the first chunk is not a 13-byte IHDR');
    }
    const chunk: PngChunk = { type, start: offset, dataStart, dataEnd, end: dataEnd + 4 };
    chunks.push(chunk);
    offset = chunk.end;
    if (type === 'IEND') {
      break;
    }
  }
  if (!chunks.some((chunk) => chunk.type === 'IDAT')) {
    throw damaged('it has no IDAT chunk');
  }
  return { chunks, iendEnd: offset };
}

/** One complete chunk (length, type, data, CRC) ready to be written into a PNG. Never fails. */
export function encodePngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  writeUint32(chunk, 0, data.length);
  for (let i = 0; i < 4; i++) {
    chunk[4 + i] = type.charCodeAt(i);
  }
  chunk.set(data, 8);
  writeUint32(chunk, 8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}
