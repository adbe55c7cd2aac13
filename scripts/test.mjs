#!/usr/bin/env node
// `npm test`: everything a change can break, in one command, on a fresh machine.
// Static checks first (types, lint), then the build the CLI and browser tests run (server and web app),
// then every test, the end-to-end tests in Chromium included (test/e2e, see test/e2e/README.md).
// The database tests need PostgreSQL: Vitest's global setup (test/support/postgres-global-setup.ts) uses
// CAIRN_TEST_DATABASE_URL, or starts a private server (installing Debian's package when root) and
// removes it afterwards; DIALECTS=sqlite skips it. See docs/storage.md.
import { spawnSync } from 'node:child_process';

function run(label, command, args, env = {}) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('typecheck (web)', 'npx', ['tsc', '-p', 'src/web/tsconfig.json', '--noEmit']);
run('lint', 'npx', ['biome', 'check', '.']);
run('build', 'npm', ['run', 'build', '--silent']);
run('tests', 'npx', ['vitest', 'run', ...process.argv.slice(2)], { CAIRN_TEST_BUILT: '1' });
