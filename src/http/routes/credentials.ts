import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import {
  type IssuedCredential,
  issueCredential,
  presentCredential,
} from '../../services/issue-credential.js';
import { credentialMail, presentCredentialMail } from '../../services/mail/deliveries.js';
import {
  type CredentialStatus,
  findCredential,
  listCredentials,
} from '../../storage/credentials.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';
import { CredentialMailView } from './mail.js';

const StatusSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('revoked'),
  Type.Literal('suspended'),
  Type.Literal('expired'),
]);

const DateTime = Type.String({
  description: 'A date-time with a time zone, e.g. 2026-01-01T00:00:00Z',
  maxLength: 40,
});

export const CredentialView = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The public page of the credential' }),
  status: StatusSchema,
  achievementId: Type.String(),
  issuerId: Type.String(),
  learnerId: Type.String(),
  recipient: Type.Object({
    email: Type.Union([Type.String(), Type.Null()]),
    did: Type.Union([Type.String(), Type.Null()]),
  }),
  awardedDate: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String(),
  credential: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The signed Open Badges 3.0 credential, exactly as issued',
  }),
  mail: Type.Optional(CredentialMailView),
});

/** The issue answer: the credential, and the pathway targets it completed (issued in the same transaction). */
const IssuedView = Type.Object({
  ...CredentialView.properties,
  awarded: Type.Array(CredentialView, {
    description:
      'Credentials awarded because this one completed a pathway (and any pathway those complete), in the same transaction',
  }),
});

const IssueBody = Type.Object({
  achievementId: Type.String({ minLength: 1 }),
  recipient: Type.Object(
    {
      email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
      did: Type.Optional(Type.String({ pattern: '^did:[a-z0-9]+:.+$', maxLength: 2000 })),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    },
    {
      description:
        'Who receives it: an e-mail address and/or a DID (a DID names the learner in the credential)',
    },
  ),
  idempotencyKey: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The same key returns the same credential, never a duplicate',
    }),
  ),
  evidence: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
        narrative: Type.Optional(Type.String({ maxLength: 20000 })),
        name: Type.Optional(Type.String({ maxLength: 500 })),
        description: Type.Optional(Type.String({ maxLength: 5000 })),
        genre: Type.Optional(Type.String({ maxLength: 200 })),
        audience: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      { maxItems: 50 },
    ),
  ),
  results: Type.Optional(
    Type.Array(
      Type.Object({
        resultDescription: Type.Optional(Type.String()),
        achievedLevel: Type.Optional(Type.String()),
        status: Type.Optional(Type.String()),
        value: Type.Optional(Type.String({ maxLength: 1000 })),
      }),
      { maxItems: 50 },
    ),
  ),
  narrative: Type.Optional(Type.String({ maxLength: 20000 })),
  validFrom: Type.Optional(DateTime),
  validUntil: Type.Optional(DateTime),
  locale: Type.Optional(
    Type.Union([Type.Literal('en'), Type.Literal('es')], {
      description: "The language of the learner's e-mail; default: the organization's, else English",
    }),
  ),
  notify: Type.Optional(
    Type.Boolean({
      description: 'false: no e-mail to the learner (default true when the recipient has an e-mail address)',
    }),
  ),
});

const ListQuery = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 320 })),
  achievementId: Type.Optional(Type.String()),
  learnerId: Type.Optional(Type.String()),
  status: Type.Optional(StatusSchema),
  issuedAfter: Type.Optional(DateTime),
  issuedBefore: Type.Optional(DateTime),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

/** Every credential a pathway award added, in the order awarded (a course, then the diploma it completed). */
function awardedChain(issued: IssuedCredential): IssuedCredential['row'][] {
  return issued.awarded.flatMap((award) => [award.row, ...awardedChain(award)]);
}

export function registerCredentialRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/v1/credentials',
    {
      config: { role: 'issuer' },
      schema: {
        tags: ['credentials'],
        summary:
          'Issue one credential (signed eddsa-rdfc-2022); with an idempotency key a repeat returns the first',
        security: SECURED,
        body: IssueBody,
        response: { 200: IssuedView, 201: IssuedView, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { evidence, results, ...rest } = request.body;
      const issued = await issueCredential(ctx, actorOf(request), {
        ...rest,
        ...(evidence ? { evidence } : {}),
        ...(results ? { results: results as never } : {}),
      } as never);
      return reply.status(issued.created ? 201 : 200).send({
        ...presentCredential(ctx, issued.row),
        awarded: awardedChain(issued).map((row) => presentCredential(ctx, row)),
      });
    },
  );

  r.get(
    '/api/v1/credentials',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['credentials'],
        summary: 'Issued credentials, newest first; filters combine; cursor pagination',
        security: SECURED,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(CredentialView),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { cursor, limit, status, ...filters } = request.query;
      const page = await listCredentials(
        ctx.db,
        actorOf(request).organizationId,
        { ...filters, ...(status ? { status: status as CredentialStatus } : {}), now: ctx.clock() },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
      const mail = await credentialMail(
        ctx,
        actorOf(request).organizationId,
        page.items.map((row) => row.id),
      );
      return {
        items: page.items.map((row) => ({
          ...presentCredential(ctx, row),
          mail: presentCredentialMail(mail.get(row.id)),
        })),
        next: page.next,
      };
    },
  );

  r.get(
    '/api/v1/credentials/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['credentials'],
        summary: 'One issued credential',
        security: SECURED,
        params: IdParams,
        response: { 200: CredentialView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { organizationId } = actorOf(request);
      const row = await findCredential(ctx.db, organizationId, request.params.id);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      const mail = await credentialMail(ctx, organizationId, [row.id]);
      return { ...presentCredential(ctx, row), mail: presentCredentialMail(mail.get(row.id)) };
    },
  );
}
