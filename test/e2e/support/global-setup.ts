/**
 * Vitest global setup of the end-to-end tests: Debian's Chromium must be there (installed with apt-get
 * when missing and running as root — never a browser downloaded by a test tool), and the web app must be
 * built (`npm test` builds it first; a bare `npx vitest --project e2e` builds it here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './browser.js';

function installChromium(): void {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim();
  if (!root || aptGet === '') {
    throw new Error(
      `The end-to-end tests need Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium), or run the tests as root to have it installed.`,
    );
  }
  process.stderr.write('[e2e] installing Debian’s chromium package…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
}

export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    installChromium();
  }
  const manifest = new URL('../../../dist/web/.vite/manifest.json', import.meta.url);
  if (process.env.CAIRN_TEST_BUILT !== '1' || !existsSync(manifest)) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
}
