/** The real `cairn` binary, as `npx cairn` runs it: a new user's first four commands. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTemp } from '../support/cli.js';
import { readFixtureJson } from '../support/fixtures.js';
import { makePng } from '../support/png-fixtures.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));

async function cairn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the cairn binary', () => {
  it('keys create, sign, bake, verify', async () => {
    const dir = tempDir();
    const keyPath = join(dir, 'key.json');
    const did = (await cairn(['keys', 'create', '--out', keyPath])).stdout.trim();
    expect(did).toMatch(/^did:key:z6Mk/);
    const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
    const credential = writeTemp(
      dir,
      'c.json',
      JSON.stringify({ ...badge, issuer: { ...(badge.issuer as object), id: did } }),
    );
    const signed = await cairn(['sign', '--key', keyPath, credential]);
    expect(signed.code, signed.stderr).toBe(0);
    const signedPath = writeTemp(dir, 'signed.json', signed.stdout);
    const baked = join(dir, 'baked.png');
    expect(
      (await cairn(['bake', '--credential', signedPath, writeTemp(dir, 'badge.png', makePng()), '-o', baked]))
        .code,
    ).toBe(0);
    const verified = await cairn(['verify', baked]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/VALID/);
    expect((await cairn([])).code).toBe(2);
    expect((await cairn(['verify', join(dir, 'missing')])).code).toBe(2);
  });
});
