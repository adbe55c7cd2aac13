/**
 * Image uploads and serving over HTTP on both databases: PNGs checked by their bytes, SVGs sanitized
 * (and served sanitized, with headers that keep them inert), limits and types refused with the right
 * codes, immutable caching, roles.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { forEachServer, TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { multipart } from '../../support/multipart.js';
import {
  chunk,
  concat,
  ihdrData,
  iTxtChunk,
  listChunks,
  makePng,
  PNG_SIGNATURE,
} from '../../support/png-fixtures.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const svg = (body: string, rootAttributes = '') =>
  `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${rootAttributes}>${body}</svg>`;

/** Hostile SVGs that must come out harmless (each is also covered, with more, by the sanitizer's unit tests). */
const HOSTILE: Record<string, string> = {
  'script element': svg('<script>alert(1)</script><circle r="4"/>'),
  'onload attribute': svg('<circle r="4"/>', ' onload="alert(1)"'),
  'javascript: href': svg('<a href="javascript:alert(1)"><circle r="4"/></a>'),
  'external href': svg('<a href="https://evil.example/"><circle r="4"/></a>'),
  'xlink:href to http': svg('<image xlink:href="http://evil.example/track.png" width="4"/>'),
  'foreignObject with HTML': svg(
    '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>',
  ),
  'CSS url(http…)': svg(
    '<style>circle{fill:url(http://evil.example/x.svg#p)}</style><circle r="4" style="fill:url(https://evil.example/y)"/>',
  ),
  '<use href="http://…">': svg('<use href="http://evil.example/sprite.svg#a"/>'),
  'data:text/html href': svg(
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><circle r="4"/></a>',
  ),
  'mixed case <ScRiPt> and oNlOaD': svg('<ScRiPt>alert(1)</ScRiPt><circle oNlOaD="alert(1)" r="4"/>'),
  'namespace tricks': svg(
    `<x:script xmlns:x="${SVG_NS}">alert(1)</x:script><a y:href="javascript:alert(1)" xmlns:y="http://www.w3.org/1999/xlink"><circle r="4"/></a>`,
  ),
  'animation rewriting an href': svg(
    '<a href="#c"><set attributeName="href" to="javascript:alert(1)"/><circle id="c" r="4"/></a>',
  ),
  'xml-stylesheet PI': `<?xml-stylesheet href="https://evil.example/x.css"?>${svg('<circle r="4"/>')}`,
};

const SERVED_DANGER =
  /<\s*[\w:]*(?:script|foreignObject|iframe|set|animate)\b|\son\w+\s*=|javascript:|evil\.example|data:text|<\?|<!/i;

async function upload(
  server: TestServer,
  key: string,
  content: Uint8Array | string,
  how: { contentType?: string; multipart?: boolean; filename?: string } = {},
) {
  if (how.multipart) {
    const body = multipart([
      {
        name: 'file',
        filename: how.filename ?? 'badge',
        ...(how.contentType ? { contentType: how.contentType } : {}),
        content,
      },
    ]);
    return server.request({
      method: 'POST',
      url: '/api/v1/images',
      key,
      headers: body.headers,
      payload: body.payload,
    });
  }
  return server.request({
    method: 'POST',
    url: '/api/v1/images',
    key,
    headers: how.contentType ? { 'content-type': how.contentType } : {},
    payload: Buffer.from(content),
  });
}

function pngOfSize(width: number, height: number): Uint8Array {
  return concat(PNG_SIGNATURE, chunk('IHDR', ihdrData(width, height)), makePng().subarray(8 + 25));
}

forEachServer('images API', (server) => {
  it('uploads a PNG as the raw body; serves it immutable, with its ETag and a CSP that runs nothing', async () => {
    const s = server();
    const org = await s.newOrganization();
    const png = makePng([iTxtChunk('openbadgecredential', '{"id":"urn:uuid:1"}')]);
    const answer = await upload(s, org.apiKey, png, { contentType: 'image/png' });
    expect(answer.statusCode).toBe(201);
    const body = answer.json();
    expect(listChunks(png).map((c) => c.type)).toContain('iTXt');
    expect(body).toMatchObject({
      url: `${TEST_PUBLIC_URL}/images/${body.id}`,
      mediaType: 'image/png',
      removed: ['PNG iTXt chunk'],
    });

    const served = await s.request({ method: 'GET', url: `/images/${body.id}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'");
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers.etag).toBe(`"${body.sha256}"`);
    const bytes = new Uint8Array(served.rawPayload);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(body.sha256);
    expect(body.size).toBe(bytes.length);
    expect(listChunks(bytes).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);

    const again = await s.request({
      method: 'GET',
      url: `/images/${body.id}`,
      headers: { 'if-none-match': `"${body.sha256}"` },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const head = await s.request({ method: 'HEAD', url: `/images/${body.id}` });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(`"${body.sha256}"`);
    expect((await s.request({ method: 'GET', url: '/images/nothing-here' })).statusCode).toBe(404);

    const log = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('organization_id', '=', org.organization.id)
      .where('action', '=', 'image.upload')
      .execute();
    expect(log).toEqual([{ action: 'image.upload', target_id: body.id }]);
  });

  it('uploads as a multipart file; the same bytes again give the same image (200); another organization gets its own', async () => {
    const s = server();
    const a = await s.newOrganization();
    const b = await s.newOrganization();
    const png = makePng([chunk('pHYs', new Uint8Array(9))]);
    const first = await upload(s, a.apiKey, png, {
      multipart: true,
      contentType: 'image/png',
      filename: 'b.png',
    });
    expect(first.statusCode).toBe(201);
    const second = await upload(s, a.apiKey, png, {
      multipart: true,
      contentType: 'application/octet-stream',
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const other = await upload(s, b.apiKey, png, { contentType: 'image/png' });
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
    expect(other.json().sha256).toBe(first.json().sha256);
  });

  for (const [name, source] of Object.entries(HOSTILE)) {
    it(`SVG: ${name} is neutralized, and the served image contains none of it`, async () => {
      const s = server();
      const org = await s.newOrganization();
      const answer = await upload(s, org.apiKey, source, { multipart: true, contentType: 'image/svg+xml' });
      expect(answer.statusCode, answer.body).toBe(201);
      const body = answer.json();
      expect(body.mediaType).toBe('image/svg+xml');
      expect(body.removed.length).toBeGreaterThan(0);
      const served = await s.request({ method: 'GET', url: `/images/${body.id}` });
      expect(served.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.body.startsWith(`<svg xmlns="${SVG_NS}"`)).toBe(true);
      expect(served.body).not.toMatch(SERVED_DANGER);
      expect(served.body).not.toBe(source);
    });
  }

  it('SVG: a clean drawing keeps its shapes; raw uploads and a generic content type work too', async () => {
    const s = server();
    const org = await s.newOrganization();
    const source = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><circle r="4" fill="url(#g)"/>',
    );
    const raw = await upload(s, org.apiKey, source, { contentType: 'image/svg+xml; charset=utf-8' });
    expect(raw.statusCode).toBe(201);
    expect(raw.json().removed).toEqual([]);
    const served = await s.request({ method: 'GET', url: `/images/${raw.json().id}` });
    expect(served.body).toContain('<circle r="4" fill="url(#g)"/>');
    const sniffed = await upload(s, org.apiKey, svg('<rect width="1"/>'), {
      contentType: 'application/octet-stream',
    });
    expect(sniffed.statusCode).toBe(201);
    expect(sniffed.json().mediaType).toBe('image/svg+xml');
  });

  it('SVG: entities, DOCTYPE subsets and malformed XML are refused with IMAGE_INVALID', async () => {
    const s = server();
    const org = await s.newOrganization();
    const bad = [
      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${svg('<text>&b;</text>')}`,
      `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg('<text>&xxe;</text>')}`,
      `<svg xmlns="${SVG_NS}"><g></svg>`,
      '<html><script>alert(1)</script></html>',
      new Uint8Array([0xfe, 0xff, 0x00, 0x3c]),
    ];
    for (const content of bad) {
      const answer = await upload(s, org.apiKey, content, { contentType: 'image/svg+xml' });
      expect(answer.statusCode, String(content)).toBe(422);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.json().code).toBe('IMAGE_INVALID');
    }
  });

  it('refuses other types (415), bytes that are not what was declared or damaged (422), and oversize files (413)', async () => {
    const s = server();
    const org = await s.newOrganization();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    const gif = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000');
    const cases: {
      content: Uint8Array | string;
      how: Parameters<typeof upload>[3];
      status: number;
      code: string;
    }[] = [
      { content: jpeg, how: { contentType: 'image/jpeg' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        content: jpeg,
        how: { contentType: 'application/octet-stream' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        content: gif,
        how: { multipart: true, contentType: 'image/gif' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      { content: 'hello', how: { contentType: 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        content: '{"png":true}',
        how: { contentType: 'application/json' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      { content: 'x', how: { contentType: 'application/pdf' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { content: svg(''), how: { contentType: 'image/png' }, status: 422, code: 'IMAGE_INVALID' },
      { content: makePng(), how: { contentType: 'image/svg+xml' }, status: 422, code: 'IMAGE_INVALID' },
      {
        content: makePng().subarray(0, 40),
        how: { contentType: 'image/png' },
        status: 422,
        code: 'IMAGE_INVALID',
      },
      { content: pngOfSize(5000, 10), how: { contentType: 'image/png' }, status: 422, code: 'IMAGE_INVALID' },
      {
        content: new Uint8Array([1, 2, 3, 4]),
        how: { contentType: 'application/octet-stream' },
        status: 422,
        code: 'IMAGE_INVALID',
      },
    ];
    for (const { content, how, status, code } of cases) {
      const answer = await upload(s, org.apiKey, content, how);
      expect(answer.statusCode, `${JSON.stringify(how)}: ${answer.body}`).toBe(status);
      expect(answer.json().code).toBe(code);
    }

    const hugePng = concat(
      makePng().subarray(0, 33),
      chunk('zzZz', new Uint8Array(2 * 1024 * 1024)),
      makePng().subarray(33),
    );
    for (const how of [{ contentType: 'image/png' }, { multipart: true, contentType: 'image/png' }]) {
      const answer = await upload(s, org.apiKey, hugePng, how);
      expect(answer.statusCode, JSON.stringify(how)).toBe(413);
      expect(answer.json().code).toBe('PAYLOAD_TOO_LARGE');
    }
    const bigSvg = svg(`<desc>${'x'.repeat(1024 * 1024)}</desc>`);
    const answer = await upload(s, org.apiKey, bigSvg, { contentType: 'image/svg+xml' });
    expect(answer.statusCode).toBe(413);
    expect(answer.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect(answer.json().detail).toMatch(/1 MiB/);
    const empty = await s.request({
      method: 'POST',
      url: '/api/v1/images',
      key: org.apiKey,
      ...multipart([{ name: 'note', content: 'no file here' }]),
    });
    expect(empty.statusCode).toBe(400);
  });

  it('needs the issuer role to upload; anyone may read', async () => {
    const s = server();
    const org = await s.newOrganization();
    const viewer = (
      await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: org.apiKey,
        payload: { name: 'v', role: 'viewer' },
      })
    ).json().key;
    const forbidden = await upload(s, viewer, makePng(), { contentType: 'image/png' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('FORBIDDEN');
    const anonymous = await upload(s, '', makePng(), { contentType: 'image/png' });
    expect(anonymous.statusCode).toBe(401);
    const issuer = (
      await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: org.apiKey,
        payload: { name: 'i', role: 'issuer' },
      })
    ).json().key;
    const created = await upload(s, issuer, makePng(), { contentType: 'image/png' });
    expect(created.statusCode).toBe(201);
    expect((await s.request({ method: 'GET', url: `/images/${created.json().id}` })).statusCode).toBe(200);
  });
});
