/**
 * The people of an organization and their roles. Owners and admins manage them; only an owner may make
 * or change an owner, and the last owner can neither leave nor be demoted (an organization always has
 * someone who can do everything). Adding an e-mail address that has no account creates one with a
 * generated password, returned once; an existing account is linked as it is.
 */
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import {
  deleteMembership,
  findMembership,
  insertMembership,
  listMembers,
  type Member,
  updateMembershipRole,
} from '../storage/memberships.repository.js';
import type { Role } from '../storage/tables.js';
import { withTransaction } from '../storage/transaction.js';
import { findUser, findUserByEmail, insertUser } from '../storage/users.repository.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, roleAtLeast } from './context.js';
import { hashPassword, randomPassword } from './secrets.js';

export type AddedMember = { member: Member; password?: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function assertMayGrant(actor: Actor, role: Role): void {
  if (role === 'owner' && actor.role !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can make someone an owner');
  }
  if (!roleAtLeast(actor.role, 'admin')) {
    throw new AppError('FORBIDDEN', 'Managing members needs the admin role');
  }
}

function assertMayManage(actor: Actor, current: Role): void {
  if (current === 'owner' && actor.role !== 'owner') {
    throw new AppError('FORBIDDEN', "Only an owner can change or remove an owner's membership");
  }
}

async function ownerCount(db: AppContext['db'], organizationId: string): Promise<number> {
  const members = await listMembers(db, organizationId);
  return members.filter((member) => member.role === 'owner').length;
}

async function memberView(db: AppContext['db'], organizationId: string, userId: string): Promise<Member> {
  const member = (await listMembers(db, organizationId)).find((entry) => entry.user_id === userId);
  if (!member) {
    throw new AppError('NOT_FOUND', 'No such member');
  }
  return member;
}

export async function listOrganizationMembers(ctx: AppContext, actor: Actor): Promise<Member[]> {
  return await listMembers(ctx.db, actor.organizationId);
}

/** Throws INVALID_INPUT (e-mail), FORBIDDEN (an owner by a non-owner), CONFLICT (already a member). */
export async function addMember(
  ctx: AppContext,
  actor: Actor,
  input: { email: string; role: Role; name?: string },
): Promise<AddedMember> {
  assertMayGrant(actor, input.role);
  const email = input.email.trim();
  if (!EMAIL.test(email)) {
    throw new AppError('INVALID_INPUT', `"${input.email}" is not an e-mail address`);
  }
  const existing = await findUserByEmail(ctx.db, email);
  const password = existing ? undefined : randomPassword();
  const passwordHash = password ? await hashPassword(password, ctx.passwordCost) : undefined;
  try {
    return await withTransaction(ctx.db, async (trx) => {
      const user =
        (existing ? await findUserByEmail(trx, email) : undefined) ??
        (await insertUser(trx, {
          email,
          name: input.name?.trim() || (email.split('@')[0] ?? email),
          password_hash: passwordHash as string,
        }));
      if (await findMembership(trx, actor.organizationId, user.id)) {
        throw new AppError('CONFLICT', `${user.email} is already a member; change their role instead`);
      }
      await insertMembership(trx, {
        organization_id: actor.organizationId,
        user_id: user.id,
        role: input.role,
      });
      await audit(
        trx,
        actor,
        'member.add',
        { type: 'user', id: user.id },
        { email: user.email, role: input.role, accountCreated: password !== undefined },
      );
      return {
        member: await memberView(trx, actor.organizationId, user.id),
        ...(password ? { password } : {}),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `${email} is already a member (or was added at the same moment)`);
    }
    throw error;
  }
}

/** Throws NOT_FOUND, FORBIDDEN, CONFLICT (the last owner demoted). */
export async function changeMemberRole(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  role: Role,
): Promise<Member> {
  assertMayGrant(actor, role);
  return await withTransaction(ctx.db, async (trx) => {
    const current = await findMembership(trx, actor.organizationId, userId);
    if (!current) {
      throw new AppError('NOT_FOUND', 'No such member');
    }
    assertMayManage(actor, current.role);
    if (current.role === role) {
      return await memberView(trx, actor.organizationId, userId);
    }
    if (current.role === 'owner' && (await ownerCount(trx, actor.organizationId)) <= 1) {
      throw new AppError(
        'CONFLICT',
        'The organization needs at least one owner: make someone else an owner first',
      );
    }
    await updateMembershipRole(trx, actor.organizationId, userId, role);
    await audit(
      trx,
      actor,
      'member.change_role',
      { type: 'user', id: userId },
      { from: current.role, to: role },
    );
    return await memberView(trx, actor.organizationId, userId);
  });
}

/** Throws NOT_FOUND, FORBIDDEN, CONFLICT (the last owner). The account itself stays (other organizations). */
export async function removeMember(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  if (!roleAtLeast(actor.role, 'admin')) {
    throw new AppError('FORBIDDEN', 'Managing members needs the admin role');
  }
  await withTransaction(ctx.db, async (trx) => {
    const current = await findMembership(trx, actor.organizationId, userId);
    if (!current) {
      throw new AppError('NOT_FOUND', 'No such member');
    }
    assertMayManage(actor, current.role);
    if (current.role === 'owner' && (await ownerCount(trx, actor.organizationId)) <= 1) {
      throw new AppError('CONFLICT', 'The last owner cannot leave: make someone else an owner first');
    }
    await deleteMembership(trx, actor.organizationId, userId);
    const user = await findUser(trx, userId);
    await audit(
      trx,
      actor,
      'member.remove',
      { type: 'user', id: userId },
      { email: user?.email ?? null, role: current.role },
    );
  });
}
