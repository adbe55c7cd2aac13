/**
 * POST /api/v1/verify — public and rate limited: the same report as `cairn verify --json`, for a JSON
 * credential, `{ "jwt": … }`, a JWT as text/plain, or an uploaded file (JSON, JWT, PNG, SVG, PDF).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { readCredentialInput } from '../../services/read-credential-input.js';
import { createServerVerifier } from '../../services/server-verifier.js';
import { UPLOAD_LIMIT } from '../app.js';
import { Problem } from '../schemas.js';

async function readBody(request: FastifyRequest): Promise<{ text: string; container?: string }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: UPLOAD_LIMIT } });
    if (!file) {
      throw new AppError('INVALID_INPUT', 'Upload the credential as a file field');
    }
    const bytes = new Uint8Array(await file.toBuffer());
    const input = readCredentialInput(bytes);
    return { text: input.text, container: input.container };
  }
  const body = request.body;
  if (typeof body === 'string') {
    return { text: body };
  }
  if (typeof body === 'object' && body !== null) {
    const wrapped = body as { jwt?: unknown; credential?: unknown; verifiableCredential?: unknown };
    if (typeof wrapped.jwt === 'string') {
      return { text: wrapped.jwt };
    }
    const credential = wrapped.verifiableCredential ?? wrapped.credential ?? body;
    return { text: typeof credential === 'string' ? credential : JSON.stringify(credential) };
  }
  throw new AppError(
    'INVALID_INPUT',
    'Send a credential as JSON, a JWT as text/plain or {"jwt": "…"}, or a file as multipart/form-data',
  );
}

export function registerVerifyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const verifier = createServerVerifier(ctx);

  app.addContentTypeParser(
    ['text/plain', 'application/jwt', 'application/vc+jwt'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    ['application/ld+json', 'application/vc+ld+json', 'application/vc'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(
          new AppError('INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`),
          undefined,
        );
      }
    },
  );

  app.post(
    '/api/v1/verify',
    {
      config: { rateLimit: { max: ctx.config.verifyRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['verify'],
        summary:
          'Verify a credential (JSON, JWT, or a baked PNG/SVG or a PDF upload); always 200 with the report unless the request itself is malformed',
        response: { 400: Problem, 413: Problem, 415: Problem, 429: Problem },
      },
    },
    async (request) => {
      const { text, container } = await readBody(request);
      const report = await verifier(text, { now: ctx.clock() });
      return container && container !== 'json' && container !== 'jwt' ? { ...report, container } : report;
    },
  );
}
