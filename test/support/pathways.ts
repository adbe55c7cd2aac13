/** An organization with a course to stack: unit achievements and a certificate, all of one issuer. */
import { expect } from 'vitest';
import { insertAchievement } from '../../src/storage/achievements.repository.js';
import type { TestServer } from './http.js';
import { type IssuingTenant, issuingTenant } from './tenant.js';

export type CourseTenant = IssuingTenant & { units: string[]; certificateId: string };

export async function courseTenant(
  server: TestServer,
  options: { units?: number; certificateName?: string } = {},
): Promise<CourseTenant> {
  const tenant = await issuingTenant(server, { achievementName: 'Unit 1: Balance' });
  const units = [tenant.achievementId];
  for (let index = 2; index <= (options.units ?? 4); index++) {
    units.push(await addAchievement(server, tenant, `Unit ${index}: Stone ${index}`, 'MicroCredential'));
  }
  const certificateId = await addAchievement(
    server,
    tenant,
    options.certificateName ?? 'Certificate in Stacking Stones',
    'Certificate',
  );
  return { ...tenant, units, certificateId };
}

export async function addAchievement(
  server: TestServer,
  tenant: IssuingTenant,
  name: string,
  achievementType = 'MicroCredential',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const row = await insertAchievement(server.ctx.db, {
    organization_id: tenant.organization.id,
    issuer_id: tenant.issuer.id,
    status: 'active',
    name,
    achievement_type: achievementType,
    document: {
      name,
      description: `${name}, as a test achievement.`,
      criteria: { narrative: `Earn ${name}.` },
      achievementType,
      ...extra,
    },
  });
  return row.id;
}

export type IssuedBody = {
  id: string;
  url: string;
  status: string;
  learnerId: string;
  achievementId: string;
  credential: Record<string, unknown>;
  awarded: { id: string; achievementId: string; url: string; credential: Record<string, unknown> }[];
};

/** Issues over the API and expects 201. */
export async function issue(
  server: TestServer,
  key: string,
  achievementId: string,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<IssuedBody> {
  const response = await server.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key,
    payload: { achievementId, recipient: { email, name: 'Lee Learner' }, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Creates a pathway over the API and expects 201. */
export async function createPathway(
  server: TestServer,
  key: string,
  body: Record<string, unknown>,
): Promise<{
  id: string;
  version: number;
  retroactive: { evaluated: number; awarded: { learnerId: string; credentialId?: string }[] };
}> {
  const response = await server.request({ method: 'POST', url: '/api/v1/pathways', key, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
