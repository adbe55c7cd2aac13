/**
 * The pathways API (DESIGN §7): define and change pathways (each change of the tree is a new version),
 * validate a tree as the console's editor drafts it, follow a learner's progress, see where learners
 * stop, move learners to a newer version; and a learner's CLR 2.0 record.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { RequirementNode } from '../../core/pathways/types.js';
import { exportLearnerClr } from '../../services/clr-export.js';
import type { AppContext } from '../../services/context.js';
import {
  createPathway,
  getPathway,
  listPathwaysOf,
  migrateLearners,
  pathwayProgress,
  pathwayStats,
  pathwayVersions,
  presentPathway,
  previewPathway,
  type RetroactiveResult,
  updatePathway,
  validatePathway,
} from '../../services/pathways.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The tree is checked by validatePathwayTree, whose messages say more than a schema's could. */
const Requirements = Type.Unsafe<RequirementNode>({
  description:
    'The requirement tree: { "achievement": id } | { "all": [ … ] } | { "atLeast": n, "of": [ … ] }, each optionally with "withinMonths" (groups), "minResult" (achievements: a number, or { value, resultDescription }) and "after" (ids earned first)',
});

const Policy = Type.Union([Type.Literal('keep'), Type.Literal('flag'), Type.Literal('revoke')], {
  description:
    'When a component credential is revoked: keep the award, flag it (a warning on its page), or revoke the awarded credential',
});
const Status = Type.Union([Type.Literal('active'), Type.Literal('archived')]);

const Message = Type.Object({ path: Type.String(), message: Type.String() });

const ReferencedAchievement = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  achievementType: Type.String(),
  image: Nullable(Type.String()),
});

const Validation = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(Message),
  warnings: Type.Array(Message),
  achievements: Type.Array(ReferencedAchievement),
  summary: Type.Object({ components: Type.Integer(), minimumToComplete: Type.Integer() }),
});

const LearnerAward = Type.Object({
  learnerId: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  satisfiedBy: Type.Array(Type.String(), { description: 'The component credentials that complete it' }),
  credentialId: Type.Optional(Type.String({ description: 'The credential awarded' })),
  reason: Type.Optional(Type.String()),
});

const Retroactive = Type.Object(
  {
    evaluated: Type.Integer({ description: 'Learners holding a component, evaluated' }),
    awarded: Type.Array(LearnerAward),
    blocked: Type.Array(LearnerAward),
  },
  { description: 'Learners who already meet the pathway (awarded now, or who would be with preview)' },
);

const PathwayView = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The public page of the pathway' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  targetAchievementId: Type.String(),
  target: Nullable(ReferencedAchievement),
  revocationPolicy: Policy,
  status: Status,
  version: Type.Integer({ description: 'The current version: new learners start on it' }),
  requirements: Type.Unknown(),
  minimumToComplete: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  counts: Type.Optional(
    Type.Object({ enrolled: Type.Integer(), awarded: Type.Integer(), flagged: Type.Integer() }),
  ),
  versions: Type.Optional(
    Type.Array(
      Type.Object({ version: Type.Integer(), requirements: Type.Unknown(), createdAt: Type.String() }),
    ),
  ),
});

const CreateBody = Type.Object(
  {
    targetAchievementId: Type.String({ minLength: 1, maxLength: 200 }),
    requirements: Requirements,
    name: Type.Optional(Type.String({ maxLength: 300, description: "Default: the target's name" })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    revocationPolicy: Type.Optional(Policy),
    preview: Type.Optional(
      Type.Boolean({
        description:
          'Store nothing: answer whether it is valid and who would be awarded at once (learners who already meet it)',
      }),
    ),
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object(
  {
    targetAchievementId: Type.Optional(Type.String({ description: 'Must stay the same' })),
    requirements: Type.Optional(Requirements),
    name: Type.Optional(Type.String({ maxLength: 300 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    revocationPolicy: Type.Optional(Policy),
    status: Type.Optional(Status),
    preview: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const PreviewView = Type.Object({
  preview: Type.Literal(true),
  valid: Type.Boolean(),
  errors: Type.Array(Message),
  warnings: Type.Array(Message),
  newVersion: Type.Optional(Type.Boolean()),
  wouldAward: Type.Array(LearnerAward),
  evaluated: Type.Integer(),
});

const ProgressItem = Type.Object({
  achievementId: Type.String(),
  name: Nullable(Type.String()),
  credentialId: Type.Optional(Type.String()),
  earnedAt: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String({ description: 'Why a credential held does not count' })),
  waitingFor: Type.Optional(Type.Array(Type.String(), { description: 'Prerequisites not held yet' })),
  deadline: Type.Optional(Type.String({ description: 'The end of the time window it must be earned in' })),
});

const ProgressView = Type.Object({
  pathwayId: Type.String(),
  version: Type.Integer({ description: 'The version this learner is judged by' }),
  currentVersion: Type.Integer(),
  learner: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  startedAt: Nullable(Type.String()),
  completed: Type.Boolean(),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  awarded: Nullable(
    Type.Object({
      credentialId: Type.String(),
      url: Type.String(),
      awardedAt: Type.String(),
      flagged: Nullable(Type.String()),
    }),
  ),
  done: Type.Array(ProgressItem),
  remaining: Type.Array(ProgressItem, { description: 'The shortest route to completion' }),
  nextSteps: Type.Array(ProgressItem, { description: 'What can be earned now' }),
  satisfiedBy: Type.Array(Type.String()),
  tree: Type.Unknown(),
});

const StatsView = Type.Object({
  pathwayId: Type.String(),
  version: Type.Integer(),
  enrolled: Type.Integer(),
  inProgress: Type.Integer(),
  completed: Type.Integer(),
  awarded: Type.Integer(),
  flagged: Type.Integer(),
  averagePercent: Type.Integer(),
  byComponentsDone: Type.Array(Type.Object({ done: Type.Integer(), learners: Type.Integer() }), {
    description: 'Learners in progress by how many components they have: where they stop',
  }),
  byComponent: Type.Array(
    Type.Object({
      achievementId: Type.String(),
      name: Nullable(Type.String()),
      inCurrentVersion: Type.Boolean(),
      earned: Type.Integer(),
      nextStepFor: Type.Integer({ description: 'Learners in progress for whom this is a next step' }),
    }),
  ),
  byVersion: Type.Array(Type.Object({ version: Type.Integer(), learners: Type.Integer() })),
});

function previewOf(
  validation: {
    valid: boolean;
    errors: { path: string; message: string }[];
    warnings: { path: string; message: string }[];
  },
  retroactive: RetroactiveResult,
  newVersion?: boolean,
) {
  return {
    preview: true as const,
    valid: validation.valid,
    errors: validation.errors,
    warnings: validation.warnings,
    ...(newVersion !== undefined ? { newVersion } : {}),
    wouldAward: retroactive.awarded,
    evaluated: retroactive.evaluated,
  };
}

export function registerPathwayRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['pathways'];

  r.post(
    '/api/v1/pathways/validate',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Check a requirement tree (and target) as the editor drafts it: every problem with its path, warnings, the achievements it names',
        security: SECURED,
        body: Type.Object(
          {
            requirements: Requirements,
            targetAchievementId: Type.Optional(Type.String({ maxLength: 200 })),
            pathwayId: Type.Optional(
              Type.String({ maxLength: 200, description: 'The pathway being edited' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Validation, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      await validatePathway(ctx, actorOf(request), {
        requirements: request.body.requirements,
        ...(request.body.targetAchievementId
          ? { targetAchievementId: request.body.targetAchievementId }
          : {}),
        ...(request.body.pathwayId ? { pathwayId: request.body.pathwayId } : {}),
      }),
  );

  r.post(
    '/api/v1/pathways',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Create a pathway (version 1); learners who already meet it are awarded at once (preview: true shows who, storing nothing)',
        security: SECURED,
        body: CreateBody,
        response: {
          200: PreviewView,
          201: Type.Object({ ...PathwayView.properties, retroactive: Retroactive }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { preview, ...body } = request.body;
      const input = {
        targetAchievementId: body.targetAchievementId,
        requirements: body.requirements,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.revocationPolicy !== undefined ? { revocationPolicy: body.revocationPolicy } : {}),
      };
      if (preview) {
        const { validation, retroactive } = await previewPathway(ctx, actorOf(request), input);
        return reply.status(200).send(previewOf(validation, retroactive));
      }
      const { pathway, retroactive } = await createPathway(ctx, actorOf(request), input);
      return reply.status(201).send({ ...(await presentPathway(ctx, pathway)), retroactive });
    },
  );

  r.get(
    '/api/v1/pathways',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: "The organization's pathways, newest first, with how many learners started and were awarded",
        security: SECURED,
        querystring: Type.Object({
          status: Type.Optional(Status),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(PathwayView), next: Nullable(Type.String()) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { status, cursor, limit } = request.query;
      const page = await listPathwaysOf(ctx, actorOf(request), status ? { status } : {}, {
        ...(cursor ? { cursor } : {}),
        ...(limit ? { limit } : {}),
      });
      const items = [];
      for (const pathway of page.items) {
        items.push(await presentPathway(ctx, pathway, { counts: true }));
      }
      return { items, next: page.next };
    },
  );

  r.get(
    '/api/v1/pathways/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'A pathway with every version of its tree',
        security: SECURED,
        params: IdParams,
        response: { 200: PathwayView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const pathway = await getPathway(ctx, actor, request.params.id);
      return await presentPathway(ctx, pathway, {
        counts: true,
        versions: await pathwayVersions(ctx, actor, pathway),
      });
    },
  );

  r.put(
    '/api/v1/pathways/:id',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Change a pathway: a new tree is a new version (learners already started stay on theirs until migrated); name, description, policy, status',
        security: SECURED,
        params: IdParams,
        body: UpdateBody,
        response: {
          200: Type.Union([
            PreviewView,
            Type.Object({ ...PathwayView.properties, newVersion: Type.Boolean(), retroactive: Retroactive }),
          ]),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { preview, ...body } = request.body;
      const result = await updatePathway(ctx, actorOf(request), request.params.id, body as never, {
        preview: preview === true,
      });
      if (preview) {
        return previewOf(
          result.validation ?? { valid: true, errors: [], warnings: [] },
          result.retroactive,
          result.newVersion,
        );
      }
      return {
        ...(await presentPathway(ctx, result.pathway)),
        newVersion: result.newVersion,
        retroactive: result.retroactive,
      };
    },
  );

  r.get(
    '/api/v1/pathways/:id/progress',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary:
          "A learner's progress (by e-mail or learner id), judged by the version they started on: done, remaining, next steps, percent",
        security: SECURED,
        params: IdParams,
        querystring: Type.Object({
          email: Type.Optional(Type.String({ maxLength: 320 })),
          learnerId: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: ProgressView, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      await pathwayProgress(ctx, actorOf(request), request.params.id, {
        ...(request.query.email ? { email: request.query.email } : {}),
        ...(request.query.learnerId ? { learnerId: request.query.learnerId } : {}),
      }),
  );

  r.get(
    '/api/v1/pathways/:id/stats',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary:
          'How many learners started, are in progress, completed; how many have each number of components (where learners stop); per component',
        security: SECURED,
        params: IdParams,
        response: { 200: StatsView, ...ERROR_RESPONSES },
      },
    },
    async (request) => await pathwayStats(ctx, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/pathways/:id/migrate',
    {
      config: { role: 'issuer' },
      schema: {
        tags,
        summary:
          'Move learners in progress to a version (default: the current one), all or those named; those who then meet it are awarded',
        security: SECURED,
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              learnerIds: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10000 })),
              toVersion: Type.Optional(Type.Integer({ minimum: 1 })),
              preview: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            pathwayId: Type.String(),
            toVersion: Type.Integer(),
            preview: Type.Boolean(),
            moved: Type.Array(Type.String(), { description: 'Learner ids moved (or that would be)' }),
            awarded: Type.Array(LearnerAward),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) =>
      await migrateLearners(ctx, actorOf(request), request.params.id, {
        ...(request.body?.learnerIds ? { learnerIds: request.body.learnerIds } : {}),
        ...(request.body?.toVersion ? { toVersion: request.body.toVersion } : {}),
        ...(request.body?.preview ? { preview: true } : {}),
      }),
  );

  r.get(
    '/api/v1/learners/:id/clr',
    {
      config: { role: 'issuer' },
      schema: {
        tags: ['learners'],
        summary:
          "A learner's record as a signed CLR 2.0 ClrCredential: one issuer's active credentials, their achievements and pathway targets, and the pathways as associations",
        security: SECURED,
        params: IdParams,
        querystring: Type.Object({
          issuerId: Type.Optional(Type.String({ maxLength: 200, description: 'The issuer that signs it' })),
          pathwayId: Type.Optional(
            Type.String({ maxLength: 200, description: "This pathway only; signed by its target's issuer" }),
          ),
        }),
        response: {
          200: Type.Record(Type.String(), Type.Unknown(), { description: 'The signed ClrCredential' }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const exported = await exportLearnerClr(ctx, actorOf(request), request.params.id, {
        ...(request.query.issuerId ? { issuerId: request.query.issuerId } : {}),
        ...(request.query.pathwayId ? { pathwayId: request.query.pathwayId } : {}),
      });
      return reply
        .type('application/ld+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="clr-${request.params.id}.json"`)
        .send(exported.credential);
    },
  );
}
