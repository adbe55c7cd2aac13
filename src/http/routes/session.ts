import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { SESSION_TTL_MS, signIn, signOut } from '../../services/sessions.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth.js';
import { Problem } from '../schemas.js';

const Me = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  organizations: Type.Array(
    Type.Object({ id: Type.String(), role: Type.String(), name: Type.String(), slug: Type.String() }),
  ),
  csrfToken: Type.Optional(Type.String()),
});

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const secure = ctx.config.publicUrl.startsWith('https:');

  r.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'Sign in to the console: sets the session cookie and returns the CSRF token',
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: Me, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await signIn(ctx, request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      // Double submit: the page reads this cookie and echoes it in X-CSRF-Token on every write.
      reply.setCookie(CSRF_COOKIE, session.csrfToken, {
        path: '/',
        httpOnly: false,
        sameSite: 'strict',
        secure,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return {
        user: { id: session.user.id, email: session.user.email, name: session.user.name },
        organizations: session.organizations.map((entry) => ({
          id: entry.organizationId,
          role: entry.role,
          name: entry.name,
          slug: entry.slug,
        })),
        csrfToken: session.csrfToken,
      };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['session'], summary: 'Sign out: ends the session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await signOut(ctx, token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { signedIn: true },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user and their organizations',
        response: { 200: Me, 401: Problem },
      },
    },
    async (request) => {
      const sessionUser = request.sessionUser;
      if (!sessionUser) {
        throw new AppError('UNAUTHENTICATED', 'Sign in with a session (API keys have no user)');
      }
      return {
        user: { id: sessionUser.user.id, email: sessionUser.user.email, name: sessionUser.user.name },
        organizations: sessionUser.organizations.map((entry) => ({
          id: entry.organizationId,
          role: entry.role,
          name: entry.name,
          slug: entry.slug,
        })),
      };
    },
  );
}
