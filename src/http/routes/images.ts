/**
 * Images: `POST /api/v1/images` uploads a badge or logo (multipart file field, or the raw bytes with
 * `Content-Type: image/png` or `image/svg+xml`); `GET /images/{id}` serves it publicly, immutable, with
 * headers that keep an SVG from ever running anything even if opened on its own.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { IMAGE_MEDIA_TYPES, imageUrl, MAX_PNG_BYTES, uploadImage } from '../../services/images.js';
import { findPublicImage } from '../../storage/images.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, Problem, SECURED } from '../schemas.js';

const UploadedImage = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Where the image is served: {publicUrl}/images/{id}' }),
  mediaType: Type.Union([Type.Literal(IMAGE_MEDIA_TYPES.png), Type.Literal(IMAGE_MEDIA_TYPES.svg)]),
  sha256: Type.String({ description: 'Of the bytes stored (a sanitized SVG, a PNG without metadata)' }),
  size: Type.Integer({ description: 'Bytes stored' }),
  removed: Type.Array(Type.String(), { description: 'What the checks took out of the upload' }),
});

/** Content-Security-Policy of a served image: nothing may load or run; an SVG may use its own <style>. */
export const IMAGE_CSP = {
  [IMAGE_MEDIA_TYPES.svg]: "default-src 'none'; style-src 'unsafe-inline'",
  [IMAGE_MEDIA_TYPES.png]: "default-src 'none'",
} as const;

async function readUpload(request: FastifyRequest): Promise<{ bytes: Uint8Array; declaredType?: string }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: MAX_PNG_BYTES, files: 1 } });
    if (!file) {
      throw new AppError('INVALID_INPUT', 'Upload the image as a file field of multipart/form-data');
    }
    return { bytes: new Uint8Array(await file.toBuffer()), declaredType: file.mimetype };
  }
  if (!Buffer.isBuffer(request.body)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the image as multipart/form-data or as the raw body with Content-Type image/png or image/svg+xml',
    );
  }
  const declaredType = request.headers['content-type'];
  return { bytes: new Uint8Array(request.body), ...(declaredType ? { declaredType } : {}) };
}

/** True when an If-None-Match header names this entity tag (or is `*`). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) {
    return false;
  }
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export async function registerImageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    // Raw uploads: only in this scope, so no other route takes image bodies.
    scope.addContentTypeParser(
      /^image\//,
      { parseAs: 'buffer', bodyLimit: MAX_PNG_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_PNG_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      '/api/v1/images',
      {
        config: { role: 'issuer' },
        bodyLimit: MAX_PNG_BYTES,
        schema: {
          tags: ['images'],
          summary:
            'Upload a PNG (≤ 2 MiB, ≤ 4096×4096) or an SVG (≤ 1 MiB, sanitized): multipart file field or the raw body. 201 when stored; 200 with the existing image when the organization already has the same bytes.',
          security: SECURED,
          consumes: ['multipart/form-data', 'image/png', 'image/svg+xml'],
          response: {
            200: UploadedImage,
            201: UploadedImage,
            ...ERROR_RESPONSES,
            413: Problem,
            415: Problem,
          },
        },
      },
      async (request, reply) => {
        const { image, created, removed } = await uploadImage(
          ctx,
          actorOf(request),
          await readUpload(request),
        );
        return reply.status(created ? 201 : 200).send({
          id: image.id,
          url: imageUrl(ctx, image),
          mediaType: image.media_type as (typeof IMAGE_MEDIA_TYPES)[keyof typeof IMAGE_MEDIA_TYPES],
          sha256: image.sha256,
          size: image.bytes.length,
          removed,
        });
      },
    );
  });

  app.get<{ Params: { id: string } }>(
    '/images/:id',
    {
      schema: {
        tags: ['public'],
        summary: 'An uploaded image, immutable: cache it forever',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const image = await findPublicImage(ctx.db, request.params.id);
      if (!image) {
        throw new AppError('NOT_FOUND', 'No such image');
      }
      const etag = `"${image.sha256}"`;
      const svg = image.media_type === IMAGE_MEDIA_TYPES.svg;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          svg ? IMAGE_CSP[IMAGE_MEDIA_TYPES.svg] : IMAGE_CSP[IMAGE_MEDIA_TYPES.png],
        )
        .header('content-disposition', `inline; filename="${image.id}.${svg ? 'svg' : 'png'}"`);
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        return reply.status(304).send();
      }
      return reply
        .type(svg ? 'image/svg+xml; charset=utf-8' : image.media_type)
        .send(Buffer.from(image.bytes));
    },
  );
}
