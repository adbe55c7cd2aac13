/**
 * `/p/{id}`: a pathway's public page — the stack: what it awards, and the achievements (with their
 * badges) that earn it, grouped as the tree says, with its order and time conditions in words. JSON for
 * `Accept: application/json` (or `/p/{id}.json`). Active pathways only.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { MinResult } from '../../core/pathways/types.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { publicPathwayView } from '../../services/pathways.js';
import { findPublicPathway } from '../../storage/pathways.repository.js';
import { escapeHtml, renderPage } from '../html.js';
import { Problem } from '../schemas.js';
import { negotiate } from './public-achievements.js';

type View = Awaited<ReturnType<typeof publicPathwayView>>;
type Shown = View['achievements'][number];

function describeMinimum(minimum: MinResult): string {
  return typeof minimum === 'number'
    ? `a result of at least ${minimum}`
    : `a result of at least ${minimum.value}`;
}

/** The tree as nested lists; every string from users escaped. */
function renderTree(node: unknown, byId: Map<string, Shown>): string {
  const value = node as Record<string, unknown>;
  const conditions: string[] = [];
  if (typeof value.withinMonths === 'number') {
    conditions.push(`all within ${value.withinMonths} months of the first`);
  }
  if (value.minResult !== undefined) {
    conditions.push(describeMinimum(value.minResult as MinResult));
  }
  if (Array.isArray(value.after)) {
    conditions.push(
      `after ${value.after.map((id) => `“${byId.get(String(id))?.name ?? String(id)}”`).join(' and ')}`,
    );
  }
  const note = conditions.length > 0 ? ` <small>(${escapeHtml(conditions.join('; '))})</small>` : '';
  if (typeof value.achievement === 'string') {
    const shown = byId.get(value.achievement);
    const image =
      shown?.published && shown.image
        ? `<img src="${escapeHtml(shown.image)}" width="48" height="48" alt=""> `
        : '';
    const name =
      shown?.published && shown.uri
        ? `<a href="${escapeHtml(shown.uri)}">${escapeHtml(shown.name)}</a>`
        : escapeHtml(shown?.name ?? value.achievement);
    return `<li>${image}${name}${note}</li>`;
  }
  const children = (
    Array.isArray(value.all) ? value.all : Array.isArray(value.of) ? value.of : []
  ) as unknown[];
  const heading = Array.isArray(value.all)
    ? 'All of'
    : `Any ${escapeHtml(String(value.atLeast))} of these ${children.length}`;
  return `<li>${heading}${note}:<ul>${children.map((child) => renderTree(child, byId)).join('')}</ul></li>`;
}

function pathwayPage(view: View): string {
  const byId = new Map(view.achievements.map((achievement) => [achievement.id, achievement]));
  const target = view.target;
  const targetImage =
    target.published && target.image
      ? `<img src="${escapeHtml(target.image)}" width="160" height="160" alt="${escapeHtml(target.name)}">\n`
      : '';
  const targetName =
    target.published && target.uri
      ? `<a href="${escapeHtml(target.uri)}">${escapeHtml(target.name)}</a>`
      : escapeHtml(target.name);
  const body = `<main>
<h1>${escapeHtml(view.name)}</h1>
${view.description ? `<p style="white-space: pre-wrap">${escapeHtml(view.description)}</p>\n` : ''}<section>
${targetImage}<h2>Earns: ${targetName}</h2>
${target.published && target.description ? `<p>${escapeHtml(target.description)}</p>\n` : ''}<p>Awarded the moment the last requirement is earned: at least ${escapeHtml(String(view.minimumToComplete))} achievement${view.minimumToComplete === 1 ? '' : 's'}.</p>
</section>
<section>
<h2>How to earn it</h2>
<ul>${renderTree(view.requirements, byId)}</ul>
</section>
<p><a href="${escapeHtml(`${view.url}.json`)}">This pathway as JSON</a></p>
</main>`;
  return renderPage(
    {
      title: view.name,
      description:
        view.description ??
        `Earn ${target.name} by completing ${view.achievements.length} achievement${view.achievements.length === 1 ? '' : 's'}.`,
      url: view.url,
      ...(target.published && target.image ? { image: target.image } : {}),
      alternate: { type: 'application/json', href: `${view.url}.json` },
    },
    body,
  );
}

export function registerPublicPathwayRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/p/:id',
    {
      schema: {
        tags: ['public'],
        summary:
          'A pathway: its page (Accept: text/html) showing what it awards and how, or JSON (/p/{id}.json, Accept: application/json)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 205 }) }),
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
      // One ETag per representation (the page and the JSON differ).
      const etag = `"${pathway.id}-${pathway.updated_at}-${html ? 'html' : 'json'}"`;
      reply.header('vary', 'Accept').header('cache-control', 'public, max-age=300').header('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        return reply.status(304).send();
      }
      const view = await publicPathwayView(ctx, pathway);
      if (html) {
        return reply.type('text/html; charset=utf-8').send(pathwayPage(view));
      }
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(view));
    },
  );
}
