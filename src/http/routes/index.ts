import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import { registerApiKeyRoutes } from './api-keys.js';
import { registerBatchRoutes } from './batches.js';
import { registerCredentialRoutes } from './credentials.js';
import { registerIssuerRoutes } from './issuers.js';
import { registerJobRoutes } from './jobs.js';
import { registerPublicCredentialRoutes } from './public-credentials.js';
import { registerPublicIssuerRoutes } from './public-issuers.js';
import { registerSessionRoutes } from './session.js';
import { registerSystemRoutes } from './system.js';
import { registerVerifyRoutes } from './verify.js';
import { registerWebhookRoutes } from './webhooks.js';

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerSystemRoutes(app, ctx);
  registerSessionRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerIssuerRoutes(app, ctx);
  registerPublicIssuerRoutes(app, ctx);
  registerCredentialRoutes(app, ctx);
  registerPublicCredentialRoutes(app, ctx);
  registerVerifyRoutes(app, ctx);
  registerJobRoutes(app, ctx);
  await registerBatchRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
}
