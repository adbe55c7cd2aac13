/**
 * The real thing, as `npm start` runs it: the `cairn serve` process on a fresh data directory seeds the
 * demo, listens on a socket, issues a credential over HTTP, serves the issuer's did:web document and the
 * status list; the credential then verifies with `cairn verify` (a separate process, over HTTP) and with
 * @digitalbazaar/vc using the DID document fetched from the running server.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writeTemp } from '../support/cli.js';
import { referenceVerify } from '../support/reference-stack.js';
import { BIN, freePort, spawnServe, waitForOutput } from '../support/serve-process.js';

const run = promisify(execFile);

describe('cairn serve, the real process', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('first start seeds the demo; a credential issued over the socket verifies everywhere', async () => {
    const dataDir = tempDir('cairn-serve-');
    const port = await freePort();
    const base = `http://localhost:${port}`;
    child = spawnServe(dataDir, port, { NODE_ENV: 'development' });
    const output = await waitForOutput(child, /A demo organization/);
    expect(output).toContain(`Cairn is running at ${base}`);
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
    expect(demo).toMatchObject({
      url: base,
      login: { email: expect.any(String), password: expect.any(String) },
      apiKey: expect.stringMatching(/^cairn_/),
    });

    const headers = { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' };
    const achievements = await (await fetch(`${base}/api/v1/achievements`, { headers })).json();
    expect(achievements.items.length).toBe(5);
    const unit = achievements.items.find((item: { name: string }) => item.name.startsWith('Unit 1'));
    const issued = await fetch(`${base}/api/v1/credentials`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        achievementId: unit.id,
        recipient: { email: 'learner@example.org', name: 'Lee Learner' },
      }),
    });
    expect(issued.status).toBe(201);
    const { credential, id } = await issued.json();

    const page = await fetch(`${base}/c/${id}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Unit 1');

    // An outside verifier, over HTTP: the did:web document and the status list come from the server.
    const dir = tempDir('cairn-serve-verify-');
    const file = writeTemp(dir, 'credential.json', JSON.stringify(credential));
    const verified = await run(process.execPath, [
      BIN,
      'verify',
      '--json',
      '--allow-http',
      '--allow-private-network',
      file,
    ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const report = JSON.parse(verified.stdout);
    expect(report.checks.filter((check: { status: string }) => check.status !== 'passed')).toEqual([]);
    expect(report.verified).toBe(true);

    const didDocument = await (await fetch(`${base}/i/demo-academy/did.json`)).json();
    const reference = await referenceVerify(credential, { [didDocument.id]: didDocument });
    expect(reference.verified, JSON.stringify(reference.error)).toBe(true);

    // Revoked over the API: the outside verifier sees it at once (a fresh process has no cache).
    const revoked = await fetch(`${base}/api/v1/credentials/${id}/revoke`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'Test' }),
    });
    expect(revoked.status).toBe(200);
    const again = await run(process.execPath, [
      BIN,
      'verify',
      '--json',
      '--allow-http',
      '--allow-private-network',
      file,
    ]).catch((error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }));
    expect(JSON.parse(again.stdout)).toMatchObject({ verified: false, verdict: 'revoked' });

    // A second start reuses the data: no second demo.
    child.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    child = spawnServe(dataDir, port);
    const second = await waitForOutput(child, /Cairn is running/);
    expect(second).not.toContain('A demo organization');
    const stillThere = await fetch(`${base}/api/v1/credentials/${id}`, { headers });
    expect((await stillThere.json()).status).toBe('revoked');
  }, 180_000);
});
