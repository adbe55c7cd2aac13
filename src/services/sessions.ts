/**
 * Console sign-in: e-mail and password (scrypt), then a session cookie holding a random token whose
 * SHA-256 is the session id. Each session has its own CSRF token for cookie-authenticated writes.
 */
import { AppError } from '../errors.js';
import { listUserOrganizations } from '../storage/memberships.repository.js';
import { deleteSession, findLiveSession, insertSession } from '../storage/sessions.repository.js';
import type { Role } from '../storage/tables.js';
import { findUser, findUserByEmail, type User } from '../storage/users.repository.js';
import type { AppContext } from './context.js';
import { hashPassword, randomToken, sha256Hex, verifyPassword } from './secrets.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type NewSession = {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
  organizations: UserOrganizationRole[];
};

/** One organization a user belongs to, with their role in it. */
export type UserOrganizationRole = { organizationId: string; role: Role; name: string; slug: string };

// A real hash to compare against when the e-mail is unknown, so both paths cost the same time.
let decoyHash: Promise<string> | undefined;

/** Throws INVALID_CREDENTIALS for an unknown e-mail or a wrong password (the same answer for both). */
export async function signIn(ctx: AppContext, email: string, password: string): Promise<NewSession> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) {
    decoyHash ??= hashPassword('decoy', ctx.passwordCost);
    await verifyPassword(password, await decoyHash);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    throw new AppError('INVALID_CREDENTIALS');
  }
  const token = randomToken('sess');
  const csrfToken = randomToken('csrf');
  const expiresAt = new Date(ctx.clock().getTime() + SESSION_TTL_MS);
  await insertSession(ctx.db, {
    id: sha256Hex(token),
    user_id: user.id,
    csrf_token_hash: sha256Hex(csrfToken),
    expires_at: expiresAt,
  });
  const memberships = await listUserOrganizations(ctx.db, user.id);
  const organizations = memberships.map((membership) => ({
    organizationId: membership.organization_id,
    role: membership.role,
    name: membership.organization_name,
    slug: membership.slug,
  }));
  return { token, csrfToken, expiresAt, user, organizations };
}

export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, sha256Hex(token));
}

export type SessionUser = {
  user: User;
  csrfTokenHash: string | null;
  organizations: UserOrganizationRole[];
};

/** The signed-in user a session cookie stands for, with the organizations they belong to. */
export async function authenticateSession(ctx: AppContext, token: string): Promise<SessionUser | undefined> {
  const session = await findLiveSession(ctx.db, sha256Hex(token), ctx.clock());
  if (!session) {
    return undefined;
  }
  const user = await findUser(ctx.db, session.user_id);
  if (!user) {
    return undefined;
  }
  const memberships = await listUserOrganizations(ctx.db, user.id);
  return {
    user,
    csrfTokenHash: session.csrf_token_hash,
    organizations: memberships.map((membership) => ({
      organizationId: membership.organization_id,
      role: membership.role,
      name: membership.organization_name,
      slug: membership.slug,
    })),
  };
}
