/**
 * Badges, certificates and sharing over HTTP on both databases: the baked PNG and SVG and the PDF
 * certificate downloads round-trip (download → extract → verify through POST /api/v1/verify); their
 * content types and caching headers; the social card; the share links (LinkedIn with every field);
 * designs (save, preview, tenant isolation) and a malicious uploaded SVG neutralized in every output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { extractCredential } from '../../../src/core/baking/index.js';
import { updateAchievement } from '../../../src/storage/achievements.repository.js';
import { updateCredentialStatus } from '../../../src/storage/credentials.repository.js';
import { insertImage } from '../../../src/storage/images.repository.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { pdfFirstPage, pdfText } from '../../support/pdf.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';

const MALICIOUS_SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 100 100">
<script>alert('x')</script><image xlink:href="https://evil.example/track.png" width="10" height="10"/>
<a href="javascript:alert(2)"><circle cx="50" cy="50" r="45" fill="#2a9d8f"/></a>
<rect width="10" height="10" fill="url(https://evil.example/p#x)" onclick="alert(3)"/></svg>`;

const save = (name: string, bytes: Uint8Array | string) => {
  mkdirSync('test-results/renders', { recursive: true });
  writeFileSync(`test-results/renders/${name}`, bytes);
};

async function issue(s: TestServer, tenant: IssuingTenant, name = 'Zoë Ångström-Dvořák') {
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key: tenant.apiKey,
    payload: {
      achievementId: tenant.achievementId,
      recipient: { email: `learner-${Math.random().toString(36).slice(2)}@example.org`, name },
      validUntil: '2036-02-01T00:00:00Z',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; url: string; credential: Record<string, unknown> };
}

async function verifyUpload(s: TestServer, bytes: Uint8Array, filename: string, type: string) {
  const boundary = '----cairn-rendering';
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/verify',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      Buffer.from(bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    verified: boolean;
    container?: string;
    checks: { check: string; status: string }[];
  };
}

forEachServer('badges, certificates and sharing', (server) => {
  it('serves the baked PNG and SVG and the PDF certificate; each round-trips through extract and verify', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issue(s, tenant);
    const signed = JSON.stringify(issued.credential);
    const downloads = [
      { suffix: '.png', type: 'image/png' },
      { suffix: '.svg', type: 'image/svg+xml; charset=utf-8' },
      { suffix: '.pdf', type: 'application/pdf' },
    ];
    for (const { suffix, type } of downloads) {
      const response = await s.request({ method: 'GET', url: `/c/${issued.id}${suffix}` });
      expect(response.statusCode, `${suffix}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(response.headers['content-disposition']).toMatch(
        /^inline; filename="Unit-1-Balance\.(png|svg|pdf)"$/,
      );
      const etag = response.headers.etag as string;
      expect(etag).toMatch(/^"(png|svg|pdf)-[\w-]+"$/);
      const bytes = new Uint8Array(response.rawPayload);
      save(`http-${s.dialect}${suffix}`, bytes);

      // The credential inside is the one issued, byte for byte, and it verifies.
      const extracted = extractCredential(bytes);
      expect(JSON.parse(extracted.text)).toEqual(issued.credential);
      expect(extracted.text).toBe(signed);
      const report = await verifyUpload(s, bytes, `credential${suffix}`, type);
      expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
      expect(report.verified).toBe(true);
      expect(report.container).toBe(suffix.slice(1));

      // Cached: the same ETag again, and 304 for a conditional request.
      const again = await s.request({
        method: 'GET',
        url: `/c/${issued.id}${suffix}`,
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(etag);
    }
    const svg = (await s.request({ method: 'GET', url: `/c/${issued.id}.svg` })).body;
    expect(svg).toContain('<title id="badge-title">Unit 1: Balance</title>');
    expect(svg).toContain('<desc id="badge-desc">Stack three stones that stay up.</desc>');
    const svgResponse = await s.request({ method: 'GET', url: `/c/${issued.id}.svg` });
    expect(svgResponse.headers['content-security-policy']).toBe(
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    );
    // .json keeps working beside the new suffixes.
    const json = await s.request({ method: 'GET', url: `/c/${issued.id}.json` });
    expect(json.body).toBe(signed);
  });

  it("prints the learner's name, the achievement, the dates and a QR code to the page in the PDF", async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    for (const name of [
      'Zoë Ångström-Dvořák',
      'Αλέξανδρος Παπαδόπουλος',
      'Анна Каренина',
      '山田 太郎',
      'محمد علي',
    ]) {
      const issued = await issue(s, tenant, name);
      const pdf = new Uint8Array((await s.request({ method: 'GET', url: `/c/${issued.id}.pdf` })).rawPayload);
      const text = (await pdfText(pdf)).replace(/\p{Cc}/gu, '');
      expect(text).toContain(name);
      expect(text).toContain('Unit 1: Balance');
      expect(text).toContain('Department of Stones');
      expect(text).toContain('Valid until 1 February 2036');
      expect(text).toContain(`urn:uuid:${issued.id}`);
      expect((await pdfFirstPage(pdf)).qr).toBe(issued.url);
    }
  });

  it('serves the social card and points the page at it; withdraws downloads of a revoked credential', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issue(s, tenant);
    const card = await s.request({ method: 'GET', url: `/c/${issued.id}/og.png` });
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('image/png');
    expect(card.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    const png = new Uint8Array(card.rawPayload);
    save(`http-${s.dialect}-og.png`, png);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([1200, 630]);

    const page = await s.request({ method: 'GET', url: `/c/${issued.id}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain(`<meta property="og:image" content="${issued.url}/og.png">`);
    expect(page.body).toContain(
      `<img src="${issued.url}.png" width="200" height="200" alt="Unit 1: Balance: Stack three stones that stay up.">`,
    );

    await updateCredentialStatus(s.ctx.db, tenant.organization.id, issued.id, 'revoked', { reason: 'test' });
    for (const path of ['.png', '.svg', '.pdf', '/og.png']) {
      expect((await s.request({ method: 'GET', url: `/c/${issued.id}${path}` })).statusCode).toBe(404);
    }
    expect((await s.request({ method: 'GET', url: `/c/${issued.id}.json` })).statusCode).toBe(200);
    expect((await s.request({ method: 'GET', url: '/c/no-such-credential.pdf' })).statusCode).toBe(404);
  });

  it('gives share links: the LinkedIn URL carries every field, by organization id once the issuer has one', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issue(s, tenant);
    const share = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${issued.id}/share`,
      key: tenant.apiKey,
    });
    expect(share.statusCode, share.body).toBe(200);
    const body = share.json();
    expect(body.url).toBe(issued.url);
    expect(body.downloads).toEqual({
      json: `${issued.url}.json`,
      png: `${issued.url}.png`,
      svg: `${issued.url}.svg`,
      pdf: `${issued.url}.pdf`,
    });
    expect(body.socialImage).toBe(`${issued.url}/og.png`);
    expect(body.embedHtml).toBe(
      `<a href="${issued.url}" target="_blank" rel="noopener" title="Verify: Unit 1: Balance, issued by Department of Stones"><img src="${issued.url}.png" alt="Unit 1: Balance, issued by Department of Stones" width="150" height="150" style="border:0"></a>`,
    );
    const issuedAt = new Date(issued.credential.validFrom as string);
    const linkedin = new URL(body.linkedin);
    expect(`${linkedin.origin}${linkedin.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedin.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Unit 1: Balance',
      organizationName: 'Department of Stones',
      issueYear: String(issuedAt.getUTCFullYear()),
      issueMonth: String(issuedAt.getUTCMonth() + 1),
      expirationYear: '2036',
      expirationMonth: '2',
      certUrl: issued.url,
      certId: issued.id,
    });

    const patched = await s.request({
      method: 'PATCH',
      url: `/api/v1/issuers/${tenant.issuer.id}`,
      key: tenant.apiKey,
      payload: { linkedinOrganizationId: '2414183' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().linkedinOrganizationId).toBe('2414183');
    const bad = await s.request({
      method: 'PATCH',
      url: `/api/v1/issuers/${tenant.issuer.id}`,
      key: tenant.apiKey,
      payload: { linkedinOrganizationId: 'acme' },
    });
    expect(bad.statusCode).toBe(400);
    const again = new URL(
      (
        await s.request({ method: 'GET', url: `/api/v1/credentials/${issued.id}/share`, key: tenant.apiKey })
      ).json().linkedin,
    );
    expect(again.searchParams.get('organizationId')).toBe('2414183');
    expect(again.searchParams.has('organizationName')).toBe(false);

    const other = await issuingTenant(s);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/credentials/${issued.id}/share`, key: other.apiKey }))
        .statusCode,
    ).toBe(404);
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/credentials/${issued.id}/share` })).statusCode,
    ).toBe(401);
  });

  it('saves a design, which changes the badge (and its ETag); previews without saving; stays in its organization', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issue(s, tenant);
    const url = `/api/v1/achievements/${tenant.achievementId}/design`;
    const initial = await s.request({ method: 'GET', url, key: tenant.apiKey });
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json()).toMatchObject({
      achievementId: tenant.achievementId,
      badge: null,
      certificate: null,
      effective: { badge: { shape: 'circle' }, certificate: { layout: 'certificate', paper: 'A4' } },
      updatedAt: null,
    });
    const before = await s.request({ method: 'GET', url: `/c/${issued.id}.png` });

    const design = {
      badge: {
        shape: 'hexagon',
        icon: 'trophy',
        colors: { background: '#2A9D8F' },
        textLines: ['Balance', 'Level 1'],
      },
      certificate: {
        layout: 'diploma',
        paper: 'Letter',
        colors: { primary: '#7B2CBF' },
        signatures: [{ name: 'Grace Hopper', title: 'Dean of Stones' }],
      },
    };
    const saved = await s.request({ method: 'PUT', url, key: tenant.apiKey, payload: design });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ...design, effective: { badge: { shape: 'hexagon' } } });
    expect((await s.request({ method: 'GET', url, key: tenant.apiKey })).json()).toMatchObject(design);

    const after = await s.request({ method: 'GET', url: `/c/${issued.id}.png` });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(Buffer.compare(after.rawPayload, before.rawPayload)).not.toBe(0);
    save(`http-${s.dialect}-designed.png`, new Uint8Array(after.rawPayload));
    const pdf = new Uint8Array((await s.request({ method: 'GET', url: `/c/${issued.id}.pdf` })).rawPayload);
    const page = await pdfFirstPage(pdf);
    expect([Math.round(page.width), Math.round(page.height)]).toEqual([612, 792]);
    expect(await pdfText(pdf)).toContain('Grace Hopper');
    save(`http-${s.dialect}-diploma.pdf`, pdf);

    // Only the part sent changes; null resets it.
    const reset = await s.request({ method: 'PUT', url, key: tenant.apiKey, payload: { certificate: null } });
    expect(reset.json()).toMatchObject({ badge: design.badge, certificate: null });

    const previewSvg = await s.request({
      method: 'POST',
      url: '/api/v1/designs/preview',
      key: tenant.apiKey,
      payload: {
        kind: 'badge',
        achievementId: tenant.achievementId,
        badge: { shape: 'ribbon', icon: 'star' },
      },
    });
    expect(previewSvg.statusCode, previewSvg.body).toBe(200);
    expect(previewSvg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(previewSvg.body).toContain('<title id="badge-title">Unit 1: Balance</title>');
    const previewPng = await s.request({
      method: 'POST',
      url: '/api/v1/designs/preview',
      key: tenant.apiKey,
      payload: { kind: 'badge', format: 'png', badge: { shape: 'square' } },
    });
    expect(previewPng.headers['content-type']).toBe('image/png');
    const previewPdf = await s.request({
      method: 'POST',
      url: '/api/v1/designs/preview',
      key: tenant.apiKey,
      payload: {
        kind: 'certificate',
        achievementId: tenant.achievementId,
        certificate: { layout: 'certificate' },
      },
    });
    expect(previewPdf.headers['content-type']).toBe('application/pdf');
    const previewBytes = new Uint8Array(previewPdf.rawPayload);
    expect(await pdfText(previewBytes)).toContain('PREVIEW');
    expect(() => extractCredential(previewBytes)).toThrow(
      expect.objectContaining({ code: 'PDF_NO_CREDENTIAL' }),
    );
    save(`http-${s.dialect}-preview.pdf`, previewBytes);
    // Previews save nothing.
    expect((await s.request({ method: 'GET', url, key: tenant.apiKey })).json().badge).toEqual(design.badge);

    const bad = await s.request({
      method: 'PUT',
      url,
      key: tenant.apiKey,
      payload: { badge: { shape: 'star' } },
    });
    expect(bad.statusCode).toBe(400);

    const other = await issuingTenant(s);
    const foreignImage = await insertImage(s.ctx.db, {
      organization_id: other.organization.id,
      media_type: 'image/png',
      bytes: new Uint8Array(after.rawPayload),
    });
    const stolen = await s.request({
      method: 'PUT',
      url,
      key: tenant.apiKey,
      payload: { badge: { imageId: foreignImage.id } },
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().code).toBe('INVALID_INPUT');
    expect((await s.request({ method: 'GET', url, key: other.apiKey })).statusCode).toBe(404);
    expect((await s.request({ method: 'PUT', url, key: other.apiKey, payload: design })).statusCode).toBe(
      404,
    );
  });

  it('neutralizes a malicious uploaded SVG: as the achievement image and inside a design', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const image = await insertImage(s.ctx.db, {
      organization_id: tenant.organization.id,
      media_type: 'image/svg+xml',
      bytes: new TextEncoder().encode(MALICIOUS_SVG),
    });
    await updateAchievement(s.ctx.db, tenant.organization.id, tenant.achievementId, { image_id: image.id });
    const issued = await issue(s, tenant);
    const svg = await s.request({ method: 'GET', url: `/c/${issued.id}.svg` });
    expect(svg.statusCode, svg.body).toBe(200);
    expect(svg.body).toContain('<circle cx="50" cy="50" r="45" fill="#2a9d8f"/>');
    expect(svg.body).not.toMatch(/<script|onload|onclick|javascript:|evil\.example/i);
    expect(extractCredential(new Uint8Array(svg.rawPayload)).text).toBe(JSON.stringify(issued.credential));
    const png = await s.request({ method: 'GET', url: `/c/${issued.id}.png` });
    expect(png.statusCode).toBe(200);

    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(MALICIOUS_SVG).toString('base64')}`;
    const preview = await s.request({
      method: 'POST',
      url: '/api/v1/designs/preview',
      key: tenant.apiKey,
      payload: { kind: 'badge', badge: { shape: 'shield', imageDataUrl: dataUrl } },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const inner = Buffer.from(
      /data:image\/svg\+xml;base64,([^"]+)/.exec(preview.body)?.[1] ?? '',
      'base64',
    ).toString();
    expect(inner).toContain('<circle');
    expect(`${preview.body}${inner}`).not.toMatch(/<script|onload|onclick|javascript:|evil\.example/i);
  });

  it('reports a damaged PDF upload as a problem, not a crash', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issue(s, tenant);
    const pdf = new Uint8Array((await s.request({ method: 'GET', url: `/c/${issued.id}.pdf` })).rawPayload);
    const boundary = '----cairn-damaged';
    const response = await s.request({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        Buffer.from(pdf.subarray(0, 2000)),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toMatch(/^PDF_(INVALID|NO_CREDENTIAL)$/);
  });
});
