/**
 * Importing into the wallet on both databases: Open Badges 3.0 credentials made by other tools —
 * @digitalbazaar/vc (Data Integrity, as JSON, pasted, uploaded, and baked into a PNG) and jose (VC-JWT) —
 * verified on import and shown with their verdict; a tampered one keeps its "tampered" verdict; a URL
 * goes through the SSRF guard; imports are per account and can be deleted.
 */
import { expect, it } from 'vitest';
import { bakePng } from '../../../src/core/baking/png.js';
import { exportKeyFile } from '../../../src/core/keys/key-pair.js';
import { readFixtureJson } from '../../support/fixtures.js';
import { forEachServer } from '../../support/http.js';
import { multipart } from '../../support/multipart.js';
import { makePng } from '../../support/png-fixtures.js';
import { joseSignVcJwt, referenceSign } from '../../support/reference-stack.js';
import { issuedBy, newKeyPair } from '../../support/signing.js';
import { signedInLearner } from '../../support/wallet.js';

const example = () => readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');

async function referenceCredential(): Promise<Record<string, unknown>> {
  const keyPair = await newKeyPair();
  return referenceSign(issuedBy(example(), keyPair), exportKeyFile(keyPair), 'eddsa-rdfc-2022');
}

forEachServer('wallet imports', (server) => {
  it('imports a @digitalbazaar/vc credential as JSON and pasted text: verified, named, listed', async () => {
    const s = server();
    const learner = await signedInLearner(s, { emails: ['importer@example.org'] });
    const signed = await referenceCredential();
    const asJson = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { credential: signed },
    });
    expect(asJson.statusCode, asJson.body).toBe(201);
    expect(asJson.json()).toMatchObject({
      source: 'paste',
      container: 'json',
      verified: true,
      verdict: 'valid',
      // What the card shows: the achievement's name.
      name: (signed.credentialSubject as { achievement: { name: string } }).achievement.name,
    });
    const pasted = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { text: `  ${JSON.stringify(signed, null, 2)}\n` },
    });
    expect(pasted.json()).toMatchObject({ verified: true, container: 'json' });
    const list = (await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items;
    expect(list).toHaveLength(2);
    expect(list[0].report.checks.every((check: { status: string }) => check.status === 'passed')).toBe(true);
  });

  it('imports a VC-JWT signed by jose, and a baked PNG upload; a tampered credential keeps its verdict', async () => {
    const s = server();
    const learner = await signedInLearner(s, { emails: ['jwt@example.org'] });
    const keyPair = await newKeyPair('P-256');
    const credential = issuedBy(example(), keyPair);
    const jwt = await joseSignVcJwt(credential, keyPair);
    const fromJwt = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { jwt },
    });
    expect(fromJwt.statusCode, fromJwt.body).toBe(201);
    expect(fromJwt.json()).toMatchObject({ container: 'jwt', verified: true, verdict: 'valid' });

    const signed = await referenceCredential();
    const baked = bakePng(makePng(), JSON.stringify(signed));
    const upload = multipart([
      { name: 'file', filename: 'badge.png', contentType: 'image/png', content: baked },
    ]);
    const fromPng = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: upload.payload,
      headers: upload.headers,
    });
    expect(fromPng.statusCode, fromPng.body).toBe(201);
    expect(fromPng.json()).toMatchObject({
      source: 'file',
      container: 'png',
      verified: true,
      verdict: 'valid',
    });

    const tampered = { ...signed, name: `${String(signed.name)}!` };
    const bad = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { credential: tampered },
    });
    expect(bad.statusCode).toBe(201);
    expect(bad.json()).toMatchObject({ verified: false, verdict: 'tampered' });
    // The export carries the uploaded file as it was given.
    const bundle = (await learner.request({ method: 'GET', url: '/api/v1/wallet/export' })).json();
    const png = bundle.imports.find((item: { container: string }) => item.container === 'png');
    expect(Buffer.from(png.file, 'base64').equals(Buffer.from(baked))).toBe(true);
  });

  it('fetches a URL only through the SSRF guard; refuses what is not a credential; deletes per account', async () => {
    const s = server();
    const learner = await signedInLearner(s, { emails: ['url@example.org'] });
    const blocked = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { url: 'http://127.0.0.1:1/credential.json' },
    });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('FETCH_BLOCKED');
    const unreadable = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { text: 'hello' },
    });
    expect(unreadable.json().code).toBe('UNREADABLE_INPUT');
    const empty = await learner.request({ method: 'POST', url: '/api/v1/wallet/imports', payload: {} });
    expect(empty.json().code).toBe('INVALID_INPUT');

    const made = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { credential: await referenceCredential() },
    });
    const id = made.json().id;
    const other = await signedInLearner(s, { emails: ['other-importer@example.org'] });
    expect((await other.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items).toEqual([]);
    expect((await other.request({ method: 'DELETE', url: `/api/v1/wallet/imports/${id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await learner.request({ method: 'DELETE', url: `/api/v1/wallet/imports/${id}` })).statusCode,
    ).toBe(204);
    expect((await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items).toEqual(
      [],
    );
  });
});
