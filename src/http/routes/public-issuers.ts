/**
 * Public issuer routes: the DID document (`/i/{slug}/did.json`, did:web resolution) and the issuer's
 * page (`/i/{slug}`: HTML, or its public profile as JSON for `/i/{slug}.json` or an Accept for JSON).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import type { PublicAchievement } from '../../pages/issuer-page.js';
import type { AppContext } from '../../services/context.js';
import { issuerDid, issuerDidDocument } from '../../services/issuers.js';
import { urls } from '../../services/urls.js';
import { listAchievements } from '../../storage/achievements.repository.js';
import { findPublicIssuerBySlug } from '../../storage/issuers.repository.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import type { WebApp } from '../web-assets.js';

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /application\/(ld\+)?json/.test(accept) && !accept.includes('text/html');
}

function textField(document: Record<string, unknown>, key: string): string | undefined {
  const value = document[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The achievements an issuer awards now (active ones), as anyone may see them. */
async function publicAchievements(ctx: AppContext, organizationId: string, issuerId: string) {
  const page = await listAchievements(ctx.db, organizationId, { issuerId, status: 'active' }, { limit: 200 });
  // Oldest first: the order the issuer made them in (unit 1 before unit 2).
  return [...page.items].reverse().map((row): PublicAchievement => {
    const criteria = row.document.criteria as { narrative?: unknown } | undefined;
    const description = textField(row.document, 'description');
    const narrative = typeof criteria?.narrative === 'string' ? criteria.narrative : undefined;
    return {
      id: urls.achievement(ctx.config.publicUrl, row.id),
      name: row.name,
      achievementType: row.achievement_type,
      ...(description ? { description } : {}),
      ...(row.image_id ? { imageUrl: urls.image(ctx.config.publicUrl, row.image_id) } : {}),
      ...(narrative ? { criteria: narrative } : {}),
    };
  });
}

export function registerPublicIssuerRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  app.get<{ Params: { slug: string } }>(
    '/i/:slug/did.json',
    {
      schema: {
        tags: ['public'],
        summary: "An issuer's DID document (did:web resolution); lists rotated keys too",
        params: Type.Object({ slug: Type.String({ maxLength: 63 }) }),
      },
    },
    async (request, reply) => {
      const document = await issuerDidDocument(ctx, request.params.slug);
      if (!document) {
        throw new AppError('NOT_FOUND', 'No such issuer');
      }
      // Strict wallets want a JSON content type for DID documents.
      reply.type('application/did+json').header('cache-control', 'public, max-age=300');
      return document;
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/i/:slug',
    {
      schema: {
        tags: ['public'],
        summary:
          "An issuer's public page (HTML) and the achievements it awards; /i/{slug}.json or Accept: application/json for its profile as JSON",
        params: Type.Object({ slug: Type.String({ maxLength: 70 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const raw = request.params.slug;
      const asJson = raw.endsWith('.json');
      const slug = asJson ? raw.slice(0, -'.json'.length) : raw;
      const issuer = await findPublicIssuerBySlug(ctx.db, slug);
      if (!issuer) {
        throw new AppError('NOT_FOUND', 'No such issuer');
      }
      const did = issuerDid(ctx.config.publicUrl, issuer.slug);
      const achievements = await publicAchievements(ctx, issuer.organization_id, issuer.id);
      const imageUrl = issuer.image_id ? urls.image(ctx.config.publicUrl, issuer.image_id) : undefined;
      const pageUrl = urls.issuerPage(ctx.config.publicUrl, issuer.slug);
      if (asJson || wantsJson(request)) {
        reply.header('cache-control', 'public, max-age=300').header('vary', 'Accept');
        return {
          id: did,
          type: 'Profile',
          name: issuer.name,
          url: issuer.url ?? pageUrl,
          ...(issuer.email ? { email: issuer.email } : {}),
          ...(issuer.description ? { description: issuer.description } : {}),
          ...(imageUrl ? { image: { id: imageUrl, type: 'Image' } } : {}),
          achievements: achievements.map((achievement) => ({
            id: achievement.id,
            type: 'Achievement',
            name: achievement.name,
            achievementType: achievement.achievementType,
            ...(achievement.description ? { description: achievement.description } : {}),
            ...(achievement.criteria ? { criteria: { narrative: achievement.criteria } } : {}),
            ...(achievement.imageUrl ? { image: { id: achievement.imageUrl, type: 'Image' } } : {}),
          })),
        };
      }
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const html = renderPublicPage(web, {
        page: 'issuer',
        locale,
        props: {
          path: requestPath(request),
          publicUrl: ctx.config.publicUrl,
          issuer: {
            name: issuer.name,
            slug: issuer.slug,
            did,
            ...(issuer.url ? { url: issuer.url } : {}),
            ...(issuer.email ? { email: issuer.email } : {}),
            ...(issuer.description ? { description: issuer.description } : {}),
            ...(imageUrl ? { imageUrl } : {}),
          },
          achievements,
          // Each achievement's own public page, when this server has them (/a/{id}).
          linkAchievements: app.hasRoute({ method: 'GET', url: '/a/:id' }),
        },
        meta: {
          title: t('meta.issuerTitle', { name: issuer.name }),
          description: issuer.description ?? t('meta.issuerDescription', { name: issuer.name }),
          url: pageUrl,
          type: 'profile',
          ...(imageUrl ? { image: imageUrl, imageAlt: issuer.name } : {}),
          alternate: { type: 'application/json', href: `${pageUrl}.json` },
        },
      });
      return sendPublicPage(reply, html, 'public, max-age=300');
    },
  );
}
