/**
 * `/a/{id}`: the URI of an achievement, the `id` of the Achievement in every credential that awards it.
 * JSON (`application/json`, `application/ld+json`, or `/a/{id}.json`) gives the Open Badges 3.0
 * Achievement; a browser gets a minimal page until the web app serves a richer one. Published
 * achievements only (active or archived): a draft answers 404 like an unknown id.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { OB_CREDENTIAL_CONTEXT } from '../../core/credentials/constants.js';
import type { Achievement } from '../../core/credentials/types.js';
import { AppError } from '../../errors.js';
import { achievementDocument } from '../../services/achievements.js';
import type { AppContext } from '../../services/context.js';
import { findPublicAchievement } from '../../storage/achievements.repository.js';
import { escapeHtml, renderPage } from '../html.js';
import { Problem } from '../schemas.js';

type Representation = 'html' | 'json' | 'ld+json';

const MEDIA_TYPES: Record<string, Representation> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/json': 'json',
  'application/ld+json': 'ld+json',
};

/**
 * The representation the `Accept` header prefers (RFC 9110 §12.5.1: highest `q`, then the earlier
 * entry); JSON when it names none of them or is absent. Wildcards count as JSON: this is a data URI
 * first, and a browser always asks for text/html by name.
 */
export function negotiate(accept: string | undefined): Representation {
  let best: { representation: Representation; q: number } | undefined;
  for (const entry of (accept ?? '').split(',')) {
    const [range = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const qParameter = parameters.find((parameter) => parameter.startsWith('q='));
    const q = qParameter === undefined ? 1 : Number.parseFloat(qParameter.slice(2));
    if (!Number.isFinite(q) || q <= 0) {
      continue;
    }
    const representation: Representation | undefined =
      MEDIA_TYPES[range] ?? (range === '*/*' || range === 'application/*' ? 'json' : undefined);
    if (representation !== undefined && (best === undefined || q > best.q)) {
      best = { representation, q };
    }
  }
  return best?.representation ?? 'json';
}

/** A minimal page (OpenGraph tags included); every string from the achievement is escaped. */
export function achievementPage(achievement: Achievement, jsonUrl: string): string {
  const inLanguage = achievement.inLanguage ?? '';
  const lang = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(inLanguage) ? inLanguage : 'en';
  const image = achievement.image
    ? `<p><img src="${escapeHtml(achievement.image.id)}" alt="${escapeHtml(achievement.image.caption ?? '')}" width="200"></p>\n`
    : '';
  const criteria = achievement.criteria.narrative
    ? `<h2>Criteria</h2>\n<p style="white-space: pre-wrap">${escapeHtml(achievement.criteria.narrative)}</p>\n`
    : '';
  const criteriaUrl = achievement.criteria.id ?? '';
  const criteriaLink = /^https?:\/\//i.test(criteriaUrl)
    ? `<p><a href="${escapeHtml(criteriaUrl)}" rel="nofollow noopener">Criteria</a></p>\n`
    : '';
  const body = `<main>
${image}<h1>${escapeHtml(achievement.name)}</h1>
<p style="white-space: pre-wrap">${escapeHtml(achievement.description)}</p>
${criteria}${criteriaLink}<p><a href="${escapeHtml(jsonUrl)}">The achievement as Open Badges 3.0 JSON</a></p>
</main>`;
  return renderPage(
    {
      title: achievement.name,
      description: achievement.description,
      url: achievement.id,
      ...(achievement.image ? { image: achievement.image.id } : {}),
      alternate: { type: 'application/ld+json', href: jsonUrl },
    },
    body,
    { lang },
  );
}

export function registerPublicAchievementRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/a/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'An achievement’s URI: the Open Badges 3.0 Achievement as JSON (/a/{id}.json, or Accept: application/json or application/ld+json; also the default) or an HTML page (Accept: text/html); published achievements only',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 205 }) }),
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const raw = request.params.id;
      const asJson = raw.endsWith('.json');
      const row = await findPublicAchievement(ctx.db, asJson ? raw.slice(0, -'.json'.length) : raw);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such achievement');
      }
      const achievement = achievementDocument(ctx, row);
      const representation = asJson ? 'ld+json' : negotiate(request.headers.accept);
      reply.header('vary', 'Accept').header('cache-control', 'public, max-age=300');
      if (representation === 'html') {
        return reply
          .type('text/html; charset=utf-8')
          .send(achievementPage(achievement, `${achievement.id}.json`));
      }
      return reply
        .type(
          representation === 'ld+json'
            ? 'application/ld+json; charset=utf-8'
            : 'application/json; charset=utf-8',
        )
        .send(JSON.stringify({ '@context': [...OB_CREDENTIAL_CONTEXT], ...achievement }));
    },
  );
}
