/**
 * The Open Badges 3.0 API's own corner of the server (`/ims/ob/v3p0/...`): its bodies are read here, not
 * by the app's JSON parser, and its errors leave in the standards' shapes, not problem+json.
 *
 * - Bodies arrive as text: `application/json`, `application/ld+json`, `application/vc+ld+json` and
 *   `application/vc` (a credential is kept exactly as sent, so a later getCredentials returns it byte for
 *   byte), `text/plain` (a compact JWS), and `application/x-www-form-urlencoded` (the OAuth endpoints and
 *   the consent form) as an object. Anything else is 415.
 * - Errors: `OAuthError` as RFC 6749 `{error, error_description}`, `ImsxError` as `Imsx_StatusInfo` with
 *   RFC 6750's WWW-Authenticate challenge; anything else by where it happened (a 5xx is logged and says
 *   nothing of its cause).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ImsxCodeMinor,
  ImsxError,
  imsxStatusInfo,
  OAuthError,
} from '../../../services/ob-api/oauth-error.js';
import { OB_API_BASE } from '../../../services/ob-api/service-description.js';

export const JSON_TYPES = [
  'application/json',
  'application/ld+json',
  'application/vc+ld+json',
  'application/vc',
];

export function configureObApiScope(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser([...JSON_TYPES, 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  scope.setErrorHandler((error, request, reply) => sendObApiError(error, request, reply));
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.error === 'invalid_client') {
    reply.header('www-authenticate', 'Basic realm="Cairn"');
  }
  return reply
    .status(error.status)
    .header('cache-control', 'no-store')
    .send({ error: error.error, error_description: error.description });
}

function sendImsxError(reply: FastifyReply, error: ImsxError): FastifyReply {
  if (error.status === 401 || error.status === 403) {
    // RFC 6750 §3: no error code when the request carried no token at all.
    const detail = error.bearerError
      ? `, error="${error.bearerError}", error_description="${error.description.replace(/"/g, "'")}"`
      : '';
    reply.header('www-authenticate', `Bearer realm="Cairn"${detail}`);
  }
  return reply.status(error.status).send(imsxStatusInfo(error.codeMinor, error.description));
}

const MINOR_BY_STATUS: Record<number, ImsxCodeMinor> = {
  401: 'unauthorizedrequest',
  403: 'forbidden',
  404: 'not_found',
  406: 'not_acceptable',
  415: 'not_acceptable',
  429: 'server_busy',
};

function sendObApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof OAuthError) {
    return sendOAuthError(reply, error);
  }
  if (error instanceof ImsxError) {
    return sendImsxError(reply, error);
  }
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const known = status >= 400 && status < 500;
  if (!known) {
    request.log.error({ err: error }, 'unhandled error in the OB 3.0 API');
  }
  const description = known ? (error as Error).message : 'The server failed; try again later';
  if (request.url.startsWith(`${OB_API_BASE}/auth/`)) {
    return reply
      .status(known ? status : 500)
      .header('cache-control', 'no-store')
      .send({ error: known ? 'invalid_request' : 'server_error', error_description: description });
  }
  const minor = MINOR_BY_STATUS[status] ?? (known ? 'invalid_data' : 'internal_server_error');
  return sendImsxError(reply, new ImsxError(known ? status : 500, minor, description));
}
