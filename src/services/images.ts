/**
 * Badge and logo images. An upload is judged by its bytes, never by the content type it came with: a
 * PNG is checked chunk by chunk and stored without its metadata chunks; an SVG is sanitized and stored
 * as the sanitizer wrote it, never as uploaded. Images are immutable: a change is a new upload, a new id.
 */
import { createHash } from 'node:crypto';
import { detectImageType } from '../core/baking/extract.js';
import { inspectPng } from '../core/images/inspect-png.js';
import { sanitizeSvg } from '../core/images/sanitize-svg.js';
import { AppError } from '../errors.js';
import { findImageBySha256, type Image, insertImage } from '../storage/images.repository.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { urls } from './urls.js';

export const IMAGE_MEDIA_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[keyof typeof IMAGE_MEDIA_TYPES];

/** Upload limits, in bytes, of the file as sent. */
export const MAX_PNG_BYTES = 2 * 1024 * 1024;
export const MAX_SVG_BYTES = 1024 * 1024;

/** Content types a client may declare for an upload when it does not know better; the bytes decide. */
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', '']);

/** Magic numbers of image formats Cairn does not take, to answer 415 rather than "damaged". */
const OTHER_FORMATS: { name: string; magic: number[] }[] = [
  { name: 'JPEG', magic: [0xff, 0xd8, 0xff] },
  { name: 'GIF', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'WebP (RIFF)', magic: [0x52, 0x49, 0x46, 0x46] },
  { name: 'BMP', magic: [0x42, 0x4d] },
  { name: 'TIFF', magic: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'ICO', magic: [0x00, 0x00, 0x01, 0x00] },
  { name: 'PDF', magic: [0x25, 0x50, 0x44, 0x46] },
];

export type UploadedImage = {
  image: Image;
  /** False when the organization already had these exact bytes: that image is returned. */
  created: boolean;
  /** What the checks took out (SVG elements, attributes, CSS; PNG metadata chunks). */
  removed: string[];
};

function mediaTypeOf(declared: string | undefined): string {
  return (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function unsupported(what: string): AppError {
  return new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${what} is not accepted: upload a PNG (image/png) or an SVG (image/svg+xml)`,
  );
}

/** Which checker to use: the declared type when it is PNG or SVG, the bytes when it is generic. */
function chooseFormat(bytes: Uint8Array, declared: string): 'png' | 'svg' {
  if (declared === IMAGE_MEDIA_TYPES.png) {
    return 'png';
  }
  if (declared === IMAGE_MEDIA_TYPES.svg) {
    return 'svg';
  }
  if (!GENERIC_TYPES.has(declared)) {
    throw unsupported(`The content type ${declared}`);
  }
  const sniffed = detectImageType(bytes);
  if (sniffed) {
    return sniffed;
  }
  const other = OTHER_FORMATS.find(({ magic }) => magic.every((byte, index) => bytes[index] === byte));
  if (other) {
    throw unsupported(`A ${other.name} file`);
  }
  throw new AppError('IMAGE_INVALID', 'The file is neither a PNG nor an SVG image');
}

/**
 * Checks and stores an uploaded image for the actor's organization. `declaredType` is the content type
 * the client sent (a header or a multipart part); it only chooses the checker, the bytes must match.
 *
 * Throws UNSUPPORTED_MEDIA_TYPE for a type other than PNG or SVG (declared, or recognized in the bytes),
 * PAYLOAD_TOO_LARGE for a PNG over 2 MiB or an SVG over 1 MiB, IMAGE_INVALID for bytes that are not
 * what was declared, a damaged PNG, one over 4096×4096, or an SVG that is not well-formed XML.
 */
export async function uploadImage(
  ctx: AppContext,
  actor: Actor,
  upload: { bytes: Uint8Array; declaredType?: string },
): Promise<UploadedImage> {
  const format = chooseFormat(upload.bytes, mediaTypeOf(upload.declaredType));
  let bytes: Uint8Array;
  let removed: string[];
  if (format === 'png') {
    if (upload.bytes.length > MAX_PNG_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `A PNG may be at most ${MAX_PNG_BYTES} bytes (2 MiB)`);
    }
    const png = inspectPng(upload.bytes);
    bytes = png.bytes;
    removed = png.removed.map((type) => `PNG ${type} chunk`);
  } else {
    if (upload.bytes.length > MAX_SVG_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `An SVG may be at most ${MAX_SVG_BYTES} bytes (1 MiB)`);
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(upload.bytes);
    } catch {
      throw new AppError('IMAGE_INVALID', 'The SVG is not UTF-8 text');
    }
    const svg = sanitizeSvg(text);
    bytes = new TextEncoder().encode(svg.svg);
    removed = svg.removed;
  }
  const mediaType = IMAGE_MEDIA_TYPES[format];
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return await withTransaction(ctx.db, async (trx) => {
    const existing = await findImageBySha256(trx, actor.organizationId, sha256, mediaType);
    if (existing) {
      return { image: existing, created: false, removed };
    }
    const image = await insertImage(trx, {
      organization_id: actor.organizationId,
      media_type: mediaType,
      bytes,
      created_at: ctx.clock().toISOString(),
    });
    await audit(
      trx,
      actor,
      'image.upload',
      { type: 'image', id: image.id },
      {
        mediaType,
        sha256,
        bytes: bytes.length,
        removed: removed.length,
      },
    );
    return { image, created: true, removed };
  });
}

/** The public URL of an image: `{publicUrl}/images/{id}`. */
export function imageUrl(ctx: Pick<AppContext, 'config'>, image: Pick<Image, 'id'>): string {
  return urls.image(ctx.config.publicUrl, image.id);
}
