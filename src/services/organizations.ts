/**
 * Creating an organization with its first owner and an admin API key: what `cairn init` and the demo
 * seed do. The password (generated when not given) and the API key are returned once, never stored.
 */
import { AppError } from '../errors.js';
import { isUniqueViolation } from '../storage/errors.js';
import { insertMembership } from '../storage/memberships.repository.js';
import { insertOrganization, type Organization } from '../storage/organizations.repository.js';
import { withTransaction } from '../storage/transaction.js';
import { findUserByEmail, insertUser, type User } from '../storage/users.repository.js';
import { createApiKey } from './api-keys.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { hashPassword, randomPassword } from './secrets.js';

export type NewOrganizationInput = {
  name: string;
  slug?: string;
  owner: { email: string; name?: string; password?: string };
};

export type CreatedOrganization = {
  organization: Organization;
  owner: User;
  /** Set when the owner's account was created now (and no password was given). */
  password?: string;
  apiKey: string;
};

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? 'org' : slug;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Throws INVALID_INPUT for a bad e-mail or name, CONFLICT when the slug is taken. */
export async function createOrganization(
  ctx: AppContext,
  input: NewOrganizationInput,
): Promise<CreatedOrganization> {
  const name = input.name.trim();
  if (name === '') {
    throw new AppError('INVALID_INPUT', 'The organization needs a name');
  }
  if (!EMAIL.test(input.owner.email.trim())) {
    throw new AppError('INVALID_INPUT', `"${input.owner.email}" is not an e-mail address`);
  }
  const existing = await findUserByEmail(ctx.db, input.owner.email);
  const password = existing ? undefined : (input.owner.password ?? randomPassword());
  const passwordHash = password ? await hashPassword(password, ctx.passwordCost) : undefined;
  try {
    return await withTransaction(ctx.db, async (trx) => {
      const organization = await insertOrganization(trx, { name, slug: input.slug ?? slugify(name) });
      const owner =
        existing ??
        (await insertUser(trx, {
          email: input.owner.email,
          name: input.owner.name ?? input.owner.email.split('@')[0] ?? 'Owner',
          password_hash: passwordHash as string,
        }));
      await insertMembership(trx, { organization_id: organization.id, user_id: owner.id, role: 'owner' });
      const system: Actor = { type: 'system', id: null, organizationId: organization.id, role: 'owner' };
      await audit(
        trx,
        system,
        'organization.create',
        { type: 'organization', id: organization.id },
        { owner: owner.email },
      );
      const { secret } = await createApiKey({ ...ctx, db: trx }, system, {
        name: 'Initial admin key',
        role: 'admin',
      });
      return {
        organization,
        owner,
        ...(password && !input.owner.password ? { password } : {}),
        apiKey: secret,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `An organization with the slug "${input.slug ?? slugify(name)}" exists`);
    }
    throw error;
  }
}
