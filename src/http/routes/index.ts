import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerIssuerRoutes } from './issuers.js';
import { registerPublicIssuerRoutes } from './public-issuers.js';
import { registerSessionRoutes } from './session.js';
import { registerSystemRoutes } from './system.js';
import { registerVcApiRoutes } from './vc-api.js';
import { registerVerifyRoutes } from './verify.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerSystemRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerIssuerRoutes(app, ctx);
  registerPublicIssuerRoutes(app, ctx);
  registerVerifyRoutes(app, ctx);
  await registerVcApiRoutes(app, ctx);
}
