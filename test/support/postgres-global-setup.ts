import type { TestProject } from 'vitest/node';
import { selectedDialects } from './dialects.js';
import { startTestPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL whose user may create databases; absent when the run tests SQLite only. */
    postgresUrl: string | undefined;
  }
}

/**
 * Vitest's global setup, run once per `vitest run` before any worker starts: provides the tests with a
 * PostgreSQL server, CAIRN_TEST_DATABASE_URL's when set, else a private one it starts (and stops after
 * the run; see `postgres.ts`). Nothing when DIALECTS leaves PostgreSQL out.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!selectedDialects().includes('postgres')) {
    project.provide('postgresUrl', undefined);
    return undefined;
  }
  const given = process.env.CAIRN_TEST_DATABASE_URL;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return undefined;
  }
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  // Child processes a test starts (a real server, say) find it here too.
  process.env.CAIRN_TEST_DATABASE_URL = server.url;
  return async () => {
    await server.stop();
  };
}
