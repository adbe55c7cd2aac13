/** cairn migrate and cairn init against a real SQLite database in a fresh data directory. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

describe('cairn migrate and init', () => {
  it('migrate creates the database and is idempotent', async () => {
    const dataDir = tempDir('cairn-migrate-');
    const env = { CAIRN_DATA_DIR: dataDir };
    const first = await runCli(['migrate'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applied: 0001/);
    expect(existsSync(join(dataDir, 'cairn.sqlite'))).toBe(true);
    const second = await runCli(['migrate'], { env });
    expect(second.stdout).toMatch(/up to date/);
  });

  it('init creates an organization, its owner, an API key and an issuer, and prints JSON', async () => {
    const dataDir = tempDir('cairn-init-');
    const env = { CAIRN_DATA_DIR: dataDir, CAIRN_PUBLIC_URL: 'https://badges.example.edu' };
    const result = await runCli(['init', '--org', 'Example University', '--email', 'registrar@example.edu'], {
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      url: 'https://badges.example.edu',
      login: { email: 'registrar@example.edu', password: expect.any(String) },
      apiKey: expect.stringMatching(/^cairn_/),
      issuerDid: 'did:web:badges.example.edu:i:example-university',
    });
    const again = await runCli(['init', '--org', 'Example University', '--email', 'x@example.edu'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT/);
    const usage = await runCli(['init', '--org', 'No Email'], { env });
    expect(usage.code).toBe(2);
  });

  it('a bad configuration is refused with every problem listed (exit 2)', async () => {
    const result = await runCli(['migrate'], {
      env: { CAIRN_PORT: 'eighty', CAIRN_PUBLIC_URL: 'not a url', CAIRN_DEMO: 'maybe' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CAIRN_PORT/);
    expect(result.stderr).toMatch(/CAIRN_PUBLIC_URL/);
    expect(result.stderr).toMatch(/CAIRN_DEMO/);
  });
});
