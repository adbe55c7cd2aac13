import type { Kysely, Selectable } from 'kysely';
import { nowTimestamp, toTimestamp } from './codec.js';
import type { Database, MembershipTable, Role, Timestamp } from './tables.js';

/** A user's role in one organization. */
export type Membership = Selectable<MembershipTable>;

/** A membership with the user's e-mail address and name, for the organization's member list. */
export type Member = Membership & { email: string; name: string };

/** A membership with the organization's slug and name, for a user's list of organizations. */
export type UserOrganization = Membership & { slug: string; organization_name: string };

export type NewMembership = {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at?: Timestamp;
};

/** Fails with a unique violation when the user is already a member (change the role instead). */
export async function insertMembership(db: Kysely<Database>, values: NewMembership): Promise<Membership> {
  return await db
    .insertInto('memberships')
    .values({
      organization_id: values.organization_id,
      user_id: values.user_id,
      role: values.role,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMembership(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<Membership | undefined> {
  return await db
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The organization's members, oldest first. */
export async function listMembers(db: Kysely<Database>, organizationId: string): Promise<Member[]> {
  return await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .selectAll('memberships')
    .select(['users.email', 'users.name'])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('memberships.created_at')
    .orderBy('memberships.user_id')
    .execute();
}

/** Every organization the user belongs to (a user-scoped query: the user is the one asking). */
export async function listUserOrganizations(
  db: Kysely<Database>,
  userId: string,
): Promise<UserOrganization[]> {
  return await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .selectAll('memberships')
    .select(['organizations.slug', 'organizations.name as organization_name'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .execute();
}

export async function updateMembershipRole(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
  role: Role,
): Promise<Membership | undefined> {
  return await db
    .updateTable('memberships')
    .set({ role })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Returns whether there was such a membership. */
export async function deleteMembership(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('memberships')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
