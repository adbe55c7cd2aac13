/**
 * Suspending and lifting suspensions in bulk (`POST /api/v1/credentials/bulk-suspend`, `bulk-unsuspend`),
 * on both databases: by ids or by a filter, with a dry run that counts and changes nothing; each change
 * shows in the next verification; credentials the change does not apply to are left out (already
 * suspended, revoked) or skipped with the reason (issued without a suspension entry); another
 * organization's credentials are never touched; a viewer cannot, an issuer can.
 */
import { expect, it } from 'vitest';
import { forEachServer, type TestServer } from '../../support/http.js';
import { enableSuspension, type IssuingTenant, issueTo, issuingTenant } from '../../support/tenant.js';

function issue(s: TestServer, tenant: IssuingTenant, email: string) {
  return issueTo(s, tenant, email, { notify: false });
}

async function verdict(s: TestServer, credential: object): Promise<string> {
  return (await s.request({ method: 'POST', url: '/api/v1/verify', payload: credential })).json().verdict;
}

async function statusOf(s: TestServer, tenant: IssuingTenant, id: string): Promise<string> {
  return (await s.request({ method: 'GET', url: `/api/v1/credentials/${id}`, key: tenant.apiKey })).json()
    .status;
}

forEachServer('bulk suspension', (server) => {
  const bulk = (key: string, action: 'suspend' | 'unsuspend', payload: Record<string, unknown>) =>
    server().request({ method: 'POST', url: `/api/v1/credentials/bulk-${action}`, key, payload });

  it('suspends by ids in one call, then lifts them; verifiers follow; a repeat changes nothing', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    await enableSuspension(s, tenant);
    const [a, b, c] = [
      await issue(s, tenant, 'a@example.org'),
      await issue(s, tenant, 'b@example.org'),
      await issue(s, tenant, 'c@example.org'),
    ];
    const suspended = await bulk(tenant.apiKey, 'suspend', {
      ids: [a.id, b.id, 'no-such-credential'],
      reason: 'Exam under review',
      reasonPublic: true,
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json()).toEqual({ suspended: 2, skipped: [] });
    expect(await verdict(s, a.credential)).toBe('suspended');
    expect(await verdict(s, b.credential)).toBe('suspended');
    expect(await verdict(s, c.credential)).not.toBe('suspended');
    const detail = await s.request({ method: 'GET', url: `/api/v1/credentials/${a.id}`, key: tenant.apiKey });
    expect(detail.json()).toMatchObject({ status: 'suspended', statusReason: 'Exam under review' });

    // Already suspended: left out, not an error.
    expect((await bulk(tenant.apiKey, 'suspend', { ids: [a.id] })).json()).toEqual({
      suspended: 0,
      skipped: [],
    });

    const lifted = await bulk(tenant.apiKey, 'unsuspend', { ids: [a.id, b.id, c.id] });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toEqual({ unsuspended: 2, skipped: [] });
    expect(await verdict(s, a.credential)).toBe('valid');
    expect(await statusOf(s, tenant, b.id)).toBe('active');
  });

  it('by a filter: the dry run counts and changes nothing; then the same filter suspends that many', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    await enableSuspension(s, tenant);
    const mine = [await issue(s, tenant, 'kim@example.org'), await issue(s, tenant, 'kim@example.org')];
    const theirs = await issue(s, tenant, 'lee@example.org');
    const revoked = await issue(s, tenant, 'kim@example.org');
    await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${revoked.id}/revoke`,
      key: tenant.apiKey,
      payload: { reason: 'Mistake' },
    });

    const dry = await bulk(tenant.apiKey, 'suspend', { email: 'kim@example.org', dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ suspended: 0, matching: 2 });
    for (const credential of mine) {
      expect(await statusOf(s, tenant, credential.id)).toBe('active');
    }

    expect((await bulk(tenant.apiKey, 'suspend', { email: 'kim@example.org' })).json()).toMatchObject({
      suspended: 2,
    });
    for (const credential of mine) {
      expect(await statusOf(s, tenant, credential.id)).toBe('suspended');
    }
    expect(await statusOf(s, tenant, theirs.id)).toBe('active');
    expect(await statusOf(s, tenant, revoked.id)).toBe('revoked');

    const dryLift = await bulk(tenant.apiKey, 'unsuspend', { email: 'kim@example.org', dryRun: true });
    expect(dryLift.json()).toEqual({ unsuspended: 0, matching: 2 });

    // A filter is needed: a status alone names nothing.
    const vague = await bulk(tenant.apiKey, 'suspend', { status: 'active' });
    expect(vague.statusCode).toBe(400);
    expect(vague.headers['content-type']).toContain('application/problem+json');
    expect(vague.json().code).toBe('INVALID_INPUT');
  });

  it('skips, with the reason, a credential issued without a suspension entry; suspends the others', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const before = await issue(s, tenant, 'old@example.org');
    await enableSuspension(s, tenant);
    const after = await issue(s, tenant, 'new@example.org');
    const response = await bulk(tenant.apiKey, 'suspend', { ids: [before.id, after.id] });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { suspended: number; skipped: { id: string; reason: string }[] };
    expect(body.suspended).toBe(1);
    expect(body.skipped).toHaveLength(1);
    expect(body.skipped[0]?.id).toBe(before.id);
    expect(body.skipped[0]?.reason).toMatch(/suspension entry/);
    expect(await statusOf(s, tenant, before.id)).toBe('active');
    expect(await statusOf(s, tenant, after.id)).toBe('suspended');
  });

  it("never touches another organization's credentials; a viewer cannot; an issuer can", async () => {
    const s = server();
    const a = await issuingTenant(s);
    const b = await issuingTenant(s);
    await enableSuspension(s, a);
    const credential = await issue(s, a, 'x@example.org');
    const foreign = await bulk(b.apiKey, 'suspend', { ids: [credential.id] });
    expect(foreign.json()).toEqual({ suspended: 0, skipped: [] });
    const foreignDry = await bulk(b.apiKey, 'suspend', { email: 'x@example.org', dryRun: true });
    expect(foreignDry.json()).toEqual({ suspended: 0, matching: 0 });
    expect(await statusOf(s, a, credential.id)).toBe('active');

    const keyOf = async (role: string) =>
      (
        await s.request({
          method: 'POST',
          url: '/api/v1/api-keys',
          key: a.apiKey,
          payload: { name: role, role },
        })
      ).json().key as string;
    const viewer = await bulk(await keyOf('viewer'), 'suspend', { ids: [credential.id] });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().code).toBe('FORBIDDEN');
    const issuer = await bulk(await keyOf('issuer'), 'suspend', { ids: [credential.id] });
    expect(issuer.json()).toEqual({ suspended: 1, skipped: [] });
  });
});
