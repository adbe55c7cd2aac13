/**
 * buildApp(ctx): the whole HTTP surface as a Fastify instance that has not started listening, so tests
 * drive it with `app.inject()` and `server.ts` adds only `listen`.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from '../services/context.js';
import { registerAuth } from './auth.js';
import { registerLearnerAuth } from './learner-auth.js';
import { classify, sendProblem } from './problem.js';
import { registerRoutes } from './routes/index.js';
import { openWebApp } from './web-assets.js';

export type BuildAppOptions = {
  /** Pino logging; off in tests. Authorization and cookies are always redacted. */
  logger?: boolean;
  /** The built web app (default `<package>/dist/web`). */
  webRoot?: string;
};

export const JSON_BODY_LIMIT = 2 * 1024 * 1024;
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: ctx.config.logLevel,
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'req.headers["x-csrf-token"]',
            'res.headers["set-cookie"]',
          ],
        }
      : false,
    // One line per request is noise at info level; it is there at debug.
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    bodyLimit: JSON_BODY_LIMIT,
    // Behind a load balancer in production: take the client address from X-Forwarded-For.
    trustProxy: ctx.config.env === 'production',
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = classify(error as Error);
    if (problem.code === 'INTERNAL') {
      request.log.error({ err: error }, 'unhandled error');
    }
    return sendProblem(reply, request, ctx.config.publicUrl, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, ctx.config.publicUrl, {
      code: 'NOT_FOUND',
      detail: `Nothing at ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // blob: the console's live previews of a design (an SVG badge, a PDF certificate) made in the page.
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The in-browser verifier compiles JSON Schemas (Ajv) at run time.
        scriptSrc: ["'self'", "'unsafe-eval'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(cors, {
    // Credentials, DID documents, status lists and the verifier are meant to be read from anywhere. The
    // Open Badges 3.0 API also takes PUT (putProfile) from browser-based wallets: it is authorized by
    // Bearer tokens, and without Access-Control-Allow-Credentials no cookie-bearing request passes.
    delegator: (request, callback) =>
      callback(null, {
        origin: true,
        credentials: false,
        methods: request.url?.startsWith('/ims/ob/v3p0/')
          ? ['GET', 'HEAD', 'POST', 'PUT']
          : ['GET', 'HEAD', 'POST'],
      }),
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 20 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cairn API',
        version: '1',
        description:
          'Issue, stack, share and verify Open Badges 3.0 micro-credentials. Errors are RFC 9457 problem+json with a stable `code` (see /docs/errors).',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (cairn_…), from the console or `cairn init`',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'cairn_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // A POST without a body (e.g. /unsuspend) validates as an empty object, so optional fields stay optional.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.method !== 'GET' && !request.isMultipart()) {
      request.body = {};
    }
  });
  registerAuth(app, ctx);
  registerLearnerAuth(app, ctx);
  await registerRoutes(app, ctx, openWebApp(options.webRoot));
  return app;
}
