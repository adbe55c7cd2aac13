/**
 * The server-rendered public pages — credential, issuer, verifier, home — and the browser verifier's
 * fetch proxy, on both databases: link-preview tags, escaping, language choice, JSON alternates.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.js';
import type { FetchedResponse, GuardedFetch } from '../../../src/node/guarded-fetch.js';
import { forEachServer } from '../../support/http.js';
import { issuingTenant } from '../../support/tenant.js';

const HOSTILE = '<script>alert("x")</script> & "quotes"';

function pageData(html: string): { page: string; locale: string; props: Record<string, unknown> } {
  const match = /<script type="application\/json" id="cairn-page">([^<]*)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match?.[1] as string);
}

forEachServer('public pages', (server) => {
  it('renders a credential page with preview tags, escapes every user string, and verifies nothing on the server', async () => {
    const s = server();
    const tenant = await issuingTenant(s, { achievementName: `Stones ${HOSTILE}` });
    const issued = await s.request({
      method: 'POST',
      url: '/api/v1/credentials',
      key: tenant.apiKey,
      payload: {
        achievementId: tenant.achievementId,
        recipient: { email: 'ada@example.org', name: HOSTILE },
        evidence: [{ id: 'https://example.org/work', name: HOSTILE, narrative: 'javascript:alert(1)' }],
      },
    });
    expect(issued.statusCode).toBe(201);
    const { id } = issued.json();
    const page = await s.request({ method: 'GET', url: `/c/${id}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const html = page.body;
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain(`<link rel="canonical" href="http://localhost:3000/c/${id}">`);
    expect(html).toContain(
      `<link rel="alternate" type="application/ld+json" href="http://localhost:3000/c/${id}.json">`,
    );
    expect(html).toMatch(/<meta property="og:title" content="Stones &lt;script&gt;/);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain(`<meta property="og:image" content="http://localhost:3000/c/${id}/og.png">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<html lang="en">');
    // Who, what, by whom, criteria, evidence: in the HTML itself, for readers and link previews.
    expect(html).toContain('Awarded to');
    expect(html).toContain('Department of Stones');
    expect(html).toContain('Build a stack that stands for one minute.');
    expect(html).toContain('href="https://example.org/work"');
    const data = pageData(html);
    expect(data.page).toBe('credential');
    expect(data.props.jsonPath).toBe(`/c/${id}.json`);
    expect(data.props.downloads).toEqual(
      ['json', 'png', 'svg', 'pdf'].map((format) => ({ format, href: `/c/${id}.${format}` })),
    );
    expect(data.props.badgePath).toBe(`/c/${id}.png`);
    expect(data.props.issuerPageUrl).toBe(`/i/${tenant.issuer.slug}`);
    // The JSON block cannot be closed from inside.
    expect(html.split('</script>').length).toBeLessThanOrEqual(3);

    const json = await s.request({ method: 'GET', url: `/c/${id}.json` });
    expect(json.headers['content-type']).toMatch(/application\/ld\+json/);
    expect(json.json().id).toBe(`urn:uuid:${id}`);
  });

  it('offers no badge, certificate or social card for a revoked credential, and shows the published reason', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const { id } = (
      await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email: 'liz@example.org' } },
      })
    ).json();
    const revoked = await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${id}/revoke`,
      key: tenant.apiKey,
      payload: { reason: 'Awarded in error', reasonPublic: true },
    });
    expect(revoked.statusCode).toBe(200);
    const html = (await s.request({ method: 'GET', url: `/c/${id}`, headers: { accept: 'text/html' } })).body;
    const data = pageData(html);
    expect(data.props.downloads).toEqual([{ format: 'json', href: `/c/${id}.json` }]);
    expect(data.props.badgePath).toBeUndefined();
    expect(data.props.serverStatus).toBe('revoked');
    expect(html).toContain('The issuer has revoked this credential. Reason given: Awarded in error');
    expect(html).not.toContain('og:image');
  });

  it("speaks the reader's language: Accept-Language, then ?lang= (remembered in a cookie)", async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const { id } = (
      await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email: 'eva@example.org' } },
      })
    ).json();
    const spanish = await s.request({
      method: 'GET',
      url: `/c/${id}`,
      headers: { accept: 'text/html', 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain('Otorgada a');
    expect(spanish.body).toContain('<meta property="og:locale" content="es_ES">');
    expect(spanish.headers.vary).toMatch(/Accept-Language/);
    const chosen = await s.request({
      method: 'GET',
      url: `/c/${id}?lang=en`,
      headers: { accept: 'text/html', 'accept-language': 'es' },
    });
    expect(chosen.body).toContain('<html lang="en">');
    expect(chosen.cookies.find((cookie) => cookie.name === 'cairn_lang')?.value).toBe('en');
    const remembered = await s.request({
      method: 'GET',
      url: `/verify`,
      headers: { 'accept-language': 'es', cookie: 'cairn_lang=en' },
    });
    expect(remembered.body).toContain('Verify a credential');
    const verifier = await s.request({ method: 'GET', url: '/verify', headers: { 'accept-language': 'es' } });
    expect(verifier.body).toContain('Verificar una credencial');
    expect(pageData(verifier.body).page).toBe('verifier');
  });

  it('shows an issuer page with its active achievements, and the same as JSON', async () => {
    const s = server();
    const tenant = await issuingTenant(s, { achievementName: 'Unit 7: Arches' });
    const page = await s.request({ method: 'GET', url: `/i/${tenant.issuer.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Department of Stones');
    expect(page.body).toContain('Unit 7: Arches');
    expect(page.body).toContain(tenant.issuer.did);
    expect(page.body).toContain(
      `<link rel="canonical" href="http://localhost:3000/i/${tenant.issuer.slug}">`,
    );
    const json = await s.request({ method: 'GET', url: `/i/${tenant.issuer.slug}.json` });
    expect(json.json()).toMatchObject({
      id: tenant.issuer.did,
      type: 'Profile',
      name: 'Department of Stones',
      achievements: [expect.objectContaining({ name: 'Unit 7: Arches', achievementType: 'MicroCredential' })],
    });
    expect((await s.request({ method: 'GET', url: '/i/no-such-issuer' })).statusCode).toBe(404);
    expect((await s.request({ method: 'GET', url: `/i/${tenant.issuer.slug}/did.json` })).statusCode).toBe(
      200,
    );
  });

  it('serves the console from the built web app, and says so when it is not built', async () => {
    const s = server();
    const missing = await buildApp(s.ctx, { webRoot: join(tmpdir(), 'cairn-no-such-web-root') });
    const notBuilt = await missing.inject({ method: 'GET', url: '/console/credentials' });
    expect(notBuilt.statusCode).toBe(503);
    expect(notBuilt.body).toContain('npm run build');
    const home = await missing.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('<script type="module"');
    await missing.close();

    const root = mkdtempSync(join(tmpdir(), 'cairn-web-'));
    mkdirSync(join(root, '.vite'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'public-abc.js'), 'export {};');
    writeFileSync(
      join(root, '.vite', 'manifest.json'),
      JSON.stringify({
        'public-entry.tsx': {
          file: 'assets/public-abc.js',
          css: ['assets/style-1.css'],
          imports: ['_shared'],
        },
        _shared: { file: 'assets/shared-2.js' },
      }),
    );
    const built = await buildApp(s.ctx, { webRoot: root });
    const spa = await built.inject({ method: 'GET', url: '/console/achievements/new' });
    expect(spa.statusCode).toBe(200);
    expect(spa.body).toContain('<div id="root">');
    const verify = await built.inject({ method: 'GET', url: '/verify' });
    expect(verify.body).toContain('<script type="module" src="/assets/public-abc.js"></script>');
    expect(verify.body).toContain('<link rel="stylesheet" href="/assets/style-1.css">');
    expect(verify.body).toContain('<link rel="modulepreload" href="/assets/shared-2.js">');
    const asset = await built.inject({ method: 'GET', url: '/assets/public-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    await built.close();
  });

  it('fetches JSON for the browser verifier: its own documents in-process, others through the guarded fetch', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const own = await s.request({
      method: 'GET',
      url: `/api/v1/fetch?url=${encodeURIComponent(`http://localhost:3000/i/${tenant.issuer.slug}/did.json`)}`,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(tenant.issuer.did);
    expect(own.headers['cache-control']).toBe('no-store');

    for (const url of [
      'http://127.0.0.1:9/x',
      'https://10.0.0.1/did.json',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const blocked = await s.request({ method: 'GET', url: `/api/v1/fetch?url=${encodeURIComponent(url)}` });
      expect(blocked.statusCode, url).toBe(422);
      expect(blocked.json().code).toBe('FETCH_BLOCKED');
    }
    // This server's API is never reached through it, even at its own address.
    const api = await s.request({
      method: 'GET',
      url: `/api/v1/fetch?url=${encodeURIComponent('http://localhost:3000/api/v1/members')}`,
    });
    expect(api.statusCode).toBe(422);

    const answers: Record<string, Partial<FetchedResponse>> = {
      'https://issuer.example/did.json': {
        status: 200,
        contentType: 'application/did+json',
        body: new TextEncoder().encode('{"id":"did:web:issuer.example"}'),
      },
      'https://issuer.example/page': {
        status: 200,
        contentType: 'text/html',
        body: new TextEncoder().encode('<p>hi</p>'),
      },
      'https://issuer.example/missing': {
        status: 404,
        contentType: 'application/json',
        body: new TextEncoder().encode('{}'),
      },
      'https://issuer.example/broken': {
        status: 200,
        contentType: 'application/json',
        body: new TextEncoder().encode('{oops'),
      },
    };
    const fakeFetch: GuardedFetch = async (url) => ({
      url,
      headers: {},
      status: 0,
      body: new Uint8Array(),
      contentType: undefined,
      ...answers[url],
    });
    const app = await buildApp({ ...s.ctx, fetch: fakeFetch });
    const get = (url: string) =>
      app.inject({ method: 'GET', url: `/api/v1/fetch?url=${encodeURIComponent(url)}` });
    const remote = await get('https://issuer.example/did.json');
    expect(remote.statusCode).toBe(200);
    expect(remote.headers['content-type']).toMatch(/application\/did\+json/);
    expect(remote.json()).toEqual({ id: 'did:web:issuer.example' });
    expect((await get('https://issuer.example/page')).json()).toMatchObject({
      status: 502,
      code: 'FETCH_FAILED',
    });
    expect((await get('https://issuer.example/missing')).json().detail).toMatch(/HTTP 404/);
    expect((await get('https://issuer.example/broken')).json().detail).toMatch(/valid JSON/);
    await app.close();
  });
});
