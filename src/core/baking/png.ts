import { AppError } from '../../errors.js';
import { BAKING_NAMES } from './constants.js';
import { checkCredentialToBake, readLegacyText, readOb2Text, readOb3Text } from './credential-text.js';
import { encodePngChunk, PNG_SIGNATURE, type PngChunk, readPngLayout } from './png-chunks.js';
import { decodeITxt, decodeTExt, encodeITxt, findTextKeyword } from './png-text-chunk.js';
import type { BakeOptions, ExtractedCredential } from './types.js';

const { OB3_PNG_KEYWORD, OB2_PNG_KEYWORD } = BAKING_NAMES;

/** Whether a chunk is a baked credential: OB 3.0 `iTXt`, OB 2.0 `iTXt`, or pre-2.0 `tEXt`. */
function isBakedChunk(png: Uint8Array, chunk: PngChunk): boolean {
  if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') {
    return false;
  }
  const keyword = findTextKeyword(png.subarray(chunk.dataStart, chunk.dataEnd));
  return keyword === OB2_PNG_KEYWORD || (chunk.type === 'iTXt' && keyword === OB3_PNG_KEYWORD);
}

/**
 * Bakes an OB 3.0 credential into a PNG: one uncompressed `iTXt` chunk with keyword `openbadgecredential`,
 * empty language tag and translated keyword, and the credential as UTF-8 text, placed right after IHDR.
 * Every other chunk, and anything after IEND, is copied unchanged. The input is not modified.
 *
 * Fails with `IMAGE_INVALID` when `png` is not a well-formed PNG (see `readPngLayout`);
 * `IMAGE_ALREADY_BAKED` when it already carries a credential (OB 3.0 `openbadgecredential`, or OB 2.0 /
 * pre-2.0 `openbadges`) and `overwrite` is not set (with `overwrite`, all of them are replaced by the new one);
 * `INVALID_JSON` / `INVALID_INPUT` when `credential` is neither JSON text nor a compact JWS.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#png-baking
 * @example
 * const baked = bakePng(pngBytes, JSON.stringify(signedCredential));
 */
export function bakePng(png: Uint8Array, credential: string, options: BakeOptions = {}): Uint8Array {
  checkCredentialToBake(credential);
  const { chunks, iendEnd } = readPngLayout(png);
  const kept = chunks.filter((chunk) => !isBakedChunk(png, chunk));
  if (kept.length !== chunks.length && options.overwrite !== true) {
    throw new AppError(
      'IMAGE_ALREADY_BAKED',
      'The PNG already carries a credential; bake with overwrite to replace it',
    );
  }
  const credentialChunk = encodePngChunk('iTXt', encodeITxt(OB3_PNG_KEYWORD, credential));
  const parts: Uint8Array[] = [PNG_SIGNATURE];
  for (const chunk of kept) {
    parts.push(png.subarray(chunk.start, chunk.end));
    if (chunk.type === 'IHDR') {
      parts.push(credentialChunk);
    }
  }
  parts.push(png.subarray(iendEnd));
  const baked = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    baked.set(part, offset);
    offset += part.length;
  }
  return baked;
}

/**
 * Extracts the first credential baked into a PNG: an OB 3.0 `iTXt` `openbadgecredential` chunk (JSON or
 * JWT), an OB 2.0 `iTXt` `openbadges` chunk (JSON, JWS or URL) or a pre-2.0 `tEXt` `openbadges` chunk (URL),
 * whichever comes first. The whole datastream is checked first, so a damaged file is refused even when
 * the credential chunk itself is intact.
 *
 * Fails with `IMAGE_INVALID` when `png` is not a well-formed PNG (see `readPngLayout`), or the first
 * credential chunk is malformed, compressed, not UTF-8, or holds something other than a credential;
 * `IMAGE_NO_CREDENTIAL` when no chunk carries a credential, or the first one is empty.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#png-extracting
 * @example
 * const { obVersion, kind, text } = extractFromPng(pngBytes);
 */
export function extractFromPng(png: Uint8Array): ExtractedCredential {
  const { chunks } = readPngLayout(png);
  const chunk = chunks.find((candidate) => isBakedChunk(png, candidate));
  if (chunk === undefined) {
    throw new AppError('IMAGE_NO_CREDENTIAL', 'The PNG has no openbadgecredential or openbadges chunk');
  }
  const data = png.subarray(chunk.dataStart, chunk.dataEnd);
  if (chunk.type === 'tEXt') {
    return readLegacyText(decodeTExt(data).text, 'tEXt chunk "openbadges"');
  }
  const { keyword, text } = decodeITxt(data);
  return keyword === OB3_PNG_KEYWORD
    ? readOb3Text(text, `iTXt chunk "${keyword}"`)
    : readOb2Text(text, `iTXt chunk "${keyword}"`);
}
