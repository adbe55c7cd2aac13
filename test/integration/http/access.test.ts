/** Sign-in, sessions and CSRF, API keys and roles, and problem+json answers, on both databases. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { forEachServer, startTestServer, TEST_PUBLIC_URL } from '../../support/http.js';

forEachServer('access', (server) => {
  it('signs in with e-mail and password, reads /me, needs the CSRF token to write, signs out', async () => {
    const { request, newOrganization } = server();
    const org = await newOrganization();
    const wrong = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: org.owner.email, password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    const unknown = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.org', password: 'x' },
    });
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');

    const login = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: org.owner.email.toUpperCase(), password: org.password },
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((cookie) => cookie.name === 'cairn_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const csrf = login.json().csrfToken as string;
    expect(login.cookies.find((cookie) => cookie.name === 'cairn_csrf')?.value).toBe(csrf);
    const cookies = { cairn_session: session?.value as string };

    const me = await request({ method: 'GET', url: '/api/v1/auth/me', cookies });
    expect(me.json()).toMatchObject({
      user: { email: org.owner.email },
      organizations: [{ id: org.organization.id, role: 'owner' }],
    });

    const withoutCsrf = await request({
      method: 'POST',
      url: '/api/v1/api-keys',
      cookies,
      payload: { name: 'k', role: 'viewer' },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().code).toBe('CSRF_FAILED');
    const withCsrf = await request({
      method: 'POST',
      url: '/api/v1/api-keys',
      cookies,
      headers: { 'x-csrf-token': csrf },
      payload: { name: 'k', role: 'viewer' },
    });
    expect(withCsrf.statusCode).toBe(201);

    await request({ method: 'POST', url: '/api/v1/auth/logout', cookies });
    expect((await request({ method: 'GET', url: '/api/v1/auth/me', cookies })).statusCode).toBe(401);
  });

  it('API keys: shown once, stored hashed, role-scoped, revocable', async () => {
    const { request, newOrganization, ctx } = server();
    const org = await newOrganization();
    const created = await request({
      method: 'POST',
      url: '/api/v1/api-keys',
      key: org.apiKey,
      payload: { name: 'LMS', role: 'issuer' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^cairn_/);
    expect(key.startsWith(prefix)).toBe(true);
    const list = await request({ method: 'GET', url: '/api/v1/api-keys', key: org.apiKey });
    expect(JSON.stringify(list.json())).not.toContain(key);
    const stored = await ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key.slice(6));

    // An issuer key cannot manage keys, and cannot mint a key above its own role.
    const forbidden = await request({ method: 'GET', url: '/api/v1/api-keys', key });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('FORBIDDEN');
    const escalate = await request({
      method: 'POST',
      url: '/api/v1/api-keys',
      key: org.apiKey,
      payload: { name: 'x', role: 'owner' },
    });
    expect(escalate.json().code).toBe('FORBIDDEN');

    expect((await request({ method: 'GET', url: '/api/v1/issuers', key })).statusCode).toBe(200);
    expect(
      (await request({ method: 'POST', url: `/api/v1/api-keys/${id}/revoke`, key: org.apiKey })).statusCode,
    ).toBe(204);
    const revoked = await request({ method: 'GET', url: '/api/v1/issuers', key });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('UNAUTHENTICATED');
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('organization_id', '=', org.organization.id)
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['organization.create', 'api_key.create', 'api_key.revoke']),
    );
  });

  it('no credentials, a bad key, invalid input and unknown routes answer problem+json', async () => {
    const { request } = server();
    const none = await request({ method: 'GET', url: '/api/v1/issuers' });
    expect(none.statusCode).toBe(401);
    const bad = await request({ method: 'GET', url: '/api/v1/issuers', key: 'cairn_nope' });
    expect(bad.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      type: expect.stringContaining('/docs/errors#unauthenticated'),
    });
    const missing = await request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    const invalid = await request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'INVALID_INPUT', errors: expect.any(Array) });
    const badJson = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('INVALID_JSON');
    const huge = await request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"${'a'.repeat(3 * 1024 * 1024)}"}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('security headers on every answer; the OpenAPI document describes the API', async () => {
    const { request } = server();
    const health = await request({ method: 'GET', url: '/health' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const openapi = await request({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    const document = openapi.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/issuers', '/api/v1/api-keys', '/api/v1/verify']),
    );
    const docs = await request({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('the public verify endpoint is rate limited per client address', () => {
  it('at CAIRN_VERIFY_RATE_LIMIT calls a minute, then 429 RATE_LIMITED', async () => {
    const config = loadConfig({
      CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
      CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-rate-')),
      NODE_ENV: 'test',
      CAIRN_LOG_LEVEL: 'silent',
      CAIRN_VERIFY_RATE_LIMIT: '2',
    });
    const s = await startTestServer('sqlite', { config });
    try {
      const call = () => s.request({ method: 'POST', url: '/api/v1/verify', payload: { jwt: 'not.a.jwt' } });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      const limited = await call();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
    } finally {
      await s.app.close();
      await s.database.destroy();
    }
  });
});
