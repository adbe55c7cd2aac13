/**
 * `/p/{id}`: a pathway's public page — the stack: what it awards, and the achievements (with their
 * badges) that earn it, grouped as the tree says (React, server-rendered: src/pages/pathway-page.tsx,
 * in the reader's language). JSON for `Accept: application/json` (or `/p/{id}.json`). Active pathways only.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import type { AppContext } from '../../services/context.js';
import { publicPathwayView } from '../../services/pathways.js';
import { findPublicPathway } from '../../storage/pathways.repository.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import { Problem } from '../schemas.js';
import type { WebApp } from '../web-assets.js';
import { negotiate } from './public-achievements.js';

export function registerPublicPathwayRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  app.get<{ Params: { id: string } }>(
    '/p/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'A pathway: its page (Accept: text/html) showing what it awards and how, or JSON (/p/{id}.json, Accept: application/json)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 205 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const raw = request.params.id;
      const asJson = raw.endsWith('.json');
      const pathway = await findPublicPathway(ctx.db, asJson ? raw.slice(0, -'.json'.length) : raw);
      if (!pathway) {
        throw new AppError('NOT_FOUND', 'No such pathway');
      }
      const html = !asJson && negotiate(request.headers.accept) === 'html';
      if (!html) {
        // One ETag per representation; the page varies by language, so only the JSON has one.
        const etag = `"${pathway.id}-${pathway.updated_at}-json"`;
        reply.header('vary', 'Accept').header('cache-control', 'public, max-age=300').header('etag', etag);
        if (request.headers['if-none-match'] === etag) {
          return reply.status(304).send();
        }
        const view = await publicPathwayView(ctx, pathway);
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(view));
      }
      const view = await publicPathwayView(ctx, pathway);
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const target = view.target;
      const image = target.published ? target.image : undefined;
      const page = renderPublicPage(web, {
        page: 'pathway',
        locale,
        props: { path: requestPath(request), publicUrl: ctx.config.publicUrl, pathway: view },
        meta: {
          title: view.name,
          description:
            view.description ??
            t('meta.pathwayDescription', { target: target.name, count: view.achievements.length }),
          url: view.url,
          ...(image ? { image, imageAlt: target.name } : {}),
          alternate: { type: 'application/json', href: `${view.url}.json` },
        },
      });
      return sendPublicPage(reply, page, 'public, max-age=300');
    },
  );
}
