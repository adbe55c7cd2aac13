/** `cairn worker`: its help, its usage errors, and its place in `cairn --help` (it runs in scale-out.test.ts). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('cairn worker', () => {
  it('is listed in the help and explains itself', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/cairn worker\s+run job workers only/);
    const own = await runCli(['worker', '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: cairn worker/);
    expect(own.stdout).toMatch(/FOR UPDATE SKIP LOCKED/);
  });

  it('refuses a bad --concurrency before touching the database', async () => {
    const result = await runCli(['worker', '--concurrency', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--concurrency must be a whole number from 1 to 64/);
    expect((await runCli(['worker', 'extra'])).code).toBe(2);
  });
});
