/**
 * What a new user sees, with the real `cairn serve` process: the demo's course pathway awards the
 * certificate the moment the fourth unit is issued over the socket; the learner's CLR 2.0 record, and
 * every credential in it, verifies with `cairn verify` (a separate process, over HTTP).
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writeTemp } from '../support/cli.js';
import { BIN, freePort, spawnServe, waitForOutput } from '../support/serve-process.js';

const run = promisify(execFile);

async function cairnVerify(
  file: string,
): Promise<{ verified: boolean; checks: { status: string }[]; embedded?: unknown[] }> {
  const result = await run(process.execPath, [
    BIN,
    'verify',
    '--json',
    '--allow-http',
    '--allow-private-network',
    file,
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return JSON.parse(result.stdout);
}

describe('the demo pathway, in the real process', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('the fourth unit awards the certificate at once; the CLR verifies with cairn verify', async () => {
    const dataDir = tempDir('cairn-pathway-');
    const port = await freePort();
    const base = `http://localhost:${port}`;
    child = spawnServe(dataDir, port, { NODE_ENV: 'development' });
    await waitForOutput(child, /A demo organization/);
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
    const headers = { authorization: `Bearer ${demo.apiKey}`, 'content-type': 'application/json' };

    const pathways = await (await fetch(`${base}/api/v1/pathways`, { headers })).json();
    expect(pathways.items).toHaveLength(1);
    const pathway = pathways.items[0];
    expect(pathway).toMatchObject({
      name: 'Applied Data Analysis',
      target: { name: 'Certificate in Applied Data Analysis' },
    });
    const units: string[] = pathway.requirements.all.map((node: { achievement: string }) => node.achievement);
    expect(units).toHaveLength(4);

    let last:
      | { learnerId: string; awarded: { achievementId: string; url: string; credential: unknown }[] }
      | undefined;
    for (const unit of units) {
      const issued = await fetch(`${base}/api/v1/credentials`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          achievementId: unit,
          recipient: { email: 'ada@example.org', name: 'Ada Lovelace' },
        }),
      });
      expect(issued.status).toBe(201);
      last = await issued.json();
    }
    expect(last?.awarded.map((award) => award.achievementId)).toEqual([pathway.targetAchievementId]);

    const page = await fetch(`${base}/p/${pathway.id}`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('Earns: <a href=');
    const progress = await (
      await fetch(`${base}/api/v1/pathways/${pathway.id}/progress?email=ada@example.org`, { headers })
    ).json();
    expect(progress).toMatchObject({ completed: true, percent: 100 });

    const clr = await fetch(`${base}/api/v1/learners/${last?.learnerId}/clr`, { headers });
    expect(clr.status).toBe(200);
    const record = await clr.json();
    expect(record.credentialSubject.verifiableCredential).toHaveLength(5);
    const dir = tempDir('cairn-pathway-verify-');
    const report = await cairnVerify(writeTemp(dir, 'clr.json', JSON.stringify(record)));
    expect(report.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.embedded).toHaveLength(5);
    const certificate = await cairnVerify(
      writeTemp(dir, 'certificate.json', JSON.stringify(last?.awarded[0]?.credential)),
    );
    expect(certificate.verified).toBe(true);
  }, 180_000);
});
