/** `/u/{handle}`: a learner's public portfolio (off by default; only what the learner made public). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import type { AppContext } from '../../services/context.js';
import { publicPortfolio } from '../../services/wallet/portfolio.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import type { WebApp } from '../web-assets.js';

export function registerPublicPortfolioRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  app.get<{ Params: { handle: string } }>(
    '/u/:handle',
    {
      schema: {
        tags: ['public'],
        summary:
          "A learner's public portfolio: the credentials they made public, and their pathways if they chose",
        params: Type.Object({ handle: Type.String({ maxLength: 60 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const portfolio = await publicPortfolio(ctx, request.params.handle);
      if (!portfolio) {
        // Unknown, or not public: the same answer, so a handle's existence is not given away.
        throw new AppError('NOT_FOUND', 'No such portfolio');
      }
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const name = portfolio.displayName ?? portfolio.handle;
      const first = portfolio.credentials[0];
      const html = renderPublicPage(web, {
        page: 'portfolio',
        locale,
        props: {
          path: requestPath(request),
          publicUrl: ctx.config.publicUrl,
          name,
          credentials: portfolio.credentials.map((card) => ({
            id: card.id,
            url: card.url,
            name: card.name,
            description: card.description,
            achievementType: card.achievementType,
            issuerName: card.issuer.name,
            imageUrl: card.imageUrl,
            awardedDate: card.awardedDate,
            status: card.status,
          })),
          pathways:
            portfolio.pathways?.map((pathway) => ({
              id: pathway.pathwayId,
              name: pathway.name,
              url: pathway.url,
              percent: pathway.percent,
              completed: pathway.completed,
            })) ?? null,
        },
        meta: {
          title: t('meta.portfolioTitle', { name }),
          description: t('meta.portfolioDescription', { name }),
          url: portfolio.url,
          type: 'profile',
          ...(first ? { image: `${first.url}/og.png`, imageAlt: first.name } : {}),
        },
      });
      // Short: a learner's privacy change should show soon even through a cache.
      return sendPublicPage(reply, html, 'public, max-age=30');
    },
  );
}
