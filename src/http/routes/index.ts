import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import { registerAchievementRoutes } from './achievements.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerCredentialRoutes } from './credentials.js';
import { registerDesignRoutes } from './designs.js';
import { registerImageRoutes } from './images.js';
import { registerIssuerRoutes } from './issuers.js';
import { registerPathwayRoutes } from './pathways.js';
import { registerPublicAchievementRoutes } from './public-achievements.js';
import { registerPublicCredentialRoutes } from './public-credentials.js';
import { registerPublicIssuerRoutes } from './public-issuers.js';
import { registerPublicPathwayRoutes } from './public-pathways.js';
import { registerSessionRoutes } from './session.js';
import { registerSharingRoutes } from './sharing.js';
import { registerStatusRoutes } from './status.js';
import { registerSystemRoutes } from './system.js';
import { registerVcApiRoutes } from './vc-api.js';
import { registerVerifyRoutes } from './verify.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerSystemRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerIssuerRoutes(app, ctx);
  registerPublicIssuerRoutes(app, ctx);
  await registerImageRoutes(app, ctx);
  registerAchievementRoutes(app, ctx);
  registerPublicAchievementRoutes(app, ctx);
  registerCredentialRoutes(app, ctx);
  registerPublicCredentialRoutes(app, ctx);
  registerStatusRoutes(app, ctx);
  registerVerifyRoutes(app, ctx);
  await registerVcApiRoutes(app, ctx);
  registerSharingRoutes(app, ctx);
  registerDesignRoutes(app, ctx);
  registerPathwayRoutes(app, ctx);
  registerPublicPathwayRoutes(app, ctx);
}
