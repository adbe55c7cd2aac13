/**
 * The whole issuing path over HTTP on both databases: issue, list, fetch, idempotency, tenant isolation,
 * roles, key rotation, the public page and JSON; and every credential issued verifies with Cairn's
 * verifier, the verify endpoint and @digitalbazaar/vc resolving the issuer's did:web from the server.
 */
import { expect, it } from 'vitest';
import { bakePng } from '../../../src/core/baking/png.js';
import { validateCredential } from '../../../src/core/credentials/validate-credential.js';
import type { DidDocument } from '../../../src/core/keys/did-document.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { makePng } from '../../support/png-fixtures.js';
import { referenceVerify } from '../../support/reference-stack.js';
import { issuingTenant } from '../../support/tenant.js';

async function didDocumentFromServer(server: TestServer, slug: string): Promise<DidDocument> {
  const response = await server.request({ method: 'GET', url: `/i/${slug}/did.json` });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/application\/did\+json/);
  return response.json();
}

forEachServer('issuing', (server) => {
  it('issues to an e-mail: 201 with the signed credential, which verifies three ways', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const response = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: {
        achievementId: tenant.achievementId,
        recipient: { email: 'Ada@Example.org', name: 'Ada Lovelace' },
        evidence: [{ narrative: 'Built a stack of 5.' }],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'active',
      url: `http://localhost:3000/c/${body.id}`,
      recipient: { email: 'ada@example.org', did: null },
    });
    const credential = body.credential;
    expect(credential.issuer.id).toBe(tenant.issuer.did);
    expect(credential.credentialSubject.identifier[0]).toMatchObject({
      type: 'IdentityObject',
      hashed: true,
      identityType: 'emailAddress',
    });
    expect(JSON.stringify(credential)).not.toContain('ada@example.org');
    expect(validateCredential(credential, { mode: 'issue' }).errors).toEqual([]);

    const verified = await s.request({ method: 'POST', url: '/api/v1/verify', payload: credential });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().checks.filter((check: { status: string }) => check.status !== 'passed')).toEqual(
      [],
    );
    expect(verified.json().verified).toBe(true);

    const didDocument = await didDocumentFromServer(s, tenant.issuer.slug);
    const reference = await referenceVerify(credential, { [tenant.issuer.did]: didDocument });
    expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
  });

  it('names the learner by DID when one is known, also for later credentials sent by e-mail', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
    const first = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: { achievementId: tenant.achievementId, recipient: { email: 'grace@example.org', did } },
    });
    expect(first.json().credential.credentialSubject.id).toBe(did);
    const second = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: { achievementId: tenant.achievementId, recipient: { email: 'grace@example.org' } },
    });
    expect(second.json().credential.credentialSubject.id).toBe(did);
    expect(second.json().learnerId).toBe(first.json().learnerId);
  });

  it('idempotency: the same key returns the same credential; another request under it is refused', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const payload = {
      achievementId: tenant.achievementId,
      recipient: { email: 'lin@example.org' },
      idempotencyKey: 'row-17',
    };
    const [a, b] = await Promise.all([
      s.request({ method: 'POST', url: '/api/v1/credentials', key: tenant.apiKey, payload }),
      s.request({ method: 'POST', url: '/api/v1/credentials', key: tenant.apiKey, payload }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(a.json().credential).toEqual(b.json().credential);
    const list = await s.request({
      method: 'GET',
      url: '/api/v1/credentials?email=lin@example.org',
      key: tenant.apiKey,
    });
    expect(list.json().items).toHaveLength(1);
    const other = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: { ...payload, recipient: { email: 'someone@example.org' } },
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('validates input and names the problem', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const cases: [unknown, string][] = [
      [{ achievementId: tenant.achievementId, recipient: {} }, 'INVALID_INPUT'],
      [{ achievementId: tenant.achievementId, recipient: { email: 'not-an-email' } }, 'INVALID_INPUT'],
      [{ achievementId: 'nope', recipient: { email: 'a@example.org' } }, 'NOT_FOUND'],
      [
        {
          achievementId: tenant.achievementId,
          recipient: { email: 'a@example.org' },
          validFrom: '2026-01-01',
        },
        'INVALID_INPUT',
      ],
      [
        {
          achievementId: tenant.achievementId,
          recipient: { email: 'a@example.org' },
          validFrom: '2026-02-01T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
        },
        'INVALID_INPUT',
      ],
      [
        {
          achievementId: tenant.achievementId,
          recipient: { email: 'a@example.org' },
          evidence: [{ name: 'no id, no narrative' }],
        },
        'INVALID_INPUT',
      ],
    ];
    for (const [payload, code] of cases) {
      const response = await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: payload as object,
      });
      expect(response.json().code, JSON.stringify(payload)).toBe(code);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('lists with filters and cursor pagination, and fetches one', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    for (let index = 0; index < 7; index++) {
      await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email: `p${index % 2}@example.org` } },
      });
    }
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await s.request({
        method: 'GET',
        url: `/api/v1/credentials?limit=3${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
        key: tenant.apiKey,
      });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((item: { id: string }) => item.id));
      next = page.json().next;
    } while (next);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const filtered = await s.request({
      method: 'GET',
      url: `/api/v1/credentials?email=p1@example.org&achievementId=${tenant.achievementId}&status=active`,
      key: tenant.apiKey,
    });
    expect(filtered.json().items).toHaveLength(3);
    const one = await s.request({ method: 'GET', url: `/api/v1/credentials/${seen[0]}`, key: tenant.apiKey });
    expect(one.json()).toMatchObject({ id: seen[0], status: 'active' });
  });

  it('tenant isolation: another organization cannot see, issue from, or guess into this one', async () => {
    const s = server();
    const a = await issuingTenant(s);
    const b = await issuingTenant(s);
    const issued = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: a.apiKey,
      payload: { achievementId: a.achievementId, recipient: { email: 'x@example.org' } },
    });
    const id = issued.json().id;
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/credentials/${id}`, key: b.apiKey })).statusCode,
    ).toBe(404);
    expect(
      (await s.request({ method: 'GET', url: '/api/v1/credentials', key: b.apiKey }))
        .json()
        .items.map((item: { id: string }) => item.id),
    ).not.toContain(id);
    const steal = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: b.apiKey,
      payload: { achievementId: a.achievementId, recipient: { email: 'x@example.org' } },
    });
    expect(steal.statusCode).toBe(404);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/issuers/${a.issuer.id}`, key: b.apiKey })).statusCode,
    ).toBe(404);
    expect(
      (await s.request({ method: 'POST', url: `/api/v1/issuers/${a.issuer.id}/rotate-key`, key: b.apiKey }))
        .statusCode,
    ).toBe(404);
  });

  it('roles: a viewer reads, an issuer issues, only an admin manages issuers', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const viewer = (
      await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: tenant.apiKey,
        payload: { name: 'v', role: 'viewer' },
      })
    ).json().key;
    const issuer = (
      await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: tenant.apiKey,
        payload: { name: 'i', role: 'issuer' },
      })
    ).json().key;
    const payload = { achievementId: tenant.achievementId, recipient: { email: 'r@example.org' } };
    expect(
      (await s.request({ method: 'POST', url: '/api/v1/credentials', key: viewer, payload })).statusCode,
    ).toBe(403);
    expect((await s.request({ method: 'GET', url: '/api/v1/credentials', key: viewer })).statusCode).toBe(
      200,
    );
    expect(
      (await s.request({ method: 'POST', url: '/api/v1/credentials', key: issuer, payload })).statusCode,
    ).toBe(201);
    expect(
      (
        await s.request({
          method: 'POST',
          url: '/api/v1/issuers',
          key: issuer,
          payload: { name: 'x', slug: 'x-slug' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('key rotation: credentials signed before and after both verify; the DID document keeps the old key', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issue = async () =>
      (
        await s.request({
          method: 'POST',
          url: '/api/v1/credentials',
          key: tenant.apiKey,
          payload: { achievementId: tenant.achievementId, recipient: { email: 'k@example.org' } },
        })
      ).json().credential;
    const before = await issue();
    const rotated = await s.request({
      method: 'POST',
      url: `/api/v1/issuers/${tenant.issuer.id}/rotate-key`,
      key: tenant.apiKey,
    });
    expect(
      rotated
        .json()
        .keys.map((key: { status: string }) => key.status)
        .sort(),
    ).toEqual(['active', 'retired']);
    const after = await issue();
    expect(before.proof[0].verificationMethod).not.toBe(after.proof[0].verificationMethod);
    const didDocument = await didDocumentFromServer(s, tenant.issuer.slug);
    expect(didDocument.assertionMethod).toHaveLength(2);
    for (const credential of [before, after]) {
      expect(
        (await s.request({ method: 'POST', url: '/api/v1/verify', payload: credential })).json().verified,
      ).toBe(true);
      expect((await referenceVerify(credential, { [tenant.issuer.did]: didDocument })).verified).toBe(true);
    }
    // The secret keys are encrypted at rest: no stored value is the key itself.
    const keys = await s.ctx.db
      .selectFrom('issuer_keys')
      .select('encrypted_secret_key')
      .where('issuer_id', '=', tenant.issuer.id)
      .execute();
    expect(keys.every((key) => key.encrypted_secret_key.startsWith('v1.'))).toBe(true);
  });

  it('the public page escapes what users wrote; .json and Accept give the credential byte for byte', async () => {
    const s = server();
    const tenant = await issuingTenant(s, { achievementName: '<script>alert("x")</script> & Co' });
    const issued = (
      await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email: 'p@example.org' } },
      })
    ).json();
    const page = await s.request({ method: 'GET', url: `/c/${issued.id}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(page.body).toContain('<meta property="og:title"');
    const stored = await s.ctx.db
      .selectFrom('credentials')
      .select('document')
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    const json = await s.request({ method: 'GET', url: `/c/${issued.id}.json` });
    expect(json.body).toBe(stored.document);
    const negotiated = await s.request({
      method: 'GET',
      url: `/c/${issued.id}`,
      headers: { accept: 'application/ld+json' },
    });
    expect(negotiated.body).toBe(stored.document);
    expect(negotiated.headers['content-type']).toMatch(/application\/ld\+json/);
    const cached = await s.request({
      method: 'GET',
      url: `/c/${issued.id}.json`,
      headers: { 'if-none-match': json.headers.etag as string },
    });
    expect(cached.statusCode).toBe(304);
    expect((await s.request({ method: 'GET', url: '/c/no-such-credential' })).statusCode).toBe(404);
  });

  it('the verify endpoint takes JSON, a JWT, and a baked image upload; a malformed request is a problem', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const credential = (
      await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email: 'v@example.org' } },
      })
    ).json().credential;
    const baked = bakePng(makePng(), JSON.stringify(credential));
    const boundary = '----cairn';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="badge.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      Buffer.from(baked),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await s.request({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(upload.json()).toMatchObject({ verified: true, container: 'png' });
    const tampered = await s.request({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { ...credential, name: 'Forged' },
    });
    expect(tampered.statusCode).toBe(200);
    expect(tampered.json()).toMatchObject({ verified: false, verdict: 'tampered' });
    const garbage = await s.request({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'text/plain' },
      payload: 'not a credential',
    });
    expect(garbage.statusCode).toBe(200);
    expect(garbage.json()).toMatchObject({ verified: false, format: 'unknown' });
    const xml = await s.request({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
