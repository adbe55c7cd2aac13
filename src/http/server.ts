/**
 * Starting Cairn for real: master key, database and migrations, the demo on first start, then listen,
 * and the in-process job worker.
 * Everything else lives in buildApp so tests need no port.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { startJobWorker } from '../jobs/runtime.js';
import type { JobWorker } from '../jobs/worker.js';
import { loadOrCreateMasterKey } from '../node/master-key.js';
import { type AppContext, createAppContext } from '../services/context.js';
import { type DemoSeed, seedDemo } from '../services/demo-seed.js';
import { createDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrations/index.js';
import { buildApp } from './app.js';

export type RunningServer = {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  demo?: DemoInfo;
  /** The in-process job worker (absent with CAIRN_JOBS_IN_SERVER=off). */
  worker?: JobWorker;
  close: () => Promise<void>;
};

/** What demo.json holds (DESIGN §7). */
export type DemoInfo = { url: string; login: { email: string; password: string }; apiKey: string };

export async function openContext(
  config: Config,
  overrides: Pick<Partial<AppContext>, 'fetch'> = {},
): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const masterKey = config.masterKey ?? (await loadOrCreateMasterKey(config.dataDir));
  const handle = await createDatabase(config.database);
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await handle.destroy();
    throw error;
  }
  return {
    ctx: createAppContext({ config, db: handle.db, dialect: handle.dialect, masterKey, ...overrides }),
    close: () => handle.destroy(),
  };
}

async function seedDemoIfEmpty(ctx: AppContext): Promise<DemoInfo | undefined> {
  if (!ctx.config.demo) {
    return undefined;
  }
  const any = await ctx.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (any) {
    return undefined;
  }
  const seeded: DemoSeed = await seedDemo(ctx);
  const info: DemoInfo = {
    url: ctx.config.publicUrl,
    login: { email: seeded.owner.email, password: seeded.password as string },
    apiKey: seeded.apiKey,
  };
  await mkdir(ctx.config.dataDir, { recursive: true });
  await writeFile(join(ctx.config.dataDir, 'demo.json'), `${JSON.stringify(info, null, 2)}\n`, {
    mode: 0o600,
  });
  return info;
}

export async function startServer(
  config: Config,
  options: {
    logger?: boolean;
    /** The outbound fetch; tests that host documents on 127.0.0.1 pass a guarded fetch allowed onto loopback. */
    fetch?: AppContext['fetch'];
  } = {},
): Promise<RunningServer> {
  const { ctx, close: closeDatabase } = await openContext(
    config,
    options.fetch ? { fetch: options.fetch } : {},
  );
  const demo = await seedDemoIfEmpty(ctx);
  const app = await buildApp(ctx, { logger: options.logger ?? true });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await closeDatabase();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Jobs (batches, webhooks) run in this process too unless CAIRN_JOBS_IN_SERVER=off (docs/jobs.md).
  const worker = config.jobs.inServer ? startJobWorker(ctx) : undefined;
  return {
    app,
    ctx,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    ...(demo ? { demo } : {}),
    ...(worker ? { worker } : {}),
    close: async () => {
      // The worker finishes (or gives back) its running jobs while HTTP stops taking requests.
      await Promise.all([worker?.stop(), app.close()]);
      await closeDatabase();
    },
  };
}

export function demoFileExists(config: Config): boolean {
  return existsSync(join(config.dataDir, 'demo.json'));
}
