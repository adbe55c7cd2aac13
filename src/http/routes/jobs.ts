/** The organization's jobs (admin): see what is queued, running, failed or dead; queue a dead job again. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  getOrganizationJob,
  listOrganizationJobs,
  presentJob,
  retryOrganizationJob,
} from '../../services/jobs.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('dead'),
]);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const JobView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'batch.issue, webhook.deliver, …' }),
  status: JobStatus,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  runAt: Type.String({ description: 'When it is (or was) due; after a failure, the next attempt' }),
  lockedUntil: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export function registerJobRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/jobs',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['jobs'],
        summary: "The organization's background jobs, newest first (status=dead: the dead letters)",
        security: SECURED,
        querystring: Type.Object({
          status: Type.Optional(JobStatus),
          kind: Type.Optional(Type.String({ maxLength: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(JobView), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { status, kind, cursor, limit } = request.query;
      const page = await listOrganizationJobs(
        ctx,
        actorOf(request),
        { ...(status ? { status } : {}), ...(kind ? { kind } : {}) },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
      return { items: page.items.map(presentJob), next: page.next };
    },
  );

  r.get(
    '/api/v1/jobs/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['jobs'],
        summary: 'One job',
        security: SECURED,
        params: IdParams,
        response: { 200: JobView, ...ERROR_RESPONSES },
      },
    },
    async (request) => presentJob(await getOrganizationJob(ctx, actorOf(request), request.params.id)),
  );

  r.post(
    '/api/v1/jobs/:id/retry',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['jobs'],
        summary: 'Queue a dead (or failed) job again, now, with its attempts counted from zero',
        security: SECURED,
        params: IdParams,
        response: { 200: JobView, ...ERROR_RESPONSES },
      },
    },
    async (request) => presentJob(await retryOrganizationJob(ctx, actorOf(request), request.params.id)),
  );
}
