/**
 * Vitest global setup: the tests that run the real `cairn` binary need dist/ to match src/.
 * `npm test` builds first and sets CAIRN_TEST_BUILT=1; a bare `npx vitest` builds here.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.CAIRN_TEST_BUILT !== '1') {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  }
}
