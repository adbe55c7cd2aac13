/**
 * The public face of a credential: `/c/{id}` (an HTML page with OpenGraph tags that verifies the
 * credential in the reader's browser), `/c/{id}.json` and content negotiation
 * (`Accept: application/ld+json`) for the credential exactly as signed; the baked badge `/c/{id}.png`
 * and `.svg`, the certificate `/c/{id}.pdf` and the social card `/c/{id}/og.png`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { type Locale, translator } from '../../i18n/index.js';
import { summarizeCredential } from '../../pages/credential-model.js';
import type { Download } from '../../pages/credential-page.js';
import type { AppContext } from '../../services/context.js';
import { type ArtifactKind, credentialArtifact } from '../../services/credential-artifacts.js';
import { slugOfLocalDid } from '../../services/issuers.js';
import { type CredentialPathways, credentialPathways } from '../../services/pathways.js';
import { urls } from '../../services/urls.js';
import {
  type Credential,
  credentialStatus,
  findPublicCredential,
} from '../../storage/credentials.repository.js';
import { type Design, findDesign } from '../../storage/designs.repository.js';
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
 * while the credential is not revoked.
 */
export function credentialDownloads(id: string, status: string): Download[] {
  const path = `/c/${encodeURIComponent(id)}`;
  const formats = status === 'revoked' ? (['json'] as const) : (['json', 'png', 'svg', 'pdf'] as const);
  return formats.map((format) => ({ format, href: `${path}.${format}` }));
}

/** The suffixes `/c/{id}` answers to, and what each gives. */
const SUFFIXES = ['.json', '.png', '.svg', '.pdf'] as const;
type Suffix = (typeof SUFFIXES)[number];

function splitSuffix(raw: string): { id: string; suffix: Suffix | undefined } {
  const suffix = SUFFIXES.find((candidate) => raw.endsWith(candidate));
  return suffix ? { id: raw.slice(0, -suffix.length), suffix } : { id: raw, suffix: undefined };
}

/** Downloads may be cached by browsers and CDNs; the ETag changes with the credential, design and issuer. */
const DOWNLOAD_CACHE_CONTROL = 'public, max-age=300, must-revalidate';

async function sendArtifact(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: Credential,
  kind: ArtifactKind,
) {
  const artifact = await credentialArtifact(ctx, row, kind);
  reply
    .header('etag', artifact.etag)
    .header('cache-control', DOWNLOAD_CACHE_CONTROL)
    // Badges and cards are meant to be shown on other sites (the embed snippet, social networks).
    .header('cross-origin-resource-policy', 'cross-origin');
  if (kind === 'svg') {
    // Opened directly, the SVG is a document: it may show inline styles and data: images, nothing else.
    reply.header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  }
  if (kind !== 'og') {
    reply.header('content-disposition', `inline; filename="${artifact.filename}"`);
  }
  if (request.headers['if-none-match'] === artifact.etag) {
    return reply.status(304).send();
  }
  return reply.type(artifact.contentType).send(Buffer.from(artifact.bytes));
}

export function registerPublicCredentialRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): void {
  app.get<{ Params: { id: string } }>(
    '/c/:id/og.png',
    {
      schema: {
        tags: ['public'],
        summary: 'The credential’s social card (OpenGraph / Twitter image, 1200 × 630 PNG)',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const row = await findPublicCredential(ctx.db, request.params.id);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      return sendArtifact(ctx, request, reply, row, 'og');
    },
  );

  app.get<{ Params: { id: string } }>(
    '/c/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'A credential: its page (HTML); the signed credential for /c/{id}.json or Accept: application/ld+json; the baked badge for .png / .svg; the certificate for .pdf',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { id, suffix } = splitSuffix(request.params.id);
      const asJson = suffix === '.json';
      const row = await findPublicCredential(ctx.db, id);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      if (suffix !== undefined && suffix !== '.json') {
        return sendArtifact(ctx, request, reply, row, suffix.slice(1) as ArtifactKind);
      }
      const json = asJson || wantsJson(request);
      // The page shows the badge design's alt text: a new design is a new page.
      const design = json ? undefined : await findDesign(ctx.db, row.organization_id, row.achievement_id);
      const etag = `"${row.id}-${row.updated_at}-${json ? 'json' : `${requestLocale(request)}-${design?.updated_at ?? ''}`}"`;
      reply
        .header('etag', etag)
        .header('vary', 'Accept')
        .header('cache-control', 'public, max-age=60, must-revalidate');
      if (request.headers['if-none-match'] === etag) {
        return reply.status(304).send();
      }
      if (json) {
        // The stored text, byte for byte: re-serializing could never change a signature's meaning,
        // but serving exactly what was signed leaves no doubt.
        return reply.type('application/ld+json; charset=utf-8').send(row.document);
      }
      const locale = requestLocale(request, reply);
      // The issuer chose to publish the reason of a revocation or suspension, or not.
      const reason = row.status_reason_public === 1 && row.status_reason ? row.status_reason : undefined;
      return sendPage(ctx, web, request, reply, {
        id: row.id,
        document: row.document,
        status: credentialStatus(row, ctx.clock()),
        locale,
        ...(reason ? { reason } : {}),
        pathways: await credentialPathways(ctx, row),
        badgeAlt: badgeAltText(design),
      });
    },
  );
}

/** The alt text the achievement's badge design gives its image, if any. */
function badgeAltText(design: Design | undefined): string | undefined {
  const altText = (design?.badge as { altText?: unknown } | null | undefined)?.altText;
  return typeof altText === 'string' && altText.trim() !== '' ? altText.trim() : undefined;
}

function sendPage(
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
    pathways?: CredentialPathways;
    badgeAlt?: string | undefined;
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
  const revoked = page.status === 'revoked';
  const html = renderPublicPage(web, {
    page: 'credential',
    locale: page.locale,
    props: {
      path: requestPath(request),
      publicUrl: ctx.config.publicUrl,
      pageUrl: url,
      jsonPath: `/c/${encodeURIComponent(page.id)}.json`,
      summary,
      // The badge as designed and baked for this credential; a revoked one shows none.
      ...(revoked ? {} : { badgePath: `/c/${encodeURIComponent(page.id)}.png` }),
      ...(page.badgeAlt && !revoked ? { badgeAlt: page.badgeAlt } : {}),
      ...(slug ? { issuerPageUrl: `/i/${encodeURIComponent(slug)}` } : {}),
      serverStatus: page.status,
      ...(page.reason ? { statusReason: page.reason } : {}),
      downloads: credentialDownloads(page.id, page.status),
      ...(page.pathways ? { pathways: page.pathways } : {}),
    },
    meta: {
      title,
      description,
      url,
      type: 'article',
      // The social card, rendered on request; a revoked credential has none.
      ...(revoked ? {} : { image: `${url}/og.png`, imageAlt: t('badge.alt', { name }) }),
      alternate: { type: 'application/ld+json', href: urls.credentialJson(ctx.config.publicUrl, page.id) },
    },
  });
  return sendPublicPage(reply, html, 'public, max-age=60, must-revalidate');
}
