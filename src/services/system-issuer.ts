/**
 * The installation's own issuer for the W3C VC-API conformance runs: a did:key (a system key), not an
 * organization's did:web. Its status lists live in `status_lists` like any issuer's, under a system
 * organization and issuer row made on first use, and are signed with the system key.
 */

import { isUniqueViolation } from '../storage/errors.js';
import { findIssuerBySlug, type Issuer, insertIssuer } from '../storage/issuers.repository.js';
import { findOrganizationBySlug, insertOrganization } from '../storage/organizations.repository.js';
import type { AppContext } from './context.js';

/** The name of the conformance issuer's key in `system_keys`. */
export const CONFORMANCE_KEY_NAME = 'vc-api-conformance';
const SYSTEM_ORGANIZATION_SLUG = '_system';
const CONFORMANCE_ISSUER_SLUG = '_vc-api-conformance';

export function isConformanceIssuer(issuer: Issuer): boolean {
  return issuer.slug === CONFORMANCE_ISSUER_SLUG;
}

/** The system issuer row the conformance status lists belong to (made once; concurrent starts agree). */
export async function conformanceIssuer(ctx: AppContext): Promise<Issuer> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const organization =
      (await findOrganizationBySlug(ctx.db, SYSTEM_ORGANIZATION_SLUG)) ??
      (await insertOrganization(ctx.db, { slug: SYSTEM_ORGANIZATION_SLUG, name: 'Cairn (system)' }).catch(
        (error) => {
          if (isUniqueViolation(error)) {
            return undefined;
          }
          throw error;
        },
      ));
    if (!organization) {
      continue;
    }
    const existing = await findIssuerBySlug(ctx.db, organization.id, CONFORMANCE_ISSUER_SLUG);
    if (existing) {
      return existing;
    }
    try {
      return await insertIssuer(ctx.db, {
        organization_id: organization.id,
        slug: CONFORMANCE_ISSUER_SLUG,
        name: 'VC-API conformance issuer',
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
    }
  }
  throw new Error('The conformance issuer could not be created');
}
