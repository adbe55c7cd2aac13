/**
 * HTTP test harness: a real app (buildApp) over a real database of the given dialect, driven with
 * `app.inject()`, plus an organization with an owner and an admin API key made through the real service.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { type AppContext, createAppContext } from '../../src/services/context.js';
import { type CreatedOrganization, createOrganization } from '../../src/services/organizations.js';
import type { DialectName } from '../../src/storage/database.js';
import { DIALECTS, setupTestDatabase, type TestDatabase } from './databases.js';
import { unique } from './factories.js';

export const TEST_PUBLIC_URL = 'http://localhost:3000';

export type TestServer = {
  dialect: DialectName;
  app: FastifyInstance;
  ctx: AppContext;
  database: TestDatabase;
  /** Calls the app; `key` sends `Authorization: Bearer key`. */
  request: (options: InjectOptions & { key?: string }) => Promise<LightMyRequestResponse>;
  /** A new organization with an owner (password known) and an admin API key. */
  newOrganization: (name?: string) => Promise<CreatedOrganization & { password: string }>;
};

export async function startTestServer(
  dialect: DialectName,
  overrides: Partial<AppContext> = {},
): Promise<TestServer> {
  const database = await setupTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-http-'));
  const config = loadConfig({
    CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
    CAIRN_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    CAIRN_LOG_LEVEL: 'silent',
  });
  const ctx = createAppContext({
    config,
    db: database.db,
    dialect,
    masterKey: new Uint8Array(randomBytes(32)),
    passwordCost: 2 ** 10,
    ...overrides,
  });
  const app = await buildApp(ctx);
  return {
    dialect,
    app,
    ctx,
    database,
    request: ({ key, headers, ...options }) =>
      app.inject({ ...options, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } }),
    newOrganization: async (name = 'Example Academy') => {
      const password = `pw-${randomBytes(6).toString('hex')}`;
      const created = await createOrganization(ctx, {
        name,
        slug: unique('org'),
        owner: { email: `${unique('owner')}@example.org`, name: 'Olive Owner', password },
      });
      return { ...created, password };
    },
  };
}

/** One describe block per dialect with its own server and database. */
export function forEachServer(name: string, body: (server: () => TestServer) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${dialect}: ${name}`, () => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(dialect);
      });
      afterAll(async () => {
        await server?.app.close();
        await server?.database.destroy();
      });
      body(() => {
        if (!server) {
          throw new Error('The test server is not ready: use it inside tests and hooks');
        }
        return server;
      });
    });
  }
}
