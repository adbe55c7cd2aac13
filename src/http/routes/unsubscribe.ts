/**
 * `/unsubscribe/{token}` (docs/mail.md): GET shows what the link does and a button; POST (the button, or
 * a mail client's one-click unsubscribe, RFC 8058, whose body is `List-Unsubscribe=One-Click`) records
 * it. Public: the HMAC in the token is the authority. Pages are never cached (they name an address).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../errors.js';
import { translator } from '../../i18n/index.js';
import type { AppContext } from '../../services/context.js';
import {
  readUnsubscribeToken,
  type UnsubscribeTarget,
  unsubscribe,
} from '../../services/mail/unsubscribe.js';
import { findOrganization } from '../../storage/organizations.repository.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../public-page.js';
import type { WebApp } from '../web-assets.js';

type Params = { token: string };

export async function registerUnsubscribeRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  web: WebApp,
): Promise<void> {
  const page = async (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    act: (token: string) => Promise<UnsubscribeTarget> | UnsubscribeTarget,
    state: 'ask' | 'done',
  ) => {
    const locale = requestLocale(request, reply);
    const { token } = request.params;
    let target: UnsubscribeTarget | undefined;
    try {
      target = await act(token);
    } catch (error) {
      if (!isAppError(error, 'UNSUBSCRIBE_INVALID')) {
        throw error;
      }
    }
    const organization = target ? await findOrganization(ctx.db, target.organizationId) : undefined;
    const html = renderPublicPage(web, {
      page: 'unsubscribe',
      locale,
      props: {
        path: requestPath(request),
        state: target && organization ? state : 'invalid',
        token,
        organizationName: organization?.name ?? '',
        email: target?.email ?? '',
      },
      meta: {
        title: translator(locale)('meta.unsubscribeTitle'),
        description: '',
        url: `${ctx.config.publicUrl}/`,
      },
    });
    reply.status(target && organization ? 200 : 400).header('x-robots-tag', 'noindex');
    return sendPublicPage(reply, html, 'no-store');
  };

  app.get<{ Params: Params }>('/unsubscribe/:token', { schema: { hide: true } }, (request, reply) =>
    page(request, reply, (token) => readUnsubscribeToken(ctx, token), 'ask'),
  );

  await app.register(async (scope) => {
    // The form and RFC 8058's one-click POST send `application/x-www-form-urlencoded`; the body says
    // nothing the token does not, so it is read and ignored.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: Params }>('/unsubscribe/:token', { schema: { hide: true } }, (request, reply) =>
      page(request, reply, (token) => unsubscribe(ctx, token), 'done'),
    );
  });
}
