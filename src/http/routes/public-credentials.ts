/**
 * The public face of a credential: `/c/{id}` (an HTML page with OpenGraph tags that verifies the
 * credential in the reader's browser), `/c/{id}.json` and content negotiation
 * (`Accept: application/ld+json`) for the credential exactly as signed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { translator } from '../../i18n/index.js';
import { summarizeCredential } from '../../pages/credential-model.js';
import type { Download } from '../../pages/credential-page.js';
import type { AppContext } from '../../services/context.js';
import { slugOfLocalDid } from '../../services/issuers.js';
import { urls } from '../../services/urls.js';
import { credentialStatus, findPublicCredential } from '../../storage/credentials.repository.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import type { WebApp } from '../web-assets.js';

const JSON_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/vc', 'application/json'];

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = Math.min(...JSON_TYPES.map((type) => accept.indexOf(type)).filter((index) => index >= 0));
  return Number.isFinite(json) && (html < 0 || json < html);
}

/**
 * The files a reader can take away: the JSON always; the baked badge (PNG, SVG) and the certificate (PDF)
 * when this server renders them (the rendering routes answer `/c/{id}.png|.svg|.pdf` beside their social
 * card `/c/{id}/og.png`, whose presence says so).
 */
export function credentialDownloads(app: FastifyInstance, id: string): Download[] {
  const path = `/c/${encodeURIComponent(id)}`;
  const downloads: Download[] = [{ format: 'json', href: `${path}.json` }];
  if (rendersArtifacts(app)) {
    for (const format of ['png', 'svg', 'pdf'] as const) {
      downloads.push({ format, href: `${path}.${format}` });
    }
  }
  return downloads;
}

function rendersArtifacts(app: FastifyInstance): boolean {
  return app.hasRoute({ method: 'GET', url: '/c/:id/og.png' });
}

export function registerPublicCredentialRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  app.get<{ Params: { id: string } }>(
    '/c/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'A credential: its page (HTML), or the signed credential for /c/{id}.json or Accept: application/ld+json',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const raw = request.params.id;
      const asJson = raw.endsWith('.json');
      const id = asJson ? raw.slice(0, -'.json'.length) : raw;
      const row = await findPublicCredential(ctx.db, id);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      const etag = `"${row.id}-${row.updated_at}-${asJson || wantsJson(request) ? 'json' : requestLocale(request)}"`;
      reply
        .header('etag', etag)
        .header('vary', 'Accept')
        .header('cache-control', 'public, max-age=60, must-revalidate');
      if (request.headers['if-none-match'] === etag) {
        return reply.status(304).send();
      }
      if (asJson || wantsJson(request)) {
        // The stored text, byte for byte: re-serializing could never change a signature's meaning,
        // but serving exactly what was signed leaves no doubt.
        return reply.type('application/ld+json; charset=utf-8').send(row.document);
      }
      const locale = requestLocale(request, reply);
      // The issuer chose to publish the reason of a revocation or suspension, or not.
      const reason = row.status_reason_public === 1 && row.status_reason ? row.status_reason : undefined;
      return sendPage(app, ctx, web, request, reply, {
        id: row.id,
        document: row.document,
        status: credentialStatus(row, ctx.clock()),
        locale,
        ...(reason ? { reason } : {}),
      });
    },
  );
}

function sendPage(
  app: FastifyInstance,
  ctx: AppContext,
  web: WebApp,
  request: FastifyRequest,
  reply: FastifyReply,
  page: {
    id: string;
    document: string;
    status: ReturnType<typeof credentialStatus>;
    locale: Locale;
    reason?: string;
  },
) {
  const t = translator(page.locale);
  const summary = summarizeCredential(JSON.parse(page.document) as Record<string, unknown>);
  const slug = summary.issuer.id ? slugOfLocalDid(ctx.config.publicUrl, summary.issuer.id) : undefined;
  const url = urls.credentialPage(ctx.config.publicUrl, page.id);
  const name = summary.name || t('credential.untitled');
  const title = t('meta.credentialTitle', { name, issuer: summary.issuer.name });
  const description =
    summary.description ?? t('meta.credentialDescription', { name, issuer: summary.issuer.name });
  const html = renderPublicPage(web, {
    page: 'credential',
    locale: page.locale,
    props: {
      path: requestPath(request),
      publicUrl: ctx.config.publicUrl,
      pageUrl: url,
      jsonPath: `/c/${encodeURIComponent(page.id)}.json`,
      summary,
      ...(slug ? { issuerPageUrl: `/i/${encodeURIComponent(slug)}` } : {}),
      serverStatus: page.status,
      ...(page.reason ? { statusReason: page.reason } : {}),
      downloads: credentialDownloads(app, page.id),
    },
    meta: {
      title,
      description,
      url,
      type: 'article',
      // The social card when this server draws one, else the badge image.
      ...(rendersArtifacts(app)
        ? { image: `${url}/og.png`, imageAlt: t('badge.alt', { name }) }
        : summary.image?.url
          ? { image: summary.image.url, imageAlt: t('badge.alt', { name }) }
          : {}),
      alternate: { type: 'application/ld+json', href: urls.credentialJson(ctx.config.publicUrl, page.id) },
    },
  });
  return sendPublicPage(reply, html, 'public, max-age=60, must-revalidate');
}
