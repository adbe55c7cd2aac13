/**
 * A credential's history for the console: the audit entries whose target is the credential (issued,
 * revoked, suspended, unsuspended, renewed), newest first — GET /api/v1/credentials/{id}/events.
 * Where a change came from (IP, user agent) stays in the audit log: the console has no use for it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { listApiKeys } from '../../storage/api-keys.repository.js';
import { listAuditEntries } from '../../storage/audit-log.repository.js';
import { findCredential } from '../../storage/credentials.repository.js';
import { listMembers } from '../../storage/memberships.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const CredentialEvent = Type.Object({
  id: Type.String(),
  action: Type.String({ description: '`credential.issue`, `credential.revoke`, `credential.renew`, …' }),
  at: Type.String(),
  actor: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('api_key'), Type.Literal('system')]),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()], {
      description: "A member's name or an API key's name, when it still exists",
    }),
  }),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

export function registerCredentialEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/credentials/:id/events',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['credentials'],
        summary:
          "A credential's history from the audit log (issue, revoke, suspend, unsuspend, renew), newest first",
        security: SECURED,
        params: IdParams,
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(CredentialEvent),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const organizationId = actorOf(request).organizationId;
      const credential = await findCredential(ctx.db, organizationId, request.params.id);
      if (!credential) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      const { cursor, limit } = request.query;
      const page = await listAuditEntries(
        ctx.db,
        organizationId,
        { targetType: 'credential', targetId: credential.id },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
      // Names for the actors: both lists are the organization's own, and small.
      const names = new Map<string, string>();
      for (const member of await listMembers(ctx.db, organizationId)) {
        names.set(`user:${member.user_id}`, member.name);
      }
      for (const key of await listApiKeys(ctx.db, organizationId)) {
        names.set(`api_key:${key.id}`, key.name);
      }
      return {
        items: page.items.map((entry) => ({
          id: entry.id,
          action: entry.action,
          at: new Date(entry.created_at).toISOString(),
          actor: {
            type: entry.actor_type,
            id: entry.actor_id,
            name: entry.actor_id ? (names.get(`${entry.actor_type}:${entry.actor_id}`) ?? null) : null,
          },
          details: entry.details,
        })),
        next: page.next,
      };
    },
  );
}
