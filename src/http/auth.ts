/**
 * Who is asking. `Authorization: Bearer cairn_…` names an API key (its organization and role); the
 * `cairn_session` cookie names a signed-in user, acting in the organization `X-Cairn-Organization` names
 * (or their first). Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`.
 * A route states the least role it needs in `config.role`; without one it is public.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { authenticateApiKey } from '../services/api-keys.js';
import { type Actor, type AppContext, roleAtLeast } from '../services/context.js';
import { sha256Hex } from '../services/secrets.js';
import { authenticateSession, type SessionUser } from '../services/sessions.js';
import type { Role } from '../storage/tables.js';

export const SESSION_COOKIE = 'cairn_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_COOKIE = 'cairn_csrf';
export const ORGANIZATION_HEADER = 'x-cairn-organization';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionUser: SessionUser | undefined;
  }
  interface FastifyContextConfig {
    /** The least role the route needs; absent means public. */
    role?: Role;
    /** A signed-in user is enough (no organization role needed), e.g. GET /api/v1/auth/me. */
    signedIn?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function identify(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const base = {
    ip: request.ip,
    ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
  };
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const actor = await authenticateApiKey(ctx, authorization.slice('Bearer '.length).trim());
    if (!actor) {
      throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked');
    }
    request.actor = { ...actor, ...base };
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) {
    return;
  }
  const sessionUser = await authenticateSession(ctx, token);
  if (!sessionUser) {
    return;
  }
  if (!SAFE_METHODS.has(request.method)) {
    const csrf = request.headers[CSRF_HEADER];
    if (
      typeof csrf !== 'string' ||
      !sessionUser.csrfTokenHash ||
      sha256Hex(csrf) !== sessionUser.csrfTokenHash
    ) {
      throw new AppError('CSRF_FAILED', `Send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
  }
  request.sessionUser = sessionUser;
  const wanted = request.headers[ORGANIZATION_HEADER];
  const membership =
    typeof wanted === 'string'
      ? sessionUser.organizations.find((entry) => entry.organizationId === wanted)
      : sessionUser.organizations[0];
  if (typeof wanted === 'string' && !membership) {
    throw new AppError('FORBIDDEN', 'You are not a member of that organization');
  }
  if (membership) {
    request.actor = {
      type: 'user',
      id: sessionUser.user.id,
      organizationId: membership.organizationId,
      role: membership.role,
      ...base,
    };
  }
}

export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionUser', undefined);
  app.addHook('preHandler', async (request) => {
    const { role, signedIn } = request.routeOptions.config;
    if (!role && !signedIn) {
      return;
    }
    await identify(ctx, request);
    if (signedIn && !request.sessionUser && !request.actor) {
      throw new AppError('UNAUTHENTICATED');
    }
    if (role) {
      if (!request.actor) {
        throw new AppError('UNAUTHENTICATED');
      }
      if (!roleAtLeast(request.actor.role, role)) {
        throw new AppError('FORBIDDEN', `This needs the ${role} role; you have ${request.actor.role}`);
      }
    }
  });
}

/** The actor of a route that declared `config.role` (set by the preHandler). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new AppError('UNAUTHENTICATED');
  }
  return request.actor;
}
