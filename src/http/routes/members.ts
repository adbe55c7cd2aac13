import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  addMember,
  changeMemberRole,
  listOrganizationMembers,
  removeMember,
} from '../../services/members.js';
import type { Member as MemberRow } from '../../storage/memberships.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, Role, SECURED } from '../schemas.js';

const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  joinedAt: Type.String(),
});

const UserIdParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) });

function present(row: MemberRow) {
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role, joinedAt: row.created_at };
}

export function registerMemberRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/members',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['members'],
        summary: "The organization's members and their roles",
        security: SECURED,
        response: { 200: Type.Object({ items: Type.Array(Member) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({ items: (await listOrganizationMembers(ctx, actorOf(request))).map(present) }),
  );

  r.post(
    '/api/v1/members',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['members'],
        summary:
          'Add a member: an existing account is linked; a new one is created and its password is in the answer, once',
        security: SECURED,
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 320 }),
          role: Role,
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
        }),
        response: {
          201: Type.Intersect([
            Member,
            Type.Object({
              password: Type.Optional(
                Type.String({ description: 'Only when the account was created now; never shown again' }),
              ),
            }),
          ]),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { member, password } = await addMember(ctx, actorOf(request), request.body);
      return reply.status(201).send({ ...present(member), ...(password ? { password } : {}) });
    },
  );

  r.patch(
    '/api/v1/members/:userId',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['members'],
        summary:
          "Change a member's role (only an owner grants or changes the owner role; the last owner stays)",
        security: SECURED,
        params: UserIdParams,
        body: Type.Object({ role: Role }),
        response: { 200: Member, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      present(await changeMemberRole(ctx, actorOf(request), request.params.userId, request.body.role)),
  );

  r.delete(
    '/api/v1/members/:userId',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['members'],
        summary: 'Remove a member from the organization (the last owner cannot leave)',
        security: SECURED,
        params: UserIdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await removeMember(ctx, actorOf(request), request.params.userId);
      return reply.status(204).send(null);
    },
  );
}
