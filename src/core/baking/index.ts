/**
 * Baking: embedding Open Badges credentials in PNG and SVG images and reading them back (OB 3.0, and
 * OB 2.0 / pre-2.0 images for reading); reading a credential attached to a PDF. Pure and isomorphic: bytes and strings in and out, no I/O.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#baked-badge
 * @see https://www.imsglobal.org/spec/ob/v2p0/baking/
 * @module
 */
export { BAKING_NAMES } from './constants.js';
export { crc32 } from './crc32.js';
export { detectContainerType, detectImageType, extractCredential } from './extract.js';
export { extractFromPdf, hasPdfSignature, listPdfAttachments, type PdfAttachment } from './pdf.js';
export { bakePng, extractFromPng } from './png.js';
export { bakeSvg, extractFromSvg } from './svg.js';
export type { BakeOptions, ContainerType, ExtractedCredential, ImageType, ObVersion } from './types.js';
