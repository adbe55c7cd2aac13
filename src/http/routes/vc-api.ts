/**
 * The W3C CCG VC-API under /vc-api, for the W3C interoperability suites (shared/VC-API-CONTRACT.md):
 *
 * - GET  /vc-api/issuers — the instances, their did:key and tags: the test-suite registry entry
 * - POST /vc-api/issuers/{rdfc,jcs}/credentials/issue — 201 `{verifiableCredential}`
 * - POST /vc-api/credentials/verify — 200 exactly when verified, else 400 (malformed request) or 422
 * - POST /vc-api/presentations/verify — the same for `{verifiablePresentation, options: {domain, challenge}}`
 *
 * No authentication (the suites send none), so only served when `CAIRN_VC_API` is on, and rate limited.
 * Errors, and verification failures, are problem+json like everywhere else.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  describeVcApi,
  issueConformanceCredential,
  loadConformanceKey,
  VC_API_ISSUERS,
  type VcApiVerification,
  verifyVcApiCredential,
  verifyVcApiPresentation,
} from '../../services/vc-api.js';
import { sendProblem } from '../problem.js';
import { Problem } from '../schemas.js';

/**
 * Per route and client: a whole conformance run (a few hundred calls to one route, in well under a
 * minute) fits; a flood does not.
 */
const RATE_LIMIT = { max: 1200, timeWindow: '1 minute' };

const JsonObject = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON object' });

const IssueBody = Type.Object(
  {
    credential: JsonObject,
    options: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Accepted and ignored, but for a cryptosuite other than the instance’s',
      }),
    ),
  },
  { additionalProperties: true },
);

const VerifyCredentialBody = Type.Object(
  {
    verifiableCredential: JsonObject,
    options: Type.Optional(
      Type.Object(
        { checks: Type.Optional(Type.Array(Type.String())) },
        { additionalProperties: true, description: '`checks`: ["proof"], ["proof", "status"], …' },
      ),
    ),
  },
  { additionalProperties: true },
);

const VerifyPresentationBody = Type.Object(
  {
    verifiablePresentation: JsonObject,
    options: Type.Optional(
      Type.Object(
        { domain: Type.Optional(Type.String()), challenge: Type.Optional(Type.String()) },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

const Verified = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
  errors: Type.Array(Type.Unknown()),
  report: Type.Unknown({ description: "Cairn's full verification report" }),
});

const VerificationFailed = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    verified: Type.Optional(Type.Boolean()),
    checks: Type.Optional(Type.Array(Type.String())),
    warnings: Type.Optional(Type.Array(Type.String())),
    errors: Type.Optional(Type.Array(Type.Unknown())),
    report: Type.Optional(Type.Unknown()),
  },
  { description: 'VERIFICATION_FAILED: problem details with the verification report' },
);

export async function registerVcApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  if (!ctx.config.vcApi) {
    return;
  }
  const keyPair = await loadConformanceKey(ctx);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const answer = <R extends { checks: { check: string; status: string; detail: string }[] }>(
    result: VcApiVerification<R>,
    request: Parameters<typeof sendProblem>[1],
    reply: Parameters<typeof sendProblem>[0],
  ) => {
    if (result.verified) {
      return reply.status(200).send(result);
    }
    const failing = result.report.checks.find(
      (check) => result.checks.includes(check.check) && check.status !== 'passed',
    );
    return sendProblem(reply, request, ctx.config.publicUrl, {
      code: 'VERIFICATION_FAILED',
      ...(failing ? { detail: `${failing.check}: ${failing.detail}` } : {}),
      extensions: { ...result },
    });
  };

  r.get(
    '/vc-api/issuers',
    {
      config: { rateLimit: RATE_LIMIT },
      schema: {
        tags: ['vc-api'],
        summary:
          'The VC-API issuer instances (did:key, endpoint, tags) and verifiers: what to register with the W3C test suites',
      },
    },
    async () => describeVcApi(ctx, keyPair),
  );

  for (const instance of VC_API_ISSUERS) {
    r.post(
      `/vc-api/issuers/${instance.name}/credentials/issue`,
      {
        config: { rateLimit: RATE_LIMIT },
        schema: {
          tags: ['vc-api'],
          summary: `Issue a credential signed ${instance.cryptosuite} by the conformance did:key (tags ${instance.tags.join(', ')})`,
          body: IssueBody,
          response: {
            201: Type.Object({ verifiableCredential: Type.Unknown() }),
            400: Problem,
            422: Problem,
            429: Problem,
          },
        },
      },
      async (request, reply) => {
        const verifiableCredential = await issueConformanceCredential(
          ctx,
          keyPair,
          instance,
          request.body.credential,
          request.body.options,
        );
        return reply.status(201).send({ verifiableCredential });
      },
    );
  }

  r.post(
    '/vc-api/credentials/verify',
    {
      config: { rateLimit: RATE_LIMIT },
      schema: {
        tags: ['vc-api'],
        summary: 'Verify a credential: 200 exactly when it verifies, else 422 with the report',
        body: VerifyCredentialBody,
        response: { 200: Verified, 400: Problem, 422: VerificationFailed, 429: Problem },
      },
    },
    async (request, reply) =>
      answer(
        await verifyVcApiCredential(ctx, request.body.verifiableCredential, request.body.options),
        request,
        reply,
      ),
  );

  r.post(
    '/vc-api/presentations/verify',
    {
      config: { rateLimit: RATE_LIMIT },
      schema: {
        tags: ['vc-api'],
        summary:
          'Verify a presentation (authentication proof with the given domain and challenge, and every credential in it)',
        body: VerifyPresentationBody,
        response: { 200: Verified, 400: Problem, 422: VerificationFailed, 429: Problem },
      },
    },
    async (request, reply) =>
      answer(
        await verifyVcApiPresentation(ctx, request.body.verifiablePresentation, request.body.options),
        request,
        reply,
      ),
  );
}
