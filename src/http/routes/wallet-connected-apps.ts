/** The apps connected to the wallet through the Open Badges 3.0 API (docs/ob-api.md), and disconnecting one. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { disconnectApp, listConnectedApps } from '../../services/ob-api/connected-apps.js';
import { learnerOf } from '../learner-auth.js';
import { ERROR_RESPONSES } from '../schemas.js';

const ConnectedApp = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  clientUri: Type.String(),
  policyUri: Type.String(),
  scopes: Type.Array(Type.String()),
  connectedAt: Type.String(),
});

export function registerWalletConnectedAppRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['wallet'];

  r.get(
    '/api/v1/wallet/connected-apps',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Apps you allowed to use your wallet through the Open Badges 3.0 API, with what they may do',
        response: { 200: Type.Object({ items: Type.Array(ConnectedApp) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: await listConnectedApps(ctx, learnerOf(request).account) }),
  );

  r.delete(
    '/api/v1/wallet/connected-apps/:clientId',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Disconnect an app: every access and refresh token it holds for your wallet is revoked',
        params: Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await disconnectApp(ctx, learnerOf(request).account, request.params.clientId);
      return reply.status(204).send(null);
    },
  );
}
