/**
 * Status: the public, signed Bitstring Status List credentials (`/status/{listId}`), and the admin
 * actions that change a credential's status — revoke, suspend, unsuspend, renew (many at once:
 * `bulk-status.ts`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import {
  changeCredentialStatus,
  renewCredential,
  type StatusAction,
} from '../../services/credential-status.js';
import { presentCredential } from '../../services/issue-credential.js';
import { STATUS_LIST_TTL_MS, signedStatusList } from '../../services/status-lists.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';
import { CredentialView } from './credentials.js';

export const Reason = Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  reasonPublic: Type.Optional(
    Type.Boolean({ description: 'Show the reason to verifiers on the public page (default: no)' }),
  ),
});

export const DateTime = Type.String({ maxLength: 40 });

export function registerStatusRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/status/:id',
    {
      schema: {
        tags: ['public'],
        summary: 'A signed BitstringStatusListCredential',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      const list = await signedStatusList(ctx, request.params.id);
      if (!list) {
        throw new AppError('NOT_FOUND', 'No such status list');
      }
      const etag = `"${request.params.id}-${list.version}"`;
      reply
        .header('etag', etag)
        .header('cache-control', `public, max-age=${Math.floor(STATUS_LIST_TTL_MS / 1000)}, must-revalidate`)
        .header('vary', 'Accept');
      if (request.headers['if-none-match'] === etag) {
        return reply.status(304).send();
      }
      return reply.type('application/vc+ld+json; charset=utf-8').send(list.document);
    },
  );

  // The CCG VC-API's "publish": lists are re-signed when read after a change, so this only forces it.
  r.post(
    '/status/:id/publish',
    {
      schema: {
        tags: ['public'],
        summary: 'Re-sign a status list now (lists also re-sign on their next read)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      },
    },
    async (request, reply) => {
      if (!(await signedStatusList(ctx, request.params.id))) {
        throw new AppError('NOT_FOUND', 'No such status list');
      }
      return reply.status(204).send();
    },
  );

  for (const action of ['revoke', 'suspend', 'unsuspend'] as const satisfies StatusAction[]) {
    r.post(
      `/api/v1/credentials/:id/${action}`,
      {
        config: { role: 'issuer' },
        schema: {
          tags: ['credentials'],
          summary:
            action === 'revoke'
              ? 'Revoke a credential (final; a reason is required, shown to verifiers only if you choose)'
              : action === 'suspend'
                ? 'Suspend a credential (reversible; needs an issuer with suspension enabled)'
                : 'Lift a suspension',
          security: SECURED,
          params: IdParams,
          body: Type.Optional(Reason),
          response: { 200: CredentialView, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const body = request.body ?? {};
        const row = await changeCredentialStatus(ctx, actorOf(request), request.params.id, action, {
          ...(body.reason ? { reason: body.reason } : {}),
          ...(body.reasonPublic !== undefined ? { reasonPublic: body.reasonPublic } : {}),
        });
        return presentCredential(ctx, row);
      },
    );
  }

  r.post(
    '/api/v1/credentials/:id/renew',
    {
      config: { role: 'issuer' },
      schema: {
        tags: ['credentials'],
        summary:
          'Re-sign with a new validity; the id, status entries and awardedDate stay, so links keep working',
        security: SECURED,
        params: IdParams,
        body: Type.Optional(Type.Object({ validUntil: Type.Optional(DateTime) })),
        response: { 200: CredentialView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const row = await renewCredential(
        ctx,
        actorOf(request),
        request.params.id,
        request.body?.validUntil ? { validUntil: request.body.validUntil } : {},
      );
      return presentCredential(ctx, row);
    },
  );
}
