/**
 * The OAuth 2.0 endpoints of the Open Badges 3.0 API (docs/ob-api.md): dynamic client registration
 * (RFC 7591), the authorization endpoint with the learner's consent page, the token endpoint and
 * revocation (RFC 7009). Codes, tokens and secrets never reach a log: they travel in request and response
 * bodies, in the Authorization header (redacted) and in the redirect to the client (a response header the
 * log does not write). The authorization request's query, which the debug-level request log shows, holds
 * nothing secret (the PKCE challenge is a hash; the state is the client's).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translator } from '../../../i18n/index.js';
import type { ConsentPageProps } from '../../../pages/consent-page.js';
import type { AppContext } from '../../../services/context.js';
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  consentToken,
  deniedRedirect,
  grantCode,
  isConsentTokenValid,
} from '../../../services/ob-api/authorization.js';
import { allowsHttp, authenticateClient, registerClient } from '../../../services/ob-api/clients.js';
import { OAuthError } from '../../../services/ob-api/oauth-error.js';
import { OB_API_BASE } from '../../../services/ob-api/service-description.js';
import { revokeToken, tokenRequest } from '../../../services/ob-api/tokens.js';
import { authenticateLearner, type SignedInLearner } from '../../../services/wallet/learner-sessions.js';
import { listAccountIdentities } from '../../../storage/learner-accounts.repository.js';
import type { ObApiClientRow } from '../../../storage/ob-api-clients.repository.js';
import { WALLET_COOKIE } from '../../learner-auth.js';
import { renderPublicPage, requestLocale, requestPath, sendPublicPage } from '../../public-page.js';
import type { WebApp } from '../../web-assets.js';

type Form = Record<string, unknown>;

function formOf(request: FastifyRequest): Form {
  const body = request.body;
  if (typeof body !== 'object' || body === null) {
    throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
  }
  return body as Form;
}

async function sessionLearner(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<SignedInLearner | undefined> {
  const token = request.cookies[WALLET_COOKIE];
  return token ? await authenticateLearner(ctx, token) : undefined;
}

/** A URL's origin for the page's CSP, when the browser may go there (https, or loopback http in development). */
function cspOrigin(ctx: AppContext, value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && allowsHttp(ctx, url))
      ? url.origin
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The consent page may post its form to Cairn, which redirects to the client (CSP form-action covers the
 * redirect too, in Chromium), and shows the client's logo from the client's host (fetched by the
 * browser only; the server never fetches it).
 */
function widenCsp(
  ctx: AppContext,
  reply: FastifyReply,
  client: ObApiClientRow | undefined,
  redirectUri?: string,
): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string' || !client) {
    return;
  }
  const redirect = redirectUri ? cspOrigin(ctx, redirectUri) : undefined;
  const logo = cspOrigin(ctx, client.logo_uri);
  let csp = current;
  if (redirect) {
    csp = csp.replace(/form-action 'self'/, `form-action 'self' ${redirect}`);
  }
  if (logo) {
    csp = csp.replace(/img-src ([^;]*)/, `img-src $1 ${logo}`);
  }
  reply.header('content-security-policy', csp);
}

/** The request's path and query minus `lang`: the consent page's language links keep the request. */
function requestWithoutLang(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://cairn.invalid');
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}`;
}

export function registerObApiAuthRoutes(scope: FastifyInstance, ctx: AppContext, web: WebApp): void {
  const authorizePath = `${OB_API_BASE}/auth/authorize`;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    props: Omit<ConsentPageProps, 'path'>,
    client?: ObApiClientRow,
    redirectUri?: string,
  ) => {
    const locale = requestLocale(request, reply);
    const html = renderPublicPage(web, {
      page: 'consent',
      locale,
      props: { ...props, path: props.state === 'ask' ? requestWithoutLang(request) : requestPath(request) },
      meta: {
        title: translator(locale)('consent.metaTitle'),
        description: '',
        url: `${ctx.config.publicUrl}/`,
      },
    });
    widenCsp(ctx, reply, client, redirectUri);
    reply.status(status).header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer');
    return sendPublicPage(reply, html, 'no-store');
  };

  const consentProps = async (
    learner: SignedInLearner,
    client: ObApiClientRow,
    request: AuthorizationRequest,
  ): Promise<Omit<ConsentPageProps, 'path'>> => {
    const identities = await listAccountIdentities(ctx.db, learner.account.id);
    return {
      state: 'ask',
      action: authorizePath,
      client: {
        name: client.client_name,
        uri: client.client_uri,
        logoUri: client.logo_uri,
        policyUri: client.policy_uri,
        tosUri: client.tos_uri,
      },
      redirectHost: new URL(request.redirectUri).host,
      signedInAs: learner.account.display_name ?? identities[0]?.value ?? '',
      scopes: request.scopes,
      fields: {
        response_type: 'code',
        client_id: request.clientId,
        redirect_uri: request.redirectUri,
        scope: request.scopes.join(' '),
        state: request.state,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
        consent_token: consentToken(learner.sessionId, request),
      },
    };
  };

  scope.post(
    `${OB_API_BASE}/auth/register`,
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { hide: true } },
    async (request, reply) => {
      let body: unknown;
      try {
        body = JSON.parse(typeof request.body === 'string' ? request.body : '');
      } catch {
        throw new OAuthError('invalid_client_metadata', 'Send the client metadata as JSON');
      }
      const client = await registerClient(ctx, body);
      return reply.status(201).header('cache-control', 'no-store').send(client);
    },
  );

  scope.get(authorizePath, { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Form;
    const check = await checkAuthorizationRequest(ctx, query);
    if (check.kind === 'stop') {
      return page(request, reply, 400, { state: 'error', reason: check.reason });
    }
    if (check.kind === 'redirect') {
      return reply.redirect(check.location, 302);
    }
    const learner = await sessionLearner(ctx, request);
    if (!learner) {
      // The wallet's sign-in (magic link or password) brings the learner back to this very request.
      return reply.redirect(`/wallet?next=${encodeURIComponent(request.url)}`, 302);
    }
    return page(
      request,
      reply,
      200,
      await consentProps(learner, check.client, check.request),
      check.client,
      check.request.redirectUri,
    );
  });

  scope.post(authorizePath, { schema: { hide: true } }, async (request, reply) => {
    const form = formOf(request);
    const check = await checkAuthorizationRequest(ctx, form);
    if (check.kind === 'stop') {
      return page(request, reply, 400, { state: 'error', reason: check.reason });
    }
    if (check.kind === 'redirect') {
      return reply.redirect(check.location, 303);
    }
    const learner = await sessionLearner(ctx, request);
    const token = typeof form.consent_token === 'string' ? form.consent_token : '';
    if (!learner || !isConsentTokenValid(learner.sessionId, check.request, token)) {
      // Not a form this session was shown: another site's forgery, or a session that ended meanwhile.
      return page(request, reply, 403, { state: 'error', reason: 'expired' });
    }
    const location =
      form.decision === 'allow'
        ? await grantCode(ctx, learner.account.id, check.request)
        : deniedRedirect(check.request);
    return reply.redirect(location, 303);
  });

  scope.post(
    `${OB_API_BASE}/auth/token`,
    { config: { rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { hide: true } },
    async (request, reply) => {
      const client = await authenticateClient(ctx, request.headers.authorization);
      const tokens = await tokenRequest(ctx, client, formOf(request));
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(tokens);
    },
  );

  scope.post(
    `${OB_API_BASE}/auth/revoke`,
    { config: { rateLimit: { max: 60, timeWindow: '1 minute' } }, schema: { hide: true } },
    async (request, reply) => {
      const client = await authenticateClient(ctx, request.headers.authorization);
      await revokeToken(ctx, client, formOf(request));
      return reply.status(200).header('cache-control', 'no-store').send();
    },
  );
}
