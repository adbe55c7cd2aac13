/**
 * Revocation, suspension, expiry and renewal with Bitstring Status Lists, on both databases: every
 * credential carries its entry, lists are signed by the issuer and served with ETags, a change shows in
 * the next verification, and many changes cost one re-signature.
 */
import { expect, it } from 'vitest';
import { decodeEncodedList, getStatus } from '../../../src/core/status-lists/bitstring.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';

async function issue(s: TestServer, tenant: IssuingTenant, extra: Record<string, unknown> = {}) {
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key: tenant.apiKey,
    payload: { achievementId: tenant.achievementId, recipient: { email: 'ada@example.org' }, ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as {
    id: string;
    credential: Record<string, unknown> & { credentialStatus: unknown };
  };
}

async function verify(s: TestServer, credential: object) {
  return (await s.request({ method: 'POST', url: '/api/v1/verify', payload: credential })).json() as {
    verified: boolean;
    verdict: string;
    checks: { check: string; status: string; detail: string }[];
  };
}

forEachServer('status', (server) => {
  it('every credential carries a revocation entry; the list is signed by the issuer and verifies', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const { credential } = await issue(s, tenant);
    const entry = credential.credentialStatus as Record<string, string>;
    expect(entry).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: expect.stringMatching(/^\d+$/),
    });
    expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
    const report = await verify(s, credential);
    expect(report.verified).toBe(true);
    expect(report.checks.find((check) => check.check === 'status')).toMatchObject({ status: 'passed' });

    const path = new URL(entry.statusListCredential as string).pathname;
    const list = await s.request({ method: 'GET', url: path });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toMatch(/application\/vc\+ld\+json/);
    expect(list.headers['cache-control']).toMatch(/max-age=60/);
    const document = list.json();
    expect(document).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: tenant.issuer.did,
    });
    expect((await verify(s, document)).verified).toBe(true);
    const decoded = await decodeEncodedList(document.credentialSubject.encodedList);
    expect(decoded.ok && decoded.value.bitstring.bytes.length).toBe(16384);
    const notModified = await s.request({
      method: 'GET',
      url: path,
      headers: { 'if-none-match': list.headers.etag as string },
    });
    expect(notModified.statusCode).toBe(304);
  });

  it('revoke: needs a reason, shows at once, is final; the bit is set in the re-signed list', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const { id, credential } = await issue(s, tenant);
    const noReason = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/revoke`,
      key: tenant.apiKey,
      payload: {},
    });
    expect(noReason.json().code).toBe('INVALID_INPUT');
    const revoked = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/revoke`,
      key: tenant.apiKey,
      payload: { reason: 'Issued in error', reasonPublic: true },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', statusReason: 'Issued in error' });
    const report = await verify(s, credential);
    expect(report).toMatchObject({ verified: false, verdict: 'revoked' });
    const entry = credential.credentialStatus as Record<string, string>;
    const list = (
      await s.request({ method: 'GET', url: new URL(entry.statusListCredential as string).pathname })
    ).json();
    const decoded = await decodeEncodedList(list.credentialSubject.encodedList);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      const bit = getStatus(decoded.value.bitstring, Number(entry.statusListIndex));
      expect(bit.ok && bit.value).toBe(1);
    }
    for (const action of ['suspend', 'unsuspend', 'renew']) {
      const again = await s.request({
        method: 'POST',
        url: `/api/v1/credentials/${id}/${action}`,
        key: tenant.apiKey,
        payload: {},
      });
      expect(again.statusCode, action).toBe(409);
    }
    const page = await s.request({ method: 'GET', url: `/c/${id}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('revoked');
    expect(page.body).toContain('Issued in error');
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['credential.issue', 'credential.revoke']),
    );
  });

  it('suspension: refused without a suspension entry; with it, suspend and unsuspend round-trip', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const before = await issue(s, tenant);
    const refused = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${before.id}/suspend`,
      key: tenant.apiKey,
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    const enabled = await s.request({
      method: 'PATCH',
      url: `/api/v1/issuers/${tenant.issuer.id}`,
      key: tenant.apiKey,
      payload: { suspensionEnabled: true },
    });
    expect(enabled.json().suspensionEnabled).toBe(true);
    const { id, credential } = await issue(s, tenant);
    expect(
      (credential.credentialStatus as { statusPurpose: string }[]).map((entry) => entry.statusPurpose),
    ).toEqual(['revocation', 'suspension']);
    expect((await verify(s, credential)).checks.filter((check) => check.status !== 'passed')).toEqual([]);
    await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/suspend`,
      key: tenant.apiKey,
      payload: { reason: 'Under review' },
    });
    expect((await verify(s, credential)).verdict).toBe('suspended');
    await s.request({ method: 'POST', url: `/api/v1/credentials/${id}/unsuspend`, key: tenant.apiKey });
    const after = await verify(s, credential);
    expect(after.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(after.verified).toBe(true);
    expect(after.checks.filter((check) => check.check === 'status')).toHaveLength(2);
  });

  it('expiry and renewal: expired shows as expired; renewal keeps the id, status entry and awardedDate', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const { id, credential } = await issue(s, tenant, {
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: '2025-01-01T00:00:00Z',
    });
    const listed = await s.request({ method: 'GET', url: `/api/v1/credentials/${id}`, key: tenant.apiKey });
    expect(listed.json().status).toBe('expired');
    const expired = await verify(s, credential);
    expect(expired.verdict).toBe('expired');
    expect(expired.checks.find((check) => check.check === 'validity')?.detail).toContain(
      '2025-01-01T00:00:00Z',
    );
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/credentials?status=expired`, key: tenant.apiKey }))
        .json()
        .items.map((item: { id: string }) => item.id),
    ).toContain(id);

    const renewed = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/renew`,
      key: tenant.apiKey,
      payload: { validUntil: '2030-01-01T00:00:00Z' },
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    const next = renewed.json();
    expect(next).toMatchObject({ id, status: 'active', validUntil: '2030-01-01T00:00:00.000Z' });
    expect(next.credential.id).toBe(credential.id);
    expect(next.credential.awardedDate).toBe('2024-01-01T00:00:00Z');
    expect(next.credential.credentialStatus).toEqual(credential.credentialStatus);
    expect(next.credential.credentialSubject.identifier).toEqual(
      (credential.credentialSubject as { identifier: unknown }).identifier,
    );
    expect(Date.parse(next.credential.validFrom)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect((await verify(s, next.credential)).verified).toBe(true);
    const publicJson = await s.request({ method: 'GET', url: `/c/${id}.json` });
    expect(publicJson.json().validUntil).toBe('2030-01-01T00:00:00Z');
  });

  it('bulk revoke by achievement: one re-signature per list, however many credentials', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = [];
    for (let index = 0; index < 12; index++) {
      issued.push(await issue(s, tenant));
    }
    const indexes = issued.map((item) =>
      Number((item.credential.credentialStatus as { statusListIndex: string }).statusListIndex),
    );
    // Herd privacy: indexes are spread over the list, not handed out in order.
    expect(new Set(indexes).size).toBe(12);
    expect(indexes).not.toEqual([...indexes].sort((a, b) => a - b));
    const response = await s.request({
      method: 'POST',
      url: '/api/v1/credentials/bulk-revoke',
      key: tenant.apiKey,
      payload: { achievementId: tenant.achievementId, reason: 'Course withdrawn' },
    });
    expect(response.json()).toEqual({ revoked: 12 });
    const lists = await s.ctx.db
      .selectFrom('status_lists')
      .selectAll()
      .where('issuer_id', '=', tenant.issuer.id)
      .execute();
    expect(lists).toHaveLength(1);
    expect(lists[0]?.signed_version).toBe(lists[0]?.version);
    // Issuance signs nothing; the bulk revocation bumped the version once for its single chunk.
    expect(lists[0]?.version).toBe(1);
    for (const item of issued.slice(0, 3)) {
      expect((await verify(s, item.credential)).verdict).toBe('revoked');
    }
    const denied = await s.request({
      method: 'POST',
      url: '/api/v1/credentials/bulk-revoke',
      key: tenant.apiKey,
      payload: { reason: 'everything' },
    });
    expect(denied.json().code).toBe('INVALID_INPUT');
  });

  it("another organization cannot change this organization's credentials", async () => {
    const s = server();
    const a = await issuingTenant(s);
    const b = await issuingTenant(s);
    const { id } = await issue(s, a);
    const attempt = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/revoke`,
      key: b.apiKey,
      payload: { reason: 'x' },
    });
    expect(attempt.statusCode).toBe(404);
    const bulk = await s.request({
      method: 'POST',
      url: '/api/v1/credentials/bulk-revoke',
      key: b.apiKey,
      payload: { ids: [id], reason: 'x' },
    });
    expect(bulk.json()).toEqual({ revoked: 0 });
  });
});
