import { AppError } from '../../errors.js';

const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();

/** PNG keywords are 1 to 79 Latin-1 bytes followed by a null separator (PNG §11.3.3). */
const MAX_KEYWORD_LENGTH = 79;

/** The decoded fields of an `iTXt` chunk whose text is stored uncompressed. */
export type ITxtFields = {
  keyword: string;
  languageTag: string;
  translatedKeyword: string;
  text: string;
};

function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return text;
}

/**
 * The keyword of a `tEXt`, `zTXt` or `iTXt` chunk's data, or `undefined` when the data does not start
 * with a 1-79 byte keyword and its null separator. Never fails.
 */
export function findTextKeyword(data: Uint8Array): string | undefined {
  const end = data.subarray(0, MAX_KEYWORD_LENGTH + 1).indexOf(0);
  return end < 1 ? undefined : decodeLatin1(data.subarray(0, end));
}

/**
 * Decodes an `iTXt` chunk's data.
 *
 * Fails with `IMAGE_INVALID` when a field or separator is missing, a string is not valid UTF-8, or the
 * text is compressed: the Open Badges baking specifications forbid compression, so a compressed chunk is
 * reported rather than inflated.
 *
 * @see https://www.w3.org/TR/png-3/#11iTXt
 */
export function decodeITxt(data: Uint8Array): ITxtFields {
  const keyword = findTextKeyword(data);
  if (keyword === undefined) {
    throw new AppError('IMAGE_INVALID', 'An iTXt chunk has no valid keyword');
  }
  const malformed = (what: string) => new AppError('IMAGE_INVALID', `The iTXt chunk "${keyword}" ${what}`);
  let offset = keyword.length + 1;
  if (offset + 2 > data.length) {
    throw malformed('is cut off after its keyword');
  }
  const compressionFlag = data[offset]!;
  const compressionMethod = data[offset + 1]!;
  if (compressionFlag === 1) {
    throw malformed('is compressed, which Open Badges baking forbids');
  }
  if (compressionFlag !== 0 || compressionMethod !== 0) {
    throw malformed(`has an invalid compression flag or method (${compressionFlag}, ${compressionMethod})`);
  }
  offset += 2;
  const languageEnd = data.indexOf(0, offset);
  if (languageEnd < 0) {
    throw malformed('has no null separator after its language tag');
  }
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) {
    throw malformed('has no null separator after its translated keyword');
  }
  try {
    return {
      keyword,
      languageTag: decodeLatin1(data.subarray(offset, languageEnd)),
      translatedKeyword: UTF8_DECODER.decode(data.subarray(languageEnd + 1, translatedEnd)),
      text: UTF8_DECODER.decode(data.subarray(translatedEnd + 1)),
    };
  } catch (error) {
    throw new AppError('IMAGE_INVALID', `The iTXt chunk "${keyword}" is not valid UTF-8`, { cause: error });
  }
}

/**
 * The data of an uncompressed `iTXt` chunk with an empty language tag and translated keyword:
 * keyword, 0, compression flag 0, compression method 0, 0, 0, then the text in UTF-8.
 * `keyword` must be 1-79 printable ASCII characters (the callers pass constants). Never fails.
 */
export function encodeITxt(keyword: string, text: string): Uint8Array {
  const textBytes = UTF8_ENCODER.encode(text);
  const data = new Uint8Array(keyword.length + 5 + textBytes.length);
  for (let i = 0; i < keyword.length; i++) {
    data[i] = keyword.charCodeAt(i);
  }
  // data[keyword.length .. keyword.length + 4] stay 0: separator, flag, method, empty language tag, empty translated keyword.
  data.set(textBytes, keyword.length + 5);
  return data;
}

/** Decodes a `tEXt` chunk's data (Latin-1 keyword and text). Fails with `IMAGE_INVALID` when it has no keyword. */
export function decodeTExt(data: Uint8Array): { keyword: string; text: string } {
  const keyword = findTextKeyword(data);
  if (keyword === undefined) {
    throw new AppError('IMAGE_INVALID', 'A tEXt chunk has no valid keyword');
  }
  return { keyword, text: decodeLatin1(data.subarray(keyword.length + 1)) };
}
