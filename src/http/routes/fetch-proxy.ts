/**
 * GET /api/v1/fetch?url=… — the browser verifier's way to read documents on other servers (did:web
 * documents, status lists, credentials at a URL) that its page's Content-Security-Policy and CORS keep it
 * from fetching itself. Public and rate limited; GET only; through the SSRF-guarded fetch (https only, no
 * private or loopback addresses, size and time limits); JSON answers only, passed on byte for byte, so
 * the browser still verifies everything itself. This server's own public URLs are answered in-process.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { Problem } from '../schemas.js';

/** Media types passed on: JSON and its JSON-LD, DID and VC variants. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$|^application\/vc$/;

const ACCEPT =
  'application/ld+json, application/vc+ld+json, application/vc, application/did+ld+json, application/did+json, application/json;q=0.9';

/** The answer is cut off past this size (a Bitstring Status List of 131,072 entries is far smaller). */
export const FETCH_PROXY_MAX_BYTES = 1024 * 1024;

function ownPath(publicUrl: string, url: URL): string | undefined {
  const base = new URL(publicUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
    return undefined;
  }
  const path = url.pathname.slice(basePath.length);
  // Only public documents: never an API route, even one that would refuse an anonymous caller.
  return path.startsWith('/api/') ? undefined : `${path}${url.search}`;
}

export function registerFetchProxyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { url: string } }>(
    '/api/v1/fetch',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['verify'],
        summary:
          'Fetch a public JSON document for the browser verifier (DID documents, status lists, credentials): https only, no private addresses, JSON only, at most 1 MiB',
        querystring: Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 400: Problem, 422: Problem, 429: Problem, 502: Problem, 504: Problem },
      },
    },
    async (request, reply) => {
      let url: URL;
      try {
        url = new URL(request.query.url);
      } catch {
        throw new AppError('FETCH_BLOCKED', 'The address is not a valid URL');
      }
      reply.header('cache-control', 'no-store');
      const own = ownPath(ctx.config.publicUrl, url);
      if (own !== undefined) {
        const answer = await app.inject({ method: 'GET', url: own, headers: { accept: ACCEPT } });
        const type = answer.headers['content-type'];
        const essence = typeof type === 'string' ? type.split(';')[0]?.trim().toLowerCase() : undefined;
        if (answer.statusCode !== 200 || !essence || !JSON_MEDIA_TYPE.test(essence)) {
          throw new AppError(
            'FETCH_FAILED',
            `${url.origin}${url.pathname} answered HTTP ${answer.statusCode}`,
          );
        }
        return reply.type(`${essence}; charset=utf-8`).send(answer.body);
      }
      const answer = await ctx.fetch(url.href, { accept: ACCEPT });
      if (answer.status < 200 || answer.status >= 300) {
        throw new AppError('FETCH_FAILED', `${url.origin}${url.pathname} answered HTTP ${answer.status}`);
      }
      if (!answer.contentType || !JSON_MEDIA_TYPE.test(answer.contentType)) {
        throw new AppError(
          'FETCH_FAILED',
          `${url.origin}${url.pathname} answered ${answer.contentType ?? 'without a content type'}, not JSON`,
        );
      }
      if (answer.body.byteLength > FETCH_PROXY_MAX_BYTES) {
        throw new AppError(
          'FETCH_TOO_LARGE',
          `${url.origin}${url.pathname}: the answer is larger than 1 MiB`,
        );
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(answer.body);
        JSON.parse(text);
      } catch {
        throw new AppError('FETCH_FAILED', `${url.origin}${url.pathname} did not answer with valid JSON`);
      }
      return reply.type(`${answer.contentType}; charset=utf-8`).send(text);
    },
  );
}
