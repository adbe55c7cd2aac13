/**
 * `/claim/{token}` (the page the "issued" e-mail links to) and POST /api/v1/wallet/claims (the click that
 * uses the link). See services/wallet/claim.ts.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import type { ClaimPageProps } from '../../pages/claim-page.js';
import { summarizeCredential } from '../../pages/credential-model.js';
import { checkClaimToken } from '../../services/claims.js';
import type { AppContext } from '../../services/context.js';
import { urls } from '../../services/urls.js';
import { claimCredential } from '../../services/wallet/claim.js';
import { findCredential } from '../../storage/credentials.repository.js';
import { optionalLearner } from '../learner-auth.js';
import { renderPublicPage, requestLocale, requestPath } from '../public-page.js';
import { Problem } from '../schemas.js';
import type { WebApp } from '../web-assets.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export function registerClaimRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/claim/:token',
    {
      schema: {
        tags: ['public'],
        summary:
          'The claim page of a credential (HTML): shows it and offers "add to my wallet"; opening it uses nothing',
        params: TokenParams,
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const base = { path: requestPath(request), publicUrl: ctx.config.publicUrl };
      let props: ClaimPageProps;
      let status = 200;
      try {
        const target = await checkClaimToken(ctx, ctx.db, request.params.token);
        const row = await findCredential(ctx.db, target.organizationId, target.credentialId);
        if (!row) {
          throw new Error('gone');
        }
        const summary = summarizeCredential(JSON.parse(row.document));
        const url = urls.credentialPage(ctx.config.publicUrl, row.id);
        props = {
          ...base,
          state: 'ready',
          token: request.params.token,
          email: target.email,
          signedIn: (await optionalLearner(ctx, request)) !== undefined,
          credential: { name: summary.name, issuerName: summary.issuer.name, imageUrl: `${url}.png`, url },
        };
      } catch (error) {
        const state = isAppError(error, 'CLAIM_USED')
          ? 'used'
          : isAppError(error, 'CLAIM_EXPIRED')
            ? 'expired'
            : 'unknown';
        status = state === 'unknown' ? 404 : 410;
        props = { ...base, state };
      }
      const html = renderPublicPage(web, {
        page: 'claim',
        locale,
        props,
        meta: {
          title: t('meta.claimTitle'),
          description: t('claim.lead'),
          url: `${ctx.config.publicUrl}/claim`,
        },
      });
      // The page names the recipient's address: never cached, never indexed, never sent as a Referer.
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .header('referrer-policy', 'no-referrer')
        .send(html);
    },
  );

  r.post(
    '/api/v1/wallet/claims',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['wallet'],
        summary:
          'Use a claim link: signed in, its address joins your wallet; otherwise a sign-in link goes to that address. Once.',
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          200: Type.Object({ credentialId: Type.String(), added: Type.Boolean(), linkSent: Type.Boolean() }),
          400: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          410: Problem,
        },
      },
    },
    async (request) => {
      const learner = await optionalLearner(ctx, request);
      const result = await claimCredential(ctx, request.body.token, learner?.account, requestLocale(request));
      return { credentialId: result.credentialId, added: result.added, linkSent: result.linkSent };
    },
  );
}
