/**
 * Mail (docs/mail.md): the delivery log (`GET /api/v1/mail`, issuers see what reached learners and what
 * did not) and the development mailbox (`GET /api/v1/dev/mailbox`, DESIGN §7: admin, only while
 * `CAIRN_SMTP_URL` is unset), and sending a failed e-mail again (`POST /api/v1/mail/{id}/resend`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  listDeliveries,
  presentDelivery,
  presentMailboxMessage,
  readDevMailbox,
} from '../../services/mail/deliveries.js';
import { resendMail } from '../../services/mail/resend.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, PageQuery, SECURED } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const MailStatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('retrying'),
  Type.Literal('sent'),
  Type.Literal('failed'),
]);

const DeliveryView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'credential.issued, credential.revoked, credential.expiring, …' }),
  to: Type.String(),
  subject: Type.String(),
  locale: Type.String(),
  credentialId: Nullable(Type.String()),
  status: MailStatusSchema,
  transport: Nullable(Type.Union([Type.Literal('smtp'), Type.Literal('mailbox')])),
  attempts: Type.Integer(),
  lastError: Nullable(
    Type.String({ description: 'Why the last attempt failed (a failed e-mail: why it was given up)' }),
  ),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
});

/** The last e-mail about a credential, on `GET /api/v1/credentials/{id}`. */
export const CredentialMailView = Nullable(
  Type.Object({
    id: Type.String(),
    kind: Type.String(),
    status: MailStatusSchema,
    to: Type.String(),
    lastError: Nullable(Type.String()),
    sentAt: Nullable(Type.String()),
    updatedAt: Type.String(),
  }),
);

const MailboxMessageView = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  kind: Type.String(),
  locale: Type.String(),
  credentialId: Nullable(Type.String()),
  headers: Type.Record(Type.String(), Type.String()),
  sentAt: Nullable(Type.String()),
});

export function registerMailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/mail',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['mail'],
        summary: "The organization's e-mail to learners, newest first (status=failed: what never arrived)",
        security: SECURED,
        querystring: Type.Object({
          status: Type.Optional(MailStatusSchema),
          credentialId: Type.Optional(Type.String({ maxLength: 200 })),
          kind: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
        response: {
          200: Type.Object({ items: Type.Array(DeliveryView), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { cursor, limit, status, credentialId, kind } = request.query;
      const page = await listDeliveries(
        ctx,
        actorOf(request),
        {
          ...(status ? { status } : {}),
          ...(credentialId ? { credentialId } : {}),
          ...(kind ? { kind } : {}),
        },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
      return { items: page.items.map(presentDelivery), next: page.next };
    },
  );

  r.post(
    '/api/v1/mail/:id/resend',
    {
      config: { role: 'issuer' },
      schema: {
        tags: ['mail'],
        summary: 'Sends a failed e-mail again, written afresh (an issued mail gets a new claim link)',
        description:
          'The failed e-mail stays in the log; the new one is returned. 409 MAIL_NOT_FAILED for an e-mail that did not fail, MAIL_NOT_RESENDABLE when it was resent already or no longer applies.',
        security: SECURED,
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        response: { 202: DeliveryView, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const message = await resendMail(ctx, actorOf(request), request.params.id);
      return reply.code(202).send(presentDelivery(message));
    },
  );

  r.get(
    '/api/v1/dev/mailbox',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['mail'],
        summary: 'The development mailbox: the e-mail kept instead of sent while CAIRN_SMTP_URL is unset',
        security: SECURED,
        querystring: Type.Object({ to: Type.Optional(Type.String({ maxLength: 320 })), ...PageQuery }),
        response: {
          200: Type.Object({ items: Type.Array(MailboxMessageView), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { cursor, limit, to } = request.query;
      const page = await readDevMailbox(
        ctx,
        actorOf(request),
        { ...(to ? { to: to.trim().toLowerCase() } : {}) },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
      return { items: page.items.map(presentMailboxMessage), next: page.next };
    },
  );
}
