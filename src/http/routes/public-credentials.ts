/**
 * The public face of a credential: `/c/{id}` (an HTML page with OpenGraph tags), `/c/{id}.json` and
 * content negotiation (`Accept: application/ld+json`) for the credential exactly as signed; the baked
 * badge `/c/{id}.png` and `.svg`, the certificate `/c/{id}.pdf` and the social card `/c/{id}/og.png`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { type ArtifactKind, credentialArtifact } from '../../services/credential-artifacts.js';
import { credentialPathways } from '../../services/pathways.js';
import { urls } from '../../services/urls.js';
import {
  type Credential,
  credentialStatus,
  findPublicCredential,
} from '../../storage/credentials.repository.js';
import { escapeHtml, renderPage } from '../html.js';

const JSON_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/vc', 'application/json'];

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const html = accept.indexOf('text/html');
  const json = Math.min(...JSON_TYPES.map((type) => accept.indexOf(type)).filter((index) => index >= 0));
  return Number.isFinite(json) && (html < 0 || json < html);
}

function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return text(value[0]);
  }
  if (typeof value === 'object' && value !== null && '@value' in value) {
    return String((value as { '@value': unknown })['@value']);
  }
  return '';
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

export function registerPublicCredentialRoutes(app: FastifyInstance, ctx: AppContext): void {
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
      const etag = `"${row.id}-${row.updated_at}"`;
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
      const reason = row.status_reason_public === 1 && row.status_reason ? row.status_reason : undefined;
      const pathways = pathwaysSection(await credentialPathways(ctx, row));
      return sendPage(ctx, reply, row.id, row.document, credentialStatus(row, ctx.clock()), reason, pathways);
    },
  );
}

/** The pathways a credential belongs to or was awarded for, and a flagged award's warning (escaped HTML). */
function pathwaysSection(info: Awaited<ReturnType<typeof credentialPathways>>): string {
  const parts: string[] = [];
  if (info.awardFor?.flag) {
    parts.push(`<p role="alert"><strong>Warning:</strong> ${escapeHtml(info.awardFor.flag)}</p>`);
  }
  if (info.awardFor) {
    parts.push(
      `<p>Awarded for completing the pathway <a href="${escapeHtml(info.awardFor.url)}">${escapeHtml(info.awardFor.name)}</a>.</p>`,
    );
  }
  if (info.partOf.length > 0) {
    const items = info.partOf.map(
      (pathway) => `<li><a href="${escapeHtml(pathway.url)}">${escapeHtml(pathway.name)}</a></li>`,
    );
    parts.push(`<section><h2>Part of</h2><ul>${items.join('')}</ul></section>`);
  }
  return parts.length > 0 ? `${parts.join('\n')}\n` : '';
}

function sendPage(
  ctx: AppContext,
  reply: FastifyReply,
  id: string,
  document: string,
  status: string,
  reason?: string,
  pathways = '',
) {
  const credential = JSON.parse(document) as Record<string, unknown>;
  const subject = (
    Array.isArray(credential.credentialSubject)
      ? credential.credentialSubject[0]
      : credential.credentialSubject
  ) as { achievement?: Record<string, unknown> } | undefined;
  const achievement = subject?.achievement ?? {};
  const issuer = (credential.issuer ?? {}) as Record<string, unknown>;
  const name = text(credential.name) || text(achievement.name) || 'Credential';
  const issuerName = text(issuer.name) || text(issuer.id);
  const description = text(achievement.description) || text(credential.description);
  const url = urls.credentialPage(ctx.config.publicUrl, id);
  // The social card, rendered on request; a revoked credential has none, and shows no image.
  const image = status === 'revoked' ? undefined : `${url}/og.png`;
  const downloads =
    status === 'revoked'
      ? ''
      : `<p>Download: <a href="${escapeHtml(`${url}.png`)}">badge (PNG)</a> · <a href="${escapeHtml(`${url}.svg`)}">badge (SVG)</a> · <a href="${escapeHtml(`${url}.pdf`)}">certificate (PDF)</a></p>\n`;
  const badge =
    status === 'revoked'
      ? ''
      : `<img src="${escapeHtml(`${url}.png`)}" width="200" height="200" alt="${escapeHtml(description ? `${name}: ${description}` : name)}">\n`;
  const body = `<main>
${badge}<h1>${escapeHtml(name)}</h1>
<p>Issued by ${escapeHtml(issuerName)} on ${escapeHtml(text(credential.awardedDate) || text(credential.validFrom))}</p>
<p>${escapeHtml(description)}</p>
<p>Status: ${escapeHtml(status)}${reason ? ` — ${escapeHtml(reason)}` : ''}</p>
<p><a href="${escapeHtml(urls.credentialJson(ctx.config.publicUrl, id))}">Download the credential (JSON)</a></p>
${downloads}${pathways}</main>`;
  return reply.type('text/html; charset=utf-8').send(
    renderPage(
      {
        title: `${name} — ${issuerName}`,
        description: description || `${name}, issued by ${issuerName}`,
        url,
        ...(image ? { image } : {}),
        alternate: { type: 'application/ld+json', href: urls.credentialJson(ctx.config.publicUrl, id) },
      },
      body,
    ),
  );
}
