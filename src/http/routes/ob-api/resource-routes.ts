/**
 * The resource endpoints of the Open Badges 3.0 API (docs/ob-api.md): discovery (unprotected), the
 * learner's credentials and profile (a Bearer access token with the operation's scope).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OB_SCOPES } from '../../../core/ob-api/scopes.js';
import type { AppContext } from '../../../services/context.js';
import { ImsxError } from '../../../services/ob-api/oauth-error.js';
import { learnerProfile, replaceLearnerProfile } from '../../../services/ob-api/profile.js';
import { OB_API_BASE, serviceDescription } from '../../../services/ob-api/service-description.js';
import { authenticateBearer } from '../../../services/ob-api/tokens.js';
import {
  credentialsPage,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  upsertCredential,
} from '../../../services/ob-api/wallet-api-credentials.js';
import { JSON_TYPES } from './scope.js';

type Query = Record<string, unknown>;

function integer(query: Query, name: string, min: number, max: number, fallback: number): number {
  const value = query[name];
  if (value === undefined) {
    return fallback;
  }
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new ImsxError(
      400,
      'invalid_query_parameter',
      `${name} must be a whole number from ${min} to ${max}`,
    );
  }
  return number;
}

function since(query: Query): number | undefined {
  const value = query.since;
  if (value === undefined) {
    return undefined;
  }
  const time =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ImsxError(400, 'invalid_query_parameter', 'since must be a date and time (ISO 8601)');
  }
  return time;
}

/** RFC 8288 links to the first, previous, next and last pages, keeping `since`. */
function pageLinks(base: string, query: Query, total: number, limit: number, offset: number): string {
  const link = (at: number, rel: string) => {
    const params = new URLSearchParams({ limit: String(limit), offset: String(at) });
    if (typeof query.since === 'string') {
      params.set('since', query.since);
    }
    return `<${base}?${params.toString()}>; rel="${rel}"`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  return [
    link(0, 'first'),
    ...(offset > 0 ? [link(Math.max(0, offset - limit), 'prev')] : []),
    ...(offset + limit < total ? [link(offset + limit, 'next')] : []),
    link(last, 'last'),
  ].join(', ');
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

export function registerObApiResourceRoutes(scope: FastifyInstance, ctx: AppContext): void {
  const credentialsUrl = `${ctx.config.publicUrl}${OB_API_BASE}/credentials`;

  scope.get(`${OB_API_BASE}/discovery`, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(serviceDescription(ctx.config.publicUrl)),
  );

  scope.get(`${OB_API_BASE}/credentials`, { schema: { hide: true } }, async (request, reply) => {
    const grant = await authenticateBearer(ctx, request.headers.authorization, OB_SCOPES.credentialRead);
    const query = request.query as Query;
    const page = await credentialsPage(ctx, grant.account, {
      limit: integer(query, 'limit', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
      offset: integer(query, 'offset', 0, 1_000_000_000, 0),
      since: since(query),
    });
    return reply
      .header('x-total-count', String(page.total))
      .header('link', pageLinks(credentialsUrl, query, page.total, page.limit, page.offset))
      .header('cache-control', 'no-store')
      .send(page.body);
  });

  scope.post(`${OB_API_BASE}/credentials`, { schema: { hide: true } }, async (request, reply) => {
    const grant = await authenticateBearer(ctx, request.headers.authorization, OB_SCOPES.credentialUpsert);
    const type = mediaType(request);
    const text = typeof request.body === 'string' ? request.body.trim() : '';
    if (JSON_TYPES.includes(type)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ImsxError(400, 'invalid_data', 'The body is not valid JSON');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ImsxError(400, 'invalid_data', 'Send one credential as a JSON object');
      }
    } else if (!COMPACT_JWS.test(text)) {
      throw new ImsxError(400, 'invalid_data', 'A text/plain body must be a compact JWS (a VC-JWT)');
    }
    const result = await upsertCredential(ctx, grant.account, grant.clientId, text);
    // The response body is the credential of the request, as the specification says.
    return reply
      .status(result.created ? 201 : 200)
      .type(JSON_TYPES.includes(type) ? 'application/json' : 'text/plain')
      .send(text);
  });

  scope.get(`${OB_API_BASE}/profile`, { schema: { hide: true } }, async (request, reply) => {
    const grant = await authenticateBearer(ctx, request.headers.authorization, OB_SCOPES.profileRead);
    return reply.header('cache-control', 'no-store').send(await learnerProfile(ctx, grant.account));
  });

  scope.put(`${OB_API_BASE}/profile`, { schema: { hide: true } }, async (request, reply) => {
    const grant = await authenticateBearer(ctx, request.headers.authorization, OB_SCOPES.profileUpdate);
    let body: unknown;
    try {
      body = JSON.parse(typeof request.body === 'string' ? request.body : '');
    } catch {
      throw new ImsxError(400, 'invalid_data', 'Send the Profile as JSON');
    }
    return reply
      .header('cache-control', 'no-store')
      .send(await replaceLearnerProfile(ctx, grant.account, body));
  });
}
