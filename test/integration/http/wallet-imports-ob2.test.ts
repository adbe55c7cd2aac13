/**
 * Importing Open Badges 2.0 badges into the wallet, on both databases: a signed assertion baked into a
 * PNG, a hosted assertion's URL baked into an SVG, and a hosted assertion by its URL — each verified on
 * import by OB 2.0's own rules against a real issuer server on 127.0.0.1 (the server's guarded fetch is
 * allowed onto loopback, as a development server's would be); a revoked one keeps its "revoked" verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../../src/node/guarded-fetch.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { multipart } from '../../support/multipart.js';
import { bakeOb2Png, bakeOb2Svg, type Ob2Issuer, startOb2Issuer } from '../../support/ob2-issuer.js';
import { signedInLearner } from '../../support/wallet.js';

const EMAIL = 'ob2.learner@example.org';

for (const dialect of DIALECTS) {
  describe(`${dialect}: wallet imports of Open Badges 2.0`, () => {
    let server: TestServer;
    let issuer: Ob2Issuer;
    beforeAll(async () => {
      issuer = await startOb2Issuer();
      server = await startTestServer(dialect, {
        fetch: createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true }),
      });
    });
    afterAll(async () => {
      await server.app.close();
      await server.database.destroy();
      await issuer.close();
    });

    const upload = async (
      learner: Awaited<ReturnType<typeof signedInLearner>>,
      filename: string,
      contentType: string,
      content: Uint8Array | string,
    ) => {
      const body = multipart([{ name: 'file', filename, contentType, content }]);
      return learner.request({
        method: 'POST',
        url: '/api/v1/wallet/imports',
        payload: body.payload,
        headers: body.headers,
      });
    };

    it('a signed assertion baked in a PNG and a hosted one baked in an SVG import as valid', async () => {
      const learner = await signedInLearner(server, { emails: [EMAIL] });
      const fromPng = await upload(
        learner,
        'signed.png',
        'image/png',
        bakeOb2Png(await issuer.signed(EMAIL)),
      );
      expect(fromPng.statusCode, fromPng.body).toBe(201);
      expect(fromPng.json()).toMatchObject({ container: 'png', verified: true, verdict: 'valid' });
      expect(fromPng.json().report.format).toBe('ob2-signed');

      const hosted = issuer.hosted(EMAIL);
      const fromSvg = await upload(learner, 'hosted.svg', 'image/svg+xml', bakeOb2Svg(String(hosted.id)));
      expect(fromSvg.statusCode, fromSvg.body).toBe(201);
      expect(fromSvg.json()).toMatchObject({ container: 'svg', verified: true, verdict: 'valid' });
      expect(fromSvg.json().report.format).toBe('ob2-hosted');
      expect(fromSvg.json().name).toBeTruthy();
    });

    it('a hosted assertion by its URL imports; once the issuer revokes it, a new import says revoked', async () => {
      const learner = await signedInLearner(server, { emails: [`url.${EMAIL}`] });
      const hosted = issuer.hosted(`url.${EMAIL}`);
      const byUrl = await learner.request({
        method: 'POST',
        url: '/api/v1/wallet/imports',
        payload: { url: hosted.id },
      });
      expect(byUrl.statusCode, byUrl.body).toBe(201);
      expect(byUrl.json()).toMatchObject({ source: 'url', verified: true, verdict: 'valid' });

      issuer.revokeHosted(hosted, 'Awarded in error');
      const again = await learner.request({
        method: 'POST',
        url: '/api/v1/wallet/imports',
        payload: { url: hosted.id },
      });
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json()).toMatchObject({ verified: false, verdict: 'revoked' });
    });
  });
}
