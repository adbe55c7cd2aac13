/** The Open Badges 3.0 API under /ims/ob/v3p0 (docs/ob-api.md), in its own scope (see scope.ts). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import type { WebApp } from '../../web-assets.js';
import { registerObApiAuthRoutes } from './auth-routes.js';
import { registerObApiResourceRoutes } from './resource-routes.js';
import { configureObApiScope } from './scope.js';

export async function registerObApiRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): Promise<void> {
  await app.register(async (scope) => {
    configureObApiScope(scope);
    registerObApiAuthRoutes(scope, ctx, web);
    registerObApiResourceRoutes(scope, ctx);
  });
}
