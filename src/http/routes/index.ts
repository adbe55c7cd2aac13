import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import type { WebApp } from '../web-assets.js';
import { registerAchievementRoutes } from './achievements.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerCredentialRoutes } from './credentials.js';
import { registerFetchProxyRoutes } from './fetch-proxy.js';
import { registerImageRoutes } from './images.js';
import { registerIssuerRoutes } from './issuers.js';
import { registerMemberRoutes } from './members.js';
import { registerPublicAchievementRoutes } from './public-achievements.js';
import { registerPublicCredentialRoutes } from './public-credentials.js';
import { registerPublicIssuerRoutes } from './public-issuers.js';
import { registerSessionRoutes } from './session.js';
import { registerStatusRoutes } from './status.js';
import { registerSystemRoutes } from './system.js';
import { registerVcApiRoutes } from './vc-api.js';
import { registerVerifyRoutes } from './verify.js';
import { registerWebAppRoutes } from './web-app.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext, web: WebApp): Promise<void> {
  registerSystemRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerIssuerRoutes(app, ctx);
  registerMemberRoutes(app, ctx);
  registerPublicIssuerRoutes(app, ctx, web);
  await registerImageRoutes(app, ctx);
  registerAchievementRoutes(app, ctx);
  registerPublicAchievementRoutes(app, ctx);
  registerCredentialRoutes(app, ctx);
  registerPublicCredentialRoutes(app, ctx, web);
  registerStatusRoutes(app, ctx);
  registerVerifyRoutes(app, ctx);
  registerFetchProxyRoutes(app, ctx);
  await registerVcApiRoutes(app, ctx);
  await registerWebAppRoutes(app, ctx, web);
}
