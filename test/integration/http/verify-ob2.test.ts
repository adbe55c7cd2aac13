/**
 * Open Badges 2.0 through the two doors a user knocks on: `cairn verify` (files, flags, exit codes) and
 * POST /api/v1/verify on a real server listening on 127.0.0.1 (JSON, text, uploads), on SQLite and
 * PostgreSQL, against an independent OB 2.0 issuer on 127.0.0.1 (test/support/ob2-issuer.ts).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../../src/node/guarded-fetch.js';
import { runCli, tempDir, writeTemp } from '../../support/cli.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { bakeOb2Png, bakeOb2Svg, type Ob2Issuer, startOb2Issuer } from '../../support/ob2-issuer.js';

const EMAIL = 'ada@example.org';
const DEV = ['--allow-http', '--allow-private-network'];
let issuer: Ob2Issuer;

beforeAll(async () => {
  issuer = await startOb2Issuer();
});
afterAll(async () => {
  await issuer.close();
});

describe('cairn verify with Open Badges 2.0', () => {
  it('verifies a baked PNG (hosted) and SVG (signed), checks the recipient, and exits 0', async () => {
    const dir = tempDir();
    const png = writeTemp(dir, 'hosted.png', bakeOb2Png(JSON.stringify(issuer.hosted(EMAIL))));
    const result = await runCli(['verify', ...DEV, '--recipient', EMAIL, png]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ VALID {2}\(baked in PNG\)/);
    expect(result.stdout).toMatch(/Credential: Robotics Basics/);
    expect(result.stdout).toMatch(/Issuer: {5}Example Maker Society/);
    expect(result.stdout).toMatch(/✓ hosted +fetched from the issuer's server/);
    expect(result.stdout).toMatch(/✓ recipient +awarded to ada@example.org/);
    expect(result.stdout).toMatch(/Recipient: {2}a hashed email\n/);
    const svg = writeTemp(dir, 'signed.svg', bakeOb2Svg(await issuer.signed(EMAIL)));
    const json = JSON.parse((await runCli(['verify', ...DEV, '--json', svg])).stdout);
    expect(json).toMatchObject({ verified: true, format: 'ob2-signed', container: 'svg' });
  });

  it('exits 1 for the wrong recipient, a revoked badge, or offline (unknown)', async () => {
    const dir = tempDir();
    const jws = await issuer.signed(EMAIL);
    const file = writeTemp(dir, 'badge.jws', jws);
    const wrong = await runCli(['verify', ...DEV, '--recipient', 'eve@example.org', file]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/✗ recipient +the assertion was not awarded to eve@example.org/);
    const offline = await runCli(['verify', '--offline', file]);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/^✗ UNKNOWN/);
    // Without --allow-private-network the SSRF guard refuses the loopback issuer: unknown, not valid.
    const guarded = await runCli(['verify', '--allow-http', file]);
    expect(guarded.code).toBe(1);
    expect(guarded.stdout).toMatch(/^✗ UNKNOWN/);
    issuer.revoke(
      JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()).id,
      'Withdrawn',
    );
    const revoked = await runCli(['verify', ...DEV, join(dir, 'badge.jws')]);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toMatch(/^✗ REVOKED/);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /api/v1/verify with Open Badges 2.0`, () => {
    let server: TestServer;
    let url: string;
    beforeAll(async () => {
      // The server's guarded fetch, allowed onto the loopback issuer as a development server would be.
      server = await startTestServer(dialect, {
        fetch: createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true }),
      });
      url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await server.app.close();
      await server.database.destroy();
    });

    async function post(body: BodyInit, contentType?: string, query = '') {
      const response = await fetch(`${url}/api/v1/verify${query}`, {
        method: 'POST',
        body,
        ...(contentType ? { headers: { 'content-type': contentType } } : {}),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        verified: boolean;
        verdict: string;
        format: string;
        checks: { check: string; status: string }[];
        container?: string;
      };
    }

    it('a hosted assertion as JSON, with the recipient beside it', async () => {
      const report = await post(
        JSON.stringify({ credential: issuer.hosted(EMAIL), recipient: EMAIL }),
        'application/json',
      );
      expect(report).toMatchObject({ verified: true, verdict: 'valid', format: 'ob2-hosted' });
      expect(report.checks.find((check) => check.check === 'recipient')?.status).toBe('passed');
      // Bare, its own recipient object is not mistaken for the caller's address.
      const bare = await post(JSON.stringify(issuer.hosted(EMAIL)), 'application/json');
      expect(bare.verified).toBe(true);
      expect(bare.checks.some((check) => check.check === 'recipient')).toBe(false);
    });

    it('a signed JWS as text/plain and as { jwt }, the recipient in the query', async () => {
      const jws = await issuer.signed(EMAIL);
      expect(await post(jws, 'text/plain', `?recipient=${encodeURIComponent(EMAIL)}`)).toMatchObject({
        verified: true,
        format: 'ob2-signed',
      });
      const wrong = await post(
        JSON.stringify({ jwt: jws, recipient: 'eve@example.org' }),
        'application/json',
      );
      expect(wrong).toMatchObject({ verified: false, verdict: 'invalid' });
    });

    it('baked PNG and SVG uploads, the recipient as a form field; a tampered copy is tampered', async () => {
      const form = new FormData();
      form.set('recipient', EMAIL);
      form.set(
        'file',
        new Blob([Buffer.from(bakeOb2Png(await issuer.signed(EMAIL)))], { type: 'image/png' }),
        'badge.png',
      );
      const png = await post(form);
      expect(png).toMatchObject({ verified: true, format: 'ob2-signed', container: 'png' });
      expect(png.checks.find((check) => check.check === 'recipient')?.status).toBe('passed');
      const hosted = issuer.hosted(EMAIL);
      const svgForm = new FormData();
      svgForm.set(
        'file',
        new Blob([bakeOb2Svg(JSON.stringify({ ...hosted, issuedOn: '2020-01-01T00:00:00Z' }))], {
          type: 'image/svg+xml',
        }),
        'badge.svg',
      );
      expect(await post(svgForm)).toMatchObject({ verified: false, verdict: 'tampered', container: 'svg' });
    });
  });
}
