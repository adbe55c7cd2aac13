import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createApiKey, revokeKey } from '../../services/api-keys.js';
import type { AppContext } from '../../services/context.js';
import { listApiKeys } from '../../storage/api-keys.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, Role, SECURED } from '../schemas.js';

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  prefix: Type.String({ description: 'The start of the key, to tell keys apart' }),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

function present(row: {
  id: string;
  name: string;
  role: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: row.id,
    name: row.name,
    role: row.role as 'owner' | 'admin' | 'issuer' | 'viewer',
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function registerApiKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/api-keys',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: "The organization's API keys (never the keys themselves)",
        security: SECURED,
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: (await listApiKeys(ctx.db, actorOf(request).organizationId)).map(present) }),
  );

  r.post(
    '/api/v1/api-keys',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the key is in the answer once and never again',
        security: SECURED,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: Role }),
        response: { 201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { apiKey, secret } = await createApiKey(ctx, actorOf(request), request.body);
      return reply.status(201).send({ ...present(apiKey), key: secret });
    },
  );

  r.post(
    '/api/v1/api-keys/:id/revoke',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        security: SECURED,
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await revokeKey(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
