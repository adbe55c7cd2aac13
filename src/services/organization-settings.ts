/**
 * The organization's own settings (`GET` / `PATCH /api/v1/organization`): its name and slug to read, and
 * the language of its mail to learners (`mailLocale`: `en`, `es`, or null for English) — the default when
 * an issue request names no `locale` (docs/mail.md). Credentials keep the language they were issued
 * with, so a change applies to credentials issued after it.
 */
import { AppError } from '../errors.js';
import { isLocale, type Locale } from '../i18n/index.js';
import {
  findOrganization,
  type Organization,
  updateOrganization,
} from '../storage/organizations.repository.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';

export type OrganizationSettings = { id: string; slug: string; name: string; mailLocale: Locale | null };

function present(organization: Organization): OrganizationSettings {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    mailLocale: isLocale(organization.mail_locale) ? organization.mail_locale : null,
  };
}

export async function readOrganizationSettings(ctx: AppContext, actor: Actor): Promise<OrganizationSettings> {
  const organization = await findOrganization(ctx.db, actor.organizationId);
  if (!organization) {
    throw new AppError('NOT_FOUND', 'No such organization');
  }
  return present(organization);
}

/** Sets the mail language (null: back to English). Throws INVALID_INPUT for a language Cairn lacks. */
export async function updateOrganizationSettings(
  ctx: AppContext,
  actor: Actor,
  input: { mailLocale?: string | null },
): Promise<OrganizationSettings> {
  if (input.mailLocale !== undefined && input.mailLocale !== null && !isLocale(input.mailLocale)) {
    throw new AppError('INVALID_INPUT', 'mailLocale: en or es (or null for English)');
  }
  return await withTransaction(ctx.db, async (trx) => {
    const updated = await updateOrganization(trx, actor.organizationId, {
      ...(input.mailLocale !== undefined ? { mail_locale: input.mailLocale } : {}),
    });
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such organization');
    }
    await audit(
      trx,
      actor,
      'organization.update',
      { type: 'organization', id: actor.organizationId },
      { mailLocale: input.mailLocale ?? null },
    );
    return present(updated);
  });
}
