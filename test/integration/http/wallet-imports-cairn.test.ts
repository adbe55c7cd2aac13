/**
 * Wallet imports of the files a Cairn credential page offers, on both databases: the baked SVG
 * (`/c/{id}.svg`) and the PDF certificate (`/c/{id}.pdf`, the credential attached) are imported as
 * uploads, verified (the issuer's did:web and status list resolved by this server) and listed with their
 * names. The same files with the credential altered are not verified (verdict "tampered", as the wallet
 * keeps every import with its verdict), and a file that is not a readable SVG or PDF is refused.
 */
import { PDFDocument } from 'pdf-lib';
import { expect, it } from 'vitest';
import { extractCredential } from '../../../src/core/baking/extract.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { multipart } from '../../support/multipart.js';
import { issueTo, issuingTenant } from '../../support/tenant.js';
import { signedInLearner, type WalletClient } from '../../support/wallet.js';

async function upload(learner: WalletClient, filename: string, contentType: string, content: Uint8Array) {
  const form = multipart([{ name: 'file', filename, contentType, content }]);
  return await learner.request({
    method: 'POST',
    url: '/api/v1/wallet/imports',
    payload: form.payload,
    headers: form.headers,
  });
}

async function download(s: TestServer, path: string): Promise<Uint8Array> {
  const response = await s.request({ method: 'GET', url: path });
  expect(response.statusCode, path).toBe(200);
  return new Uint8Array(response.rawPayload);
}

/** A PDF carrying this credential text as its `credential.json` attachment, as Cairn's PDFs do. */
async function pdfCarrying(credentialText: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  await doc.attach(new TextEncoder().encode(credentialText), 'credential.json', {
    mimeType: 'application/vc+ld+json',
    description: 'The credential',
  });
  return await doc.save();
}

forEachServer('wallet imports of Cairn SVG and PDF', (server) => {
  it("imports a Cairn credential's baked SVG and its PDF: verified and listed", async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issueTo(s, tenant, 'files@example.org', { notify: false });
    const learner = await signedInLearner(s, { emails: ['files@example.org'] });
    const name = (issued.credential.credentialSubject as { achievement: { name: string } }).achievement.name;

    const svg = await download(s, `/c/${issued.id}.svg`);
    const fromSvg = await upload(learner, 'badge.svg', 'image/svg+xml', svg);
    expect(fromSvg.statusCode, fromSvg.body).toBe(201);
    expect(fromSvg.json()).toMatchObject({
      source: 'file',
      container: 'svg',
      verified: true,
      verdict: 'valid',
      name,
    });

    const pdf = await download(s, `/c/${issued.id}.pdf`);
    const fromPdf = await upload(learner, 'certificate.pdf', 'application/pdf', pdf);
    expect(fromPdf.statusCode, fromPdf.body).toBe(201);
    expect(fromPdf.json()).toMatchObject({ container: 'pdf', verified: true, verdict: 'valid', name });

    const list = (await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items as {
      id: string;
      container: string;
      verified: boolean;
    }[];
    expect(list.map((item) => [item.container, item.verified])).toEqual([
      ['pdf', true],
      ['svg', true],
    ]);
    // The credential inside each is the one issued, byte for byte.
    expect(extractCredential(svg).text).toBe(extractCredential(pdf).text);
  });

  it('the same files with the credential altered are not verified; unreadable files are refused', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued = await issueTo(s, tenant, 'forger@example.org', { notify: false });
    const learner = await signedInLearner(s, { emails: ['forger@example.org'] });
    const original = extractCredential(await download(s, `/c/${issued.id}.pdf`)).text;
    const forged = original.replace('Unit 1: Balance', 'Unit 9: Balance');
    expect(forged).not.toBe(original);

    const svgText = new TextDecoder().decode(await download(s, `/c/${issued.id}.svg`));
    expect(svgText).toContain(original);
    const badSvg = await upload(
      learner,
      'badge.svg',
      'image/svg+xml',
      new TextEncoder().encode(svgText.replace(original, forged)),
    );
    expect(badSvg.statusCode, badSvg.body).toBe(201);
    expect(badSvg.json()).toMatchObject({ container: 'svg', verified: false, verdict: 'tampered' });

    const badPdf = await upload(learner, 'certificate.pdf', 'application/pdf', await pdfCarrying(forged));
    expect(badPdf.statusCode, badPdf.body).toBe(201);
    expect(badPdf.json()).toMatchObject({ container: 'pdf', verified: false, verdict: 'tampered' });
    // The untouched text in the same kind of PDF does verify: the forgery, not the container, failed.
    const goodPdf = await upload(learner, 'certificate.pdf', 'application/pdf', await pdfCarrying(original));
    expect(goodPdf.json()).toMatchObject({ verified: true, verdict: 'valid' });

    const pdf = await download(s, `/c/${issued.id}.pdf`);
    const truncated = await upload(learner, 'broken.pdf', 'application/pdf', pdf.slice(0, 400));
    expect(truncated.statusCode).toBe(422);
    expect(truncated.headers['content-type']).toContain('application/problem+json');
    const cut = await upload(
      learner,
      'broken.svg',
      'image/svg+xml',
      new TextEncoder().encode(svgText.slice(0, svgText.length / 2)),
    );
    expect(cut.statusCode).toBe(422);
    expect(cut.headers['content-type']).toContain('application/problem+json');
    const listed = (await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items;
    expect(listed).toHaveLength(3);
  });
});
