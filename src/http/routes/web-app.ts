/**
 * The web app's routes: its built files (`/assets/…`, immutable), the console (`/console` and every path
 * under it answer the single-page app, which routes in the browser), and the server-rendered public
 * pages that are not about one record: the home page and the verifier (`/verify`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { translator } from '../../i18n/index.js';
import type { AppContext } from '../../services/context.js';
import { escapeHtml } from '../html.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import type { WebApp } from '../web-assets.js';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><ellipse cx="16" cy="26" rx="12" ry="4.5" fill="#3d5a80"/><ellipse cx="16" cy="17.5" rx="8.5" ry="4" fill="#5b7fa8"/><ellipse cx="16" cy="10" rx="5.5" ry="3.2" fill="#98c1d9"/></svg>`;

const LangQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  url: Type.Optional(Type.String({ maxLength: 2000 })),
});

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cairn</title></head><body><main><h1>The web app is not built</h1><p>Run <code>${escapeHtml('npm run build')}</code> (or <code>npm start</code>, which builds it when it is missing), then reload this page.</p></main></body></html>`,
    );
}

export async function registerWebAppRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  web: WebApp,
): Promise<void> {
  const assets = join(web.root, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
      // Hashed names: a file never changes, so no revalidation is needed.
      cacheControl: true,
    });
  }

  app.get('/favicon.svg', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON),
  );

  const sendConsole = async (_request: FastifyRequest, reply: FastifyReply) => {
    const html = web.consoleHtml();
    if (html === undefined) {
      return notBuilt(reply);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  app.get('/console', { schema: { hide: true } }, sendConsole);
  app.get('/console/*', { schema: { hide: true } }, sendConsole);
  // The learner's wallet: the same single-page bundle, which renders the wallet under /wallet.
  app.get('/wallet', { schema: { hide: true } }, sendConsole);
  app.get('/wallet/*', { schema: { hide: true } }, sendConsole);

  app.get<{ Querystring: { lang?: string } }>(
    '/',
    { schema: { hide: true, querystring: LangQuery } },
    async (request, reply) => {
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const html = renderPublicPage(web, {
        page: 'home',
        locale,
        props: { path: requestPath(request) },
        meta: { title: t('meta.homeTitle'), description: t('home.lead'), url: `${ctx.config.publicUrl}/` },
      });
      return sendPublicPage(reply, html, 'public, max-age=300');
    },
  );

  app.get<{ Querystring: { lang?: string; url?: string } }>(
    '/verify',
    {
      schema: {
        tags: ['public'],
        summary:
          'The verifier page: drop a file or paste a credential or link; it is verified in the browser (?url= verifies a link at once)',
        querystring: LangQuery,
      },
    },
    async (request, reply) => {
      const locale = requestLocale(request, reply);
      const t = translator(locale);
      const initialUrl = request.query.url;
      const html = renderPublicPage(web, {
        page: 'verifier',
        locale,
        props: {
          path: requestPath(request),
          publicUrl: ctx.config.publicUrl,
          ...(initialUrl && /^https?:\/\//.test(initialUrl) ? { initialUrl } : {}),
        },
        meta: {
          title: t('meta.verifyTitle'),
          description: t('verifier.lead'),
          url: `${ctx.config.publicUrl}/verify`,
        },
      });
      return sendPublicPage(reply, html, 'public, max-age=300');
    },
  );
}
