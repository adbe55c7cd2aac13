/**
 * The demo a new user meets on `npm start`: "Demo Academy" with one issuer, a course of four unit
 * micro-credentials, its course certificate, and the pathway that stacks them (the certificate is
 * awarded the moment the fourth unit is issued). Seeded once, into an empty database.
 */
import { insertAchievement } from '../storage/achievements.repository.js';
import type { Actor, AppContext } from './context.js';
import { createIssuer } from './issuers.js';
import { type CreatedOrganization, createOrganization } from './organizations.js';
import { createPathway } from './pathways.js';

export const DEMO_OWNER_EMAIL = 'admin@demo-academy.example';

const UNITS = [
  ['Unit 1: Foundations of Data', 'Reading, cleaning and describing a data set.'],
  ['Unit 2: Visualising Data', 'Charts that tell the truth: choosing, building and reading them.'],
  ['Unit 3: Statistics in Practice', 'Estimates, uncertainty and the tests that matter.'],
  ['Unit 4: A Data Project', 'An end-to-end analysis, presented to an audience.'],
] as const;

export type DemoSeed = CreatedOrganization & {
  issuerSlug: string;
  achievementIds: string[];
  certificateId: string;
  pathwayId: string;
};

export async function seedDemo(ctx: AppContext): Promise<DemoSeed> {
  const created = await createOrganization(ctx, {
    name: 'Demo Academy',
    slug: 'demo-academy',
    owner: { email: DEMO_OWNER_EMAIL, name: 'Demo Admin' },
  });
  const actor: Actor = { type: 'system', id: null, organizationId: created.organization.id, role: 'owner' };
  const issuer = await createIssuer(ctx, actor, {
    name: 'Demo Academy',
    slug: 'demo-academy',
    description: 'A demonstration institution that ships with Cairn.',
  });
  const achievementIds: string[] = [];
  for (const [name, description] of UNITS) {
    const row = await insertAchievement(ctx.db, {
      organization_id: created.organization.id,
      issuer_id: issuer.id,
      status: 'active',
      name,
      achievement_type: 'MicroCredential',
      document: {
        name,
        description,
        criteria: { narrative: `Complete the assessments of ${name.split(':')[0]} with a pass.` },
        achievementType: 'MicroCredential',
        tag: ['data', 'micro-credential'],
        creditsAvailable: 1,
        fieldOfStudy: 'Data Science',
      },
    });
    achievementIds.push(row.id);
  }
  const certificate = await insertAchievement(ctx.db, {
    organization_id: created.organization.id,
    issuer_id: issuer.id,
    status: 'active',
    name: 'Certificate in Applied Data Analysis',
    achievement_type: 'Certificate',
    validity_months: 36,
    document: {
      name: 'Certificate in Applied Data Analysis',
      description: 'Awarded for completing all four units of the Applied Data Analysis course.',
      criteria: { narrative: 'Earn the four unit micro-credentials of the course.' },
      achievementType: 'Certificate',
      creditsAvailable: 4,
      fieldOfStudy: 'Data Science',
    },
  });
  const { pathway } = await createPathway(ctx, actor, {
    targetAchievementId: certificate.id,
    name: 'Applied Data Analysis',
    description:
      'Four units, one certificate: earn the four unit micro-credentials, in any order, and the certificate is awarded the moment the last one is issued.',
    requirements: { all: achievementIds.map((id) => ({ achievement: id })) },
    revocationPolicy: 'flag',
  });
  return {
    ...created,
    issuerSlug: issuer.slug,
    achievementIds,
    certificateId: certificate.id,
    pathwayId: pathway.id,
  };
}
