/**
 * Badge and certificate designs of an achievement, and previews for the console's live editor:
 * GET / PUT /api/v1/achievements/{id}/design, POST /api/v1/designs/preview.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sanitizeSvg } from '../../core/images/sanitize-svg.js';
import { AppError } from '../../errors.js';
import { imageFromDataUrl } from '../../rendering/badge-svg.js';
import {
  type BadgeDesignInput,
  BadgeDesignSchema,
  badgeDesign,
  type CertificateDesignInput,
  CertificateDesignSchema,
  certificateDesign,
} from '../../rendering/design.js';
import { audit } from '../../services/audit.js';
import type { AppContext } from '../../services/context.js';
import {
  renderBadgePreview,
  renderCertificatePreview,
  resolveDesignImage,
} from '../../services/credential-artifacts.js';
import { type Achievement, findAchievement } from '../../storage/achievements.repository.js';
import type { JsonObject } from '../../storage/codec.js';
import { type Design, findDesign, saveDesign } from '../../storage/designs.repository.js';
import { findImage } from '../../storage/images.repository.js';
import { findIssuer } from '../../storage/issuers.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const DesignView = Type.Object({
  achievementId: Type.String(),
  badge: Type.Union([BadgeDesignSchema, Type.Null()], { description: 'As saved; null: the default badge' }),
  certificate: Type.Union([CertificateDesignSchema, Type.Null()], {
    description: 'As saved; null: defaults',
  }),
  effective: Type.Object(
    {
      badge: Type.Record(Type.String(), Type.Unknown()),
      certificate: Type.Record(Type.String(), Type.Unknown()),
    },
    { description: 'What is rendered: the saved design with every default filled in' },
  ),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const DesignInput = Type.Object(
  {
    badge: Type.Optional(Type.Union([BadgeDesignSchema, Type.Null()])),
    certificate: Type.Optional(Type.Union([CertificateDesignSchema, Type.Null()])),
  },
  { additionalProperties: false },
);

const PreviewInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('badge'), Type.Literal('certificate')]),
    format: Type.Optional(
      Type.Union([Type.Literal('svg'), Type.Literal('png')], { description: 'For badges (default svg)' }),
    ),
    achievementId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Take the name, description and issuer from it',
      }),
    ),
    badge: Type.Optional(BadgeDesignSchema),
    certificate: Type.Optional(CertificateDesignSchema),
    learnerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

function present(achievement: Achievement, design: Design | undefined) {
  const badge = (design?.badge ?? null) as BadgeDesignInput | null;
  const certificate = (design?.certificate ?? null) as CertificateDesignInput | null;
  return {
    achievementId: achievement.id,
    badge,
    certificate,
    effective: {
      badge: badgeDesign(badge ?? { icon: 'cairn', textLines: [achievement.name] }),
      certificate: certificateDesign(certificate ?? {}, achievement.achievement_type),
    },
    updatedAt: design?.updated_at ?? null,
  };
}

export function registerDesignRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const achievementOf = async (organizationId: string, id: string) => {
    const achievement = await findAchievement(ctx.db, organizationId, id);
    if (!achievement) {
      throw new AppError('NOT_FOUND', 'No such achievement');
    }
    return achievement;
  };

  r.get(
    '/api/v1/achievements/:id/design',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['designs'],
        summary: "An achievement's badge and certificate design",
        security: SECURED,
        params: IdParams,
        response: { 200: DesignView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const organizationId = actorOf(request).organizationId;
      const achievement = await achievementOf(organizationId, request.params.id);
      return present(achievement, await findDesign(ctx.db, organizationId, achievement.id));
    },
  );

  r.put(
    '/api/v1/achievements/:id/design',
    {
      config: { role: 'issuer' },
      schema: {
        tags: ['designs'],
        summary:
          "Save an achievement's badge and/or certificate design (a part left out stays; null resets it to the defaults)",
        security: SECURED,
        params: IdParams,
        body: DesignInput,
        response: { 200: DesignView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const achievement = await achievementOf(actor.organizationId, request.params.id);
      const { badge, certificate } = request.body;
      if (badge) {
        // Refuse now what could not be rendered later: an unknown image, an SVG that is not SVG.
        await resolveDesignImage(ctx, actor.organizationId, badgeDesign(badge));
        const image = badge.imageDataUrl ? imageFromDataUrl(badge.imageDataUrl) : undefined;
        if (image?.mediaType === 'image/svg+xml') {
          sanitizeSvg(new TextDecoder().decode(image.bytes));
        }
      }
      if (
        certificate?.logoImageId &&
        !(await findImage(ctx.db, actor.organizationId, certificate.logoImageId))
      ) {
        throw new AppError('INVALID_INPUT', `No image ${certificate.logoImageId} in this organization`);
      }
      const current = await findDesign(ctx.db, actor.organizationId, achievement.id);
      const saved = await saveDesign(
        ctx.db,
        actor.organizationId,
        achievement.id,
        {
          badge: badge === undefined ? (current?.badge ?? null) : (badge as JsonObject | null),
          certificate:
            certificate === undefined ? (current?.certificate ?? null) : (certificate as JsonObject | null),
        },
        ctx.clock(),
      );
      await audit(
        ctx.db,
        actor,
        'achievement.design',
        { type: 'achievement', id: achievement.id },
        {
          badge: badge !== undefined,
          certificate: certificate !== undefined,
        },
      );
      return present(achievement, saved);
    },
  );

  r.post(
    '/api/v1/designs/preview',
    {
      config: { role: 'viewer', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['designs'],
        summary:
          'Render a badge (SVG or PNG) or a certificate (PDF, marked PREVIEW, no credential attached) from a design, without saving',
        security: SECURED,
        body: PreviewInput,
        produces: ['image/svg+xml', 'image/png', 'application/pdf'],
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'SVG, PNG or PDF bytes',
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const organizationId = actorOf(request).organizationId;
      const input = request.body;
      const achievement = input.achievementId
        ? await achievementOf(organizationId, input.achievementId)
        : undefined;
      const issuer = achievement
        ? await findIssuer(ctx.db, organizationId, achievement.issuer_id)
        : undefined;
      const saved = achievement ? await findDesign(ctx.db, organizationId, achievement.id) : undefined;
      const badgeInput = input.badge ?? (saved?.badge as BadgeDesignInput | undefined);
      reply.header('cache-control', 'no-store');
      if (input.kind === 'badge') {
        const format = input.format ?? 'svg';
        const title = achievement?.name ?? 'Achievement name';
        const description = String(
          (achievement?.document as { description?: unknown } | undefined)?.description ?? '',
        );
        const bytes = await renderBadgePreview(
          ctx,
          organizationId,
          badgeInput ?? { icon: 'cairn', textLines: [title] },
          { title, description },
          format,
        );
        if (format === 'svg') {
          reply.header(
            'content-security-policy',
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
          );
        }
        return reply
          .type(format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
          .send(Buffer.from(bytes));
      }
      const certificateInput = input.certificate ?? ((saved?.certificate ?? {}) as CertificateDesignInput);
      const pdf = await renderCertificatePreview(ctx, organizationId, certificateInput, {
        ...(achievement ? { achievement } : {}),
        ...(issuer ? { issuer } : {}),
        ...(badgeInput ? { badge: badgeInput } : {}),
        ...(input.learnerName ? { learnerName: input.learnerName } : {}),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="preview.pdf"')
        .send(Buffer.from(pdf));
    },
  );
}
