/** Webhook endpoints of the organization, the event catalog, and the delivery log with resend (admin). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notifyJobsQueued } from '../../jobs/queue.js';
import type { AppContext } from '../../services/context.js';
import { EVENT_TYPES } from '../../services/events.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getDelivery,
  getWebhookEndpoint,
  listDeliveries,
  pingWebhookEndpoint,
  presentWebhookDelivery,
  presentWebhookEndpoint,
  resendDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../services/webhooks.js';
import { listWebhookEndpoints } from '../../storage/webhooks.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(Type.String(), { description: 'Event types sent to it; ["*"] means all' }),
  enabled: Type.Boolean(),
  secretPrefix: Type.String({ description: 'The start of the signing secret, to tell secrets apart' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const EndpointWithSecret = Type.Intersect([
  Endpoint,
  Type.Object({
    secret: Type.String({
      description: 'The signing secret (whsec_…): shown this once; keep it to verify Cairn-Signature',
    }),
  }),
]);

const Delivery = Type.Object({
  id: Type.String(),
  endpointId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  attempts: Type.Integer(),
  responseStatus: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  resendOf: Nullable(Type.String()),
  createdAt: Type.String(),
  lastAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  payload: Type.Optional(Type.Unknown({ description: 'The event exactly as sent' })),
  responseBody: Type.Optional(Nullable(Type.String({ description: 'The start of the last answer' }))),
});

const EventList = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 50,
  description: 'Event types (see GET /api/v1/webhooks/events), or ["*"] for all',
});

const EndpointBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  events: Type.Optional(EventList),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  enabled: Type.Optional(Type.Boolean()),
});

const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 200 }),
});

const Page = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

function pageOf(query: { cursor?: string | undefined; limit?: number | undefined }) {
  return {
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  };
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['webhooks'];

  r.get(
    '/api/v1/webhooks/events',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'The event types a webhook endpoint can subscribe to',
        security: SECURED,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ type: Type.String(), description: Type.String() })),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async () => ({
      items: Object.entries(EVENT_TYPES).map(([type, description]) => ({ type, description })),
    }),
  );

  r.post(
    '/api/v1/webhooks',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Add a webhook endpoint; the signing secret is in the answer once and never again',
        security: SECURED,
        body: EndpointBody,
        response: { 201: EndpointWithSecret, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { url, events, description, enabled } = request.body;
      const { endpoint, secret } = await createWebhookEndpoint(ctx, actorOf(request), {
        url,
        ...(events ? { events } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      return reply.status(201).send({ ...presentWebhookEndpoint(endpoint), secret });
    },
  );

  r.get(
    '/api/v1/webhooks',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "The organization's webhook endpoints, newest first",
        security: SECURED,
        querystring: Page,
        response: {
          200: Type.Object({ items: Type.Array(Endpoint), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const page = await listWebhookEndpoints(ctx.db, actorOf(request).organizationId, pageOf(request.query));
      return { items: page.items.map(presentWebhookEndpoint), next: page.next };
    },
  );

  r.get(
    '/api/v1/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'One webhook endpoint',
        security: SECURED,
        params: IdParams,
        response: { 200: Endpoint, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      presentWebhookEndpoint(await getWebhookEndpoint(ctx, actorOf(request), request.params.id)),
  );

  r.patch(
    '/api/v1/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Change an endpoint: URL, events, description, enabled',
        security: SECURED,
        params: IdParams,
        body: Type.Partial(EndpointBody),
        response: { 200: Endpoint, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { url, events, description, enabled } = request.body;
      const endpoint = await updateWebhookEndpoint(ctx, actorOf(request), request.params.id, {
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      return presentWebhookEndpoint(endpoint);
    },
  );

  r.delete(
    '/api/v1/webhooks/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete an endpoint and its delivery log',
        security: SECURED,
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/webhooks/:id/rotate-secret',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Replace the signing secret (shown once); deliveries are signed with the new one at once',
        security: SECURED,
        params: IdParams,
        response: { 200: EndpointWithSecret, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { endpoint, secret } = await rotateWebhookSecret(ctx, actorOf(request), request.params.id);
      return { ...presentWebhookEndpoint(endpoint), secret };
    },
  );

  r.post(
    '/api/v1/webhooks/:id/ping',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Send a test event (webhook.ping) to the endpoint',
        security: SECURED,
        params: IdParams,
        response: { 202: Delivery, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const delivery = await pingWebhookEndpoint(ctx, actorOf(request), request.params.id);
      notifyJobsQueued();
      return reply.status(202).send(presentWebhookDelivery(delivery));
    },
  );

  r.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "The endpoint's delivery log, newest first",
        security: SECURED,
        params: IdParams,
        querystring: Type.Intersect([
          Page,
          Type.Object({
            status: Type.Optional(
              Type.Union([
                Type.Literal('pending'),
                Type.Literal('succeeded'),
                Type.Literal('failed'),
                Type.Literal('cancelled'),
              ]),
            ),
            eventType: Type.Optional(Type.String({ maxLength: 100 })),
          }),
        ]),
        response: {
          200: Type.Object({ items: Type.Array(Delivery), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { status, eventType } = request.query;
      const page = await listDeliveries(
        ctx,
        actorOf(request),
        request.params.id,
        { ...(status ? { status } : {}), ...(eventType ? { eventType } : {}) },
        pageOf(request.query),
      );
      return { items: page.items.map((delivery) => presentWebhookDelivery(delivery)), next: page.next };
    },
  );

  r.get(
    '/api/v1/webhooks/:id/deliveries/:deliveryId',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'One delivery, with the event sent and the start of the last answer',
        security: SECURED,
        params: DeliveryParams,
        response: { 200: Delivery, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      presentWebhookDelivery(
        await getDelivery(ctx, actorOf(request), request.params.id, request.params.deliveryId),
        { withPayload: true },
      ),
  );

  r.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/resend',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Send the same event again (same event id) as a new delivery',
        security: SECURED,
        params: DeliveryParams,
        response: { 202: Delivery, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const delivery = await resendDelivery(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.deliveryId,
      );
      notifyJobsQueued();
      return reply.status(202).send(presentWebhookDelivery(delivery));
    },
  );
}
