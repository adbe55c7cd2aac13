/**
 * Changing many credentials' status in one call (docs/console.md): `POST /api/v1/credentials/bulk-revoke`,
 * `bulk-suspend` and `bulk-unsuspend`, each naming the credentials by `ids` or by a filter, and each with
 * `dryRun` to count first (`matching`) so a client can confirm the number before anything changes.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { bulkChangeStatus, bulkStatusTargets, type StatusAction } from '../../services/credential-status.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, SECURED } from '../schemas.js';
import { DateTime } from './status.js';

const VERB: Record<StatusAction, 'revoked' | 'suspended' | 'unsuspended'> = {
  revoke: 'revoked',
  suspend: 'suspended',
  unsuspend: 'unsuspended',
};

const SUMMARY: Record<StatusAction, string> = {
  revoke:
    'Revoke every credential a filter matches (ids, achievement, e-mail, learner, status, issue dates); with dryRun, only count them',
  suspend:
    'Suspend every active credential a filter (or ids) names; with dryRun, only count them. Those without a suspension entry are skipped, with why',
  unsuspend:
    'Lift the suspension of every suspended credential a filter (or ids) names; with dryRun, only count them',
};

function bodyOf(action: StatusAction) {
  return Type.Object({
    ...(action === 'revoke'
      ? { reason: Type.String({ minLength: 1, maxLength: 2000 }) }
      : action === 'suspend'
        ? { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }
        : {}),
    ...(action === 'unsuspend' ? {} : { reasonPublic: Type.Optional(Type.Boolean()) }),
    dryRun: Type.Optional(
      Type.Boolean({
        description: `Change nothing; answer how many would be ${VERB[action]} (\`matching\`), to confirm first`,
      }),
    ),
    ids: Type.Optional(Type.Array(Type.String(), { maxItems: 10000 })),
    achievementId: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    learnerId: Type.Optional(Type.String()),
    issuedAfter: Type.Optional(DateTime),
    issuedBefore: Type.Optional(DateTime),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('expired')], {
        description: 'Narrows another filter; not a filter on its own',
      }),
    ),
  });
}

/** Typed loosely: the count's field is named for the action, which TypeBox cannot express as one type. */
function responseOf(action: StatusAction): TSchema {
  return Type.Object({
    [VERB[action]]: Type.Integer(),
    matching: Type.Optional(Type.Integer({ description: `With dryRun: how many would be ${VERB[action]}` })),
    ...(action === 'revoke'
      ? {}
      : {
          skipped: Type.Optional(
            Type.Array(Type.Object({ id: Type.String(), reason: Type.String() }), {
              description: 'Credentials left as they were, and why (e.g. issued without a suspension entry)',
            }),
          ),
        }),
  });
}

type BulkBody = {
  reason?: string;
  reasonPublic?: boolean;
  dryRun?: boolean;
  ids?: string[];
  achievementId?: string;
  email?: string;
  learnerId?: string;
  issuedAfter?: string;
  issuedBefore?: string;
  status?: 'active' | 'suspended' | 'expired';
};

export function registerBulkStatusRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const action of ['revoke', 'suspend', 'unsuspend'] as const) {
    r.post(
      `/api/v1/credentials/bulk-${action}`,
      {
        // Revocation is final: admins only. Suspension is reversible: whoever may suspend one.
        config: { role: action === 'revoke' ? 'admin' : 'issuer' },
        schema: {
          tags: ['credentials'],
          summary: SUMMARY[action],
          security: SECURED,
          body: bodyOf(action),
          response: { 200: responseOf(action), ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const { reason, reasonPublic, dryRun, ...filter } = request.body as BulkBody;
        const verb = VERB[action];
        if (dryRun) {
          const targets = await bulkStatusTargets(ctx, actorOf(request).organizationId, filter, action);
          return reply.send({ [verb]: 0, matching: targets.length });
        }
        const result = await bulkChangeStatus(ctx, actorOf(request), filter, action, {
          ...(reason !== undefined ? { reason } : {}),
          ...(reasonPublic !== undefined ? { reasonPublic } : {}),
        });
        return reply.send(
          action === 'revoke'
            ? { [verb]: result.changed }
            : { [verb]: result.changed, skipped: result.skipped },
        );
      },
    );
  }
}
