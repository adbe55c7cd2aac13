import { AppError } from '../../errors.js';
import { extractFromPdf, hasPdfSignature } from './pdf.js';
import { extractFromPng } from './png.js';
import { hasPngSignature } from './png-chunks.js';
import { extractFromSvg } from './svg.js';
import type { ContainerType, ExtractedCredential, ImageType } from './types.js';

/** A start tag named `svg`, with or without a prefix. */
const SVG_TAG = /<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]/;

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // A leading byte order mark is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function sniff(
  bytes: Uint8Array,
): { type: 'png' } | { type: 'pdf' } | { type: 'svg'; text: string } | undefined {
  if (hasPngSignature(bytes)) {
    return { type: 'png' };
  }
  if (hasPdfSignature(bytes)) {
    return { type: 'pdf' };
  }
  const text = decodeUtf8(bytes);
  return text !== undefined && SVG_TAG.test(text) ? { type: 'svg', text } : undefined;
}

/**
 * Says whether `bytes` look like a PNG (the 8-byte signature) or an SVG (UTF-8 text with an `<svg` start
 * tag), without checking that the image is well-formed. Returns `undefined` for anything else; never fails.
 *
 * @example
 * detectImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')); // 'svg'
 */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  const type = sniff(bytes)?.type;
  return type === 'pdf' ? undefined : type;
}

/**
 * Like `detectImageType`, and also says `'pdf'` for a PDF (`%PDF-` in its first kilobyte). Never fails.
 *
 * @example
 * detectContainerType(certificatePdf); // 'pdf'
 */
export function detectContainerType(bytes: Uint8Array): ContainerType | undefined {
  return sniff(bytes)?.type;
}

/**
 * Extracts the first credential baked into a PNG or SVG image, or attached to a PDF, whichever `bytes`
 * hold (see `extractFromPng`, `extractFromSvg` and `extractFromPdf`).
 *
 * Fails with `IMAGE_INVALID` when `bytes` are neither a PNG, UTF-8 SVG text nor a PDF, or the image is
 * damaged or its credential unreadable; `IMAGE_NO_CREDENTIAL` when the image carries no credential;
 * `PDF_INVALID` / `PDF_NO_CREDENTIAL` likewise for a PDF.
 *
 * @example
 * const { obVersion, kind, text } = extractCredential(uploadedBytes);
 */
export function extractCredential(bytes: Uint8Array): ExtractedCredential {
  const image = sniff(bytes);
  if (image === undefined) {
    throw new AppError('IMAGE_INVALID', 'The file is neither a PNG nor an SVG image, nor a PDF');
  }
  if (image.type === 'pdf') {
    return extractFromPdf(bytes);
  }
  return image.type === 'png' ? extractFromPng(bytes) : extractFromSvg(image.text);
}
