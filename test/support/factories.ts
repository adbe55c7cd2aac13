import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Achievement, insertAchievement } from '../../src/storage/achievements.repository.js';
import {
  type Credential,
  insertCredential,
  type NewCredential,
} from '../../src/storage/credentials.repository.js';
import { type Issuer, insertIssuer } from '../../src/storage/issuers.repository.js';
import {
  insertLearner,
  insertLearnerIdentifier,
  type Learner,
} from '../../src/storage/learners.repository.js';
import { insertOrganization, type Organization } from '../../src/storage/organizations.repository.js';
import type { Database } from '../../src/storage/tables.js';

/** A name no other test in the run will pick: tests share a database per file, not per test. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export type Tenant = {
  organization: Organization;
  issuer: Issuer;
  achievement: Achievement;
  learner: Learner;
  email: string;
};

/** An organization with one issuer, one active achievement and one learner known by an e-mail address. */
export async function buildTenant(db: Kysely<Database>): Promise<Tenant> {
  const organization = await insertOrganization(db, { slug: unique('org'), name: 'Example Academy' });
  const issuer = await insertIssuer(db, {
    organization_id: organization.id,
    slug: unique('issuer'),
    name: 'Department of Examples',
  });
  const achievement = await insertAchievement(db, {
    organization_id: organization.id,
    issuer_id: issuer.id,
    status: 'active',
    name: 'Unit 1',
    achievement_type: 'MicroCredential',
    document: { name: 'Unit 1', description: 'The first unit', criteria: { narrative: 'Pass the test' } },
  });
  const learner = await insertLearner(db, { organization_id: organization.id, name: 'Ada Lovelace' });
  const email = `${unique('ada')}@example.org`;
  await insertLearnerIdentifier(db, {
    organization_id: organization.id,
    learner_id: learner.id,
    type: 'email',
    value: email,
  });
  return { organization, issuer, achievement, learner, email };
}

/** A credential of the tenant's achievement for its learner; `overrides` change any column. */
export async function buildCredential(
  db: Kysely<Database>,
  tenant: Tenant,
  overrides: Partial<NewCredential> = {},
): Promise<Credential> {
  const id = overrides.id ?? `urn:uuid:${randomUUID()}`;
  return await insertCredential(db, {
    id,
    organization_id: tenant.organization.id,
    issuer_id: tenant.issuer.id,
    achievement_id: tenant.achievement.id,
    learner_id: tenant.learner.id,
    recipient_email: tenant.email,
    document: JSON.stringify({ id, type: ['VerifiableCredential', 'OpenBadgeCredential'] }),
    awarded_date: '2026-01-15T09:00:00.000Z',
    valid_from: '2026-01-15T09:00:00.000Z',
    ...overrides,
  });
}
