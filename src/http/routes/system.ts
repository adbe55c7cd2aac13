import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';

// docs/errors.md is the catalog problem `type` URLs point at.
const ERRORS_DOC = new URL('../../../docs/errors.md', import.meta.url);
// docs/ob-api.md: how a wallet connects, and the privacy and terms the OB 3.0 discovery document points at.
const OB_API_DOC = new URL('../../../docs/ob-api.md', import.meta.url);

export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/docs/errors', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/markdown; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return readFileSync(ERRORS_DOC, 'utf8');
  });

  app.get('/docs/ob-api', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/markdown; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return readFileSync(OB_API_DOC, 'utf8');
  });

  app.get('/.well-known/cairn', { schema: { hide: true } }, async () => ({
    publicUrl: ctx.config.publicUrl,
  }));
}
