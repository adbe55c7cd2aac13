/**
 * The organization's settings (docs/mail.md): `GET /api/v1/organization` (viewer) and
 * `PATCH /api/v1/organization` (admin) — the language of its mail to learners.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  readOrganizationSettings,
  updateOrganizationSettings,
} from '../../services/organization-settings.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, SECURED } from '../schemas.js';

const MailLocale = Type.Union([Type.Literal('en'), Type.Literal('es'), Type.Null()], {
  description:
    'The language of mail to learners when an issue request names none; null: English. Credentials keep the language they were issued with.',
});

const OrganizationView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  mailLocale: MailLocale,
});

export function registerOrganizationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/organization',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['organization'],
        summary: "The organization's settings",
        security: SECURED,
        response: { 200: OrganizationView, ...ERROR_RESPONSES },
      },
    },
    async (request) => await readOrganizationSettings(ctx, actorOf(request)),
  );

  r.patch(
    '/api/v1/organization',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['organization'],
        summary: "Change the organization's settings: the language of its mail to learners",
        security: SECURED,
        body: Type.Object({ mailLocale: Type.Optional(MailLocale) }, { additionalProperties: false }),
        response: { 200: OrganizationView, ...ERROR_RESPONSES },
      },
    },
    async (request) => await updateOrganizationSettings(ctx, actorOf(request), request.body),
  );
}
