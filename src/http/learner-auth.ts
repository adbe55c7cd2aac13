/**
 * Who is asking, on the wallet's routes: the `cairn_wallet` cookie names a learner session (its own
 * table, never a console session). Writes must echo the session's CSRF token (the `cairn_wallet_csrf`
 * cookie) in X-CSRF-Token. A route opts in with `config.learner: true`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { AppContext } from '../services/context.js';
import { sha256Hex } from '../services/secrets.js';
import {
  authenticateLearner,
  LEARNER_SESSION_TTL_MS,
  type NewLearnerSession,
  type SignedInLearner,
} from '../services/wallet/learner-sessions.js';
import { CSRF_HEADER } from './auth.js';

export const WALLET_COOKIE = 'cairn_wallet';
export const WALLET_CSRF_COOKIE = 'cairn_wallet_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    learner: SignedInLearner | undefined;
  }
  interface FastifyContextConfig {
    /** A signed-in learner (wallet session) is needed. */
    learner?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerLearnerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('learner', undefined);
  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.config.learner) {
      return;
    }
    const token = request.cookies[WALLET_COOKIE];
    const learner = token ? await authenticateLearner(ctx, token) : undefined;
    if (!learner) {
      throw new AppError('UNAUTHENTICATED', 'Sign in to your wallet');
    }
    if (!SAFE_METHODS.has(request.method)) {
      const csrf = request.headers[CSRF_HEADER];
      if (typeof csrf !== 'string' || sha256Hex(csrf) !== learner.csrfTokenHash) {
        throw new AppError(
          'CSRF_FAILED',
          `Send the wallet session's CSRF token in the ${CSRF_HEADER} header`,
        );
      }
    }
    request.learner = learner;
  });
}

/**
 * The signed-in learner, if any, on a route that serves both (the claim): a wallet cookie that names a
 * live session must come with its CSRF token on writes, as on wallet routes.
 */
export async function optionalLearner(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<SignedInLearner | undefined> {
  const token = request.cookies[WALLET_COOKIE];
  const learner = token ? await authenticateLearner(ctx, token) : undefined;
  if (learner && !SAFE_METHODS.has(request.method)) {
    const csrf = request.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || sha256Hex(csrf) !== learner.csrfTokenHash) {
      throw new AppError('CSRF_FAILED', `Send the wallet session's CSRF token in the ${CSRF_HEADER} header`);
    }
  }
  return learner;
}

/** The learner of a route that declared `config.learner`. */
export function learnerOf(request: FastifyRequest): SignedInLearner {
  if (!request.learner) {
    throw new AppError('UNAUTHENTICATED', 'Sign in to your wallet');
  }
  return request.learner;
}

export function setWalletCookies(ctx: AppContext, reply: FastifyReply, session: NewLearnerSession): void {
  const secure = ctx.config.publicUrl.startsWith('https:');
  const maxAge = Math.floor(LEARNER_SESSION_TTL_MS / 1000);
  reply.setCookie(WALLET_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge,
  });
  // Double submit: the wallet page reads this cookie and echoes it in X-CSRF-Token on every write.
  reply.setCookie(WALLET_CSRF_COOKIE, session.csrfToken, {
    path: '/',
    httpOnly: false,
    sameSite: 'strict',
    secure,
    maxAge,
  });
}

export function clearWalletCookies(reply: FastifyReply): void {
  reply.clearCookie(WALLET_COOKIE, { path: '/' });
  reply.clearCookie(WALLET_CSRF_COOKIE, { path: '/' });
}
