/**
 * The public face of a credential: `/c/{id}` (an HTML page with OpenGraph tags), `/c/{id}.json` and
 * content negotiation (`Accept: application/ld+json`) for the credential exactly as signed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { urls } from '../../services/urls.js';
import { credentialStatus, findPublicCredential } from '../../storage/credentials.repository.js';
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

export function registerPublicCredentialRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/c/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'A credential: its page (HTML), or the signed credential for /c/{id}.json or Accept: application/ld+json',
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
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
      return sendPage(ctx, reply, row.id, row.document, credentialStatus(row, ctx.clock()));
    },
  );
}

function sendPage(ctx: AppContext, reply: FastifyReply, id: string, document: string, status: string) {
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
  const image = (achievement.image as { id?: string } | undefined)?.id;
  const url = urls.credentialPage(ctx.config.publicUrl, id);
  const body = `<main>
<h1>${escapeHtml(name)}</h1>
<p>Issued by ${escapeHtml(issuerName)} on ${escapeHtml(text(credential.awardedDate) || text(credential.validFrom))}</p>
<p>${escapeHtml(description)}</p>
<p>Status: ${escapeHtml(status)}</p>
<p><a href="${escapeHtml(urls.credentialJson(ctx.config.publicUrl, id))}">Download the credential (JSON)</a></p>
</main>`;
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
