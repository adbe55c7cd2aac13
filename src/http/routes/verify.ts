/**
 * POST /api/v1/verify — public and rate limited: the same report as `cairn verify --json`, for a JSON
 * credential, `{ "jwt": … }`, a JWT as text/plain, or an uploaded file (JSON, JWT, PNG, SVG, PDF).
 * Open Badges 2.0 too (a hosted assertion or its URL, a signed JWS, a baked image), whose recipient is
 * checked against an e-mail address given as `recipient` (a JSON member next to `credential` / `jwt`, a
 * form field, or `?recipient=`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { readCredentialInput } from '../../services/read-credential-input.js';
import { createServerVerifier } from '../../services/server-verifier.js';
import { UPLOAD_LIMIT } from '../app.js';
import { Problem } from '../schemas.js';

type VerifyRequest = { text: string; container?: string; recipient?: string };

async function readUpload(request: FastifyRequest): Promise<VerifyRequest> {
  let bytes: Uint8Array | undefined;
  let recipient: string | undefined;
  for await (const part of request.parts({ limits: { fileSize: UPLOAD_LIMIT } })) {
    if (part.type === 'file') {
      const content = new Uint8Array(await part.toBuffer());
      bytes ??= content;
    } else if (part.fieldname === 'recipient' && typeof part.value === 'string' && part.value !== '') {
      recipient = part.value;
    }
  }
  if (!bytes) {
    throw new AppError('INVALID_INPUT', 'Upload the credential as a file field');
  }
  const input = readCredentialInput(bytes);
  return { text: input.text, container: input.container, ...(recipient ? { recipient } : {}) };
}

async function readBody(request: FastifyRequest): Promise<VerifyRequest> {
  if (request.isMultipart()) {
    return readUpload(request);
  }
  const body = request.body;
  if (typeof body === 'string') {
    return { text: body };
  }
  if (typeof body === 'object' && body !== null) {
    const wrapped = body as {
      jwt?: unknown;
      credential?: unknown;
      verifiableCredential?: unknown;
      recipient?: unknown;
    };
    // A credential sent bare has members of its own (an OB 2.0 recipient is an object): only a string
    // `recipient` beside a wrapped credential is the caller's e-mail address.
    const wrapper =
      typeof wrapped.jwt === 'string' || (wrapped.credential ?? wrapped.verifiableCredential) !== undefined;
    const recipient =
      wrapper && typeof wrapped.recipient === 'string' ? { recipient: wrapped.recipient } : {};
    if (typeof wrapped.jwt === 'string') {
      return { text: wrapped.jwt, ...recipient };
    }
    const credential = wrapped.verifiableCredential ?? wrapped.credential ?? body;
    return { text: typeof credential === 'string' ? credential : JSON.stringify(credential), ...recipient };
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
      const { text, container, recipient: given } = await readBody(request);
      const query = (request.query ?? {}) as { recipient?: unknown };
      const recipient = given ?? (typeof query.recipient === 'string' ? query.recipient : undefined);
      const report = await verifier(text, { now: ctx.clock(), ...(recipient ? { recipient } : {}) });
      return container && container !== 'json' && container !== 'jwt' ? { ...report, container } : report;
    },
  );
}
