/**
 * What the console's credential pages read besides the credential: its history from the audit log, and
 * the count a bulk revocation would revoke before it is confirmed — on both databases.
 */
import { expect, it } from 'vitest';
import { forEachServer, type TestServer } from '../../support/http.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';

async function issue(s: TestServer, tenant: IssuingTenant, email = 'ada@example.org') {
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key: tenant.apiKey,
    payload: { achievementId: tenant.achievementId, recipient: { email } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

async function post(s: TestServer, tenant: IssuingTenant, url: string, payload: object = {}) {
  const response = await s.request({ method: 'POST', url, key: tenant.apiKey, payload });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function enableSuspension(s: TestServer, tenant: IssuingTenant) {
  const response = await s.request({
    method: 'PATCH',
    url: `/api/v1/issuers/${tenant.issuer.id}`,
    key: tenant.apiKey,
    payload: { suspensionEnabled: true },
  });
  expect(response.json().suspensionEnabled).toBe(true);
}

forEachServer('credential history and bulk counts', (server) => {
  it("lists a credential's changes newest first, with who made them and why", async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    await enableSuspension(s, tenant);
    const { id } = await issue(s, tenant);
    const other = await issue(s, tenant, 'grace@example.org');
    await post(s, tenant, `/api/v1/credentials/${id}/suspend`, { reason: 'Under review' });
    await post(s, tenant, `/api/v1/credentials/${id}/unsuspend`);
    await post(s, tenant, `/api/v1/credentials/${id}/renew`, { validUntil: '2031-06-30T00:00:00Z' });
    await post(s, tenant, `/api/v1/credentials/${id}/revoke`, { reason: 'Awarded by mistake' });

    const response = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${id}/events`,
      key: tenant.apiKey,
    });
    expect(response.statusCode, response.body).toBe(200);
    const { items, next } = response.json() as {
      items: {
        action: string;
        at: string;
        actor: { type: string; id: string; name: string | null };
        details: Record<string, unknown> | null;
      }[];
      next: string | null;
    };
    expect(next).toBeNull();
    expect(items.map((item) => item.action)).toEqual([
      'credential.revoke',
      'credential.renew',
      'credential.unsuspend',
      'credential.suspend',
      'credential.issue',
    ]);
    expect(items[0]?.details).toMatchObject({ reason: 'Awarded by mistake', reasonPublic: false });
    expect(items[1]?.details).toEqual({ validUntil: '2031-06-30T00:00:00Z' });
    expect(items[3]?.details).toMatchObject({ reason: 'Under review' });
    // The organization's API key made every change, and it is named; nothing says where from.
    for (const item of items) {
      expect(item.actor.type).toBe('api_key');
      expect(item.actor.name).toEqual(expect.any(String));
      expect(Object.keys(item)).not.toContain('ip');
      expect(Date.parse(item.at)).not.toBeNaN();
    }
    // The other credential's history is its own.
    const others = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${other.id}/events`,
      key: tenant.apiKey,
    });
    expect(others.json().items.map((item: { action: string }) => item.action)).toEqual(['credential.issue']);

    // Pages: two at a time.
    const first = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${id}/events?limit=2`,
      key: tenant.apiKey,
    });
    expect(first.json().items).toHaveLength(2);
    const second = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${id}/events?limit=2&cursor=${encodeURIComponent(first.json().next)}`,
      key: tenant.apiKey,
    });
    expect(second.json().items.map((item: { action: string }) => item.action)).toEqual([
      'credential.unsuspend',
      'credential.suspend',
    ]);
  });

  it("another organization cannot read a credential's history", async () => {
    const s = server();
    const a = await issuingTenant(s);
    const b = await issuingTenant(s);
    const { id } = await issue(s, a);
    const attempt = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${id}/events`,
      key: b.apiKey,
    });
    expect(attempt.statusCode).toBe(404);
    expect(attempt.json().code).toBe('NOT_FOUND');
    const anonymous = await s.request({ method: 'GET', url: `/api/v1/credentials/${id}/events` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a dry run counts what a bulk revocation would revoke, and revokes nothing', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    await enableSuspension(s, tenant);
    const issued = [];
    for (let index = 0; index < 5; index++) {
      issued.push(await issue(s, tenant, index < 3 ? 'ada@example.org' : 'grace@example.org'));
    }
    await post(s, tenant, `/api/v1/credentials/${issued[0]?.id}/revoke`, { reason: 'Early' });
    await post(s, tenant, `/api/v1/credentials/${issued[1]?.id}/suspend`, { reason: 'Review' });
    const count = async (filter: object) =>
      await post(s, tenant, '/api/v1/credentials/bulk-revoke', { reason: 'x', dryRun: true, ...filter });

    // Already revoked ones are not counted again.
    expect(await count({ achievementId: tenant.achievementId })).toEqual({ revoked: 0, matching: 4 });
    expect(await count({ email: 'ada@example.org' })).toEqual({ revoked: 0, matching: 2 });
    expect(await count({ email: 'ada@example.org', status: 'suspended' })).toEqual({
      revoked: 0,
      matching: 1,
    });
    const listed = await s.request({
      method: 'GET',
      url: `/api/v1/credentials?achievementId=${tenant.achievementId}&status=active`,
      key: tenant.apiKey,
    });
    expect(listed.json().items).toHaveLength(3);

    // Narrowed by status, the real thing revokes what the count said.
    expect(
      await post(s, tenant, '/api/v1/credentials/bulk-revoke', {
        reason: 'Suspended ones withdrawn',
        achievementId: tenant.achievementId,
        status: 'suspended',
      }),
    ).toEqual({ revoked: 1 });
    const suspended = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${issued[1]?.id}`,
      key: tenant.apiKey,
    });
    expect(suspended.json().status).toBe('revoked');
    expect(await count({ achievementId: tenant.achievementId })).toEqual({ revoked: 0, matching: 3 });

    const unnamed = await s.request({
      method: 'POST',
      url: '/api/v1/credentials/bulk-revoke',
      key: tenant.apiKey,
      payload: { reason: 'x', dryRun: true, status: 'active' },
    });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().code).toBe('INVALID_INPUT');
  });
});
