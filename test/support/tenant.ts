/** An organization ready to issue over HTTP: an issuer made through the API and an active achievement. */
import { insertAchievement } from '../../src/storage/achievements.repository.js';
import { unique } from './factories.js';
import type { TestServer } from './http.js';

export type IssuingTenant = Awaited<ReturnType<TestServer['newOrganization']>> & {
  issuer: { id: string; slug: string; did: string };
  achievementId: string;
};

export async function issuingTenant(
  server: TestServer,
  options: { achievementName?: string; validityMonths?: number } = {},
): Promise<IssuingTenant> {
  const org = await server.newOrganization();
  const created = await server.request({
    method: 'POST',
    url: '/api/v1/issuers',
    key: org.apiKey,
    payload: {
      name: 'Department of Stones',
      slug: unique('dept'),
      url: 'https://stones.example',
      email: 'dept@stones.example',
    },
  });
  if (created.statusCode !== 201) {
    throw new Error(`issuer: ${created.body}`);
  }
  const issuer = created.json() as { id: string; slug: string; did: string };
  const name = options.achievementName ?? 'Unit 1: Balance';
  const achievement = await insertAchievement(server.ctx.db, {
    organization_id: org.organization.id,
    issuer_id: issuer.id,
    status: 'active',
    name,
    achievement_type: 'MicroCredential',
    validity_months: options.validityMonths ?? null,
    document: {
      name,
      description: 'Stack three stones that stay up.',
      criteria: { narrative: 'Build a stack that stands for one minute.' },
      achievementType: 'MicroCredential',
    },
  });
  return { ...org, issuer, achievementId: achievement.id };
}

/** Issues the tenant's achievement over HTTP (201 or it throws); `extra` goes into the request body. */
export async function issueTo(
  server: TestServer,
  tenant: IssuingTenant,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; url: string; credential: Record<string, unknown> }> {
  const response = await server.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key: tenant.apiKey,
    payload: { achievementId: tenant.achievementId, recipient: { email }, ...extra },
  });
  if (response.statusCode !== 201) {
    throw new Error(`issue: ${response.statusCode} ${response.body}`);
  }
  return response.json();
}

/** Lets the tenant's issuer suspend the credentials it issues from now on. */
export async function enableSuspension(server: TestServer, tenant: IssuingTenant): Promise<void> {
  const enabled = await server.request({
    method: 'PATCH',
    url: `/api/v1/issuers/${tenant.issuer.id}`,
    key: tenant.apiKey,
    payload: { suspensionEnabled: true },
  });
  if (enabled.statusCode !== 200) {
    throw new Error(`suspensionEnabled: ${enabled.body}`);
  }
}
