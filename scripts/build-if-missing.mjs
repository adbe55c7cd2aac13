#!/usr/bin/env node
// `npm start` runs this first (prestart): it builds what is missing — the server (dist/) and the web app
// (dist/web, by Vite) — so `npm start` works on a fresh clone even when `npm install` skipped the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const has = (path) => existsSync(new URL(`../${path}`, import.meta.url));

function run(label, args) {
  process.stdout.write(`cairn: ${label}…\n`);
  const result = spawnSync('npx', ['--no-install', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`cairn: ${label} failed; run \`npm install\` and \`npm run build\`.\n`);
    process.exit(result.status ?? 1);
  }
}

if (!has('dist/cli/main.js')) {
  run('building the server (dist/)', ['tsc', '-p', 'tsconfig.build.json']);
}
if (!has('dist/web/.vite/manifest.json')) {
  run('building the web app (dist/web)', ['vite', 'build', '--logLevel', 'warn']);
}
