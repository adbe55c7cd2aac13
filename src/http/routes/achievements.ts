/**
 * The achievements API: viewers read; issuers (and admins, owners) create, edit, publish, archive and
 * delete drafts. Another organization's achievement, issuer or image answers 404, as if it did not
 * exist, so that ids leak nothing.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type AchievementRow,
  achievementDocument,
  changeAchievementStatus,
  createAchievement,
  deleteAchievement,
  getAchievement,
  listAchievementsOf,
  updateAchievement,
} from '../../services/achievements.js';
import type { AppContext } from '../../services/context.js';
import { urls } from '../../services/urls.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';
import {
  AchievementItem,
  CreateAchievementBody,
  ListAchievementsQuery,
  UpdateAchievementBody,
} from './achievements.schema.js';

/** The one place an achievement row becomes API JSON. */
export function presentAchievement(ctx: AppContext, row: AchievementRow) {
  const achievement = achievementDocument(ctx, row);
  return {
    id: row.id,
    url: urls.achievement(ctx.config.publicUrl, row.id),
    name: row.name,
    achievementType: row.achievement_type,
    status: row.status,
    issuerId: row.issuer_id,
    imageId: row.image_id,
    validityMonths: row.validity_months,
    achievement,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function registerAchievementRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['achievements'];

  r.get(
    '/api/v1/achievements',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: "The organization's achievements, newest first; filter by status, issuer or name",
        security: SECURED,
        querystring: ListAchievementsQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AchievementItem),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const page = await listAchievementsOf(ctx, actorOf(request), filters, {
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      return { items: page.items.map((row) => presentAchievement(ctx, row)), next: page.next };
    },
  );

  r.post(
    '/api/v1/achievements',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Create an achievement (an Open Badges 3.0 Achievement) of one of your issuers; a draft unless status is active',
        security: SECURED,
        body: CreateAchievementBody,
        response: { 201: AchievementItem, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const row = await createAchievement(ctx, actorOf(request), request.body);
      return reply.status(201).send(presentAchievement(ctx, row));
    },
  );

  r.get(
    '/api/v1/achievements/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'An achievement',
        security: SECURED,
        params: IdParams,
        response: { 200: AchievementItem, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      presentAchievement(ctx, await getAchievement(ctx, actorOf(request), request.params.id)),
  );

  r.patch(
    '/api/v1/achievements/:id',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Change an achievement: only the properties given change, null removes an optional one. Credentials already issued keep the achievement as it was signed.',
        security: SECURED,
        params: IdParams,
        body: UpdateAchievementBody,
        response: { 200: AchievementItem, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      presentAchievement(
        ctx,
        await updateAchievement(ctx, actorOf(request), request.params.id, request.body),
      ),
  );

  for (const action of ['activate', 'archive'] as const) {
    r.post(
      `/api/v1/achievements/:id/${action}`,
      {
        config: { role: 'issuer' },
        schema: {
          tags,
          summary:
            action === 'activate'
              ? 'Publish a draft (or re-activate an archived achievement): its URI answers and it can be awarded'
              : 'Stop awarding an active achievement; its URI keeps answering for the credentials already issued',
          security: SECURED,
          params: IdParams,
          response: { 200: AchievementItem, ...ERROR_RESPONSES },
        },
      },
      async (request) =>
        presentAchievement(
          ctx,
          await changeAchievementStatus(ctx, actorOf(request), request.params.id, action),
        ),
    );
  }

  r.delete(
    '/api/v1/achievements/:id',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary: 'Delete a draft (a published achievement is archived instead)',
        security: SECURED,
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await deleteAchievement(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
