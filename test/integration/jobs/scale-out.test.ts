/**
 * The scale-out proof (DESIGN §8), with real processes: two `cairn serve` (HTTP only) and two
 * `cairn worker` on one PostgreSQL run a batch together: no duplicate, no lost row, and both workers did
 * part of the work. Uploaded through one server, followed through the other; uploaded again through the
 * other, it issues nothing new.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../../src/storage/database.js';
import { tempDir } from '../../support/cli.js';
import { DIALECTS, setupTestDatabase, type TestDatabase } from '../../support/databases.js';
import { csv } from '../../support/jobs.js';
import { type CairnProcess, startCairn } from '../../support/processes.js';
import { waitFor } from '../../support/wait.js';

const ROWS = 500;
const ACHIEVEMENT = 'Unit 2: Visualising Data';

type Batch = {
  id: string;
  status: string;
  total: number;
  done: number;
  issued: number;
  alreadyIssued: number;
};

describe.runIf(DIALECTS.includes('postgres'))('postgres: two servers and two workers', () => {
  const processes: CairnProcess[] = [];
  let database: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await handle?.destroy();
    await database?.destroy();
  });

  it('run one batch together without a duplicate or a lost row', async () => {
    database = await setupTestDatabase('postgres');
    const dataDir = tempDir('cairn-scale-');
    const env = {
      CAIRN_DATA_DIR: dataDir,
      CAIRN_DATABASE_URL: database.location,
      // Every process needs the same master key (docs/configuration.md).
      CAIRN_MASTER_KEY: 'ab'.repeat(32),
      CAIRN_PORT: '0',
      CAIRN_HOST: '127.0.0.1',
      CAIRN_LOG_LEVEL: 'warn',
      CAIRN_JOBS_IN_SERVER: 'off',
      CAIRN_JOB_POLL_MS: '50',
      // One job at a time: while one worker is busy with a chunk, the next chunk is the other's.
      CAIRN_JOB_CONCURRENCY: '1',
    };
    // The first server seeds the demo organization; then everyone else starts.
    const serverA = await startCairn('serve', env);
    processes.push(serverA);
    const [serverB, worker1, worker2] = await Promise.all([
      startCairn('serve', { ...env, CAIRN_DEMO: 'off' }),
      startCairn('worker', env),
      startCairn('worker', env),
    ]);
    processes.push(serverB, worker1, worker2);
    const workerIds = [worker1, worker2].map((w) => /Cairn worker (\S+) is running/.exec(w.output())?.[1]);
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { apiKey: string };
    const call = (base: string, path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${apiKey}`, ...(init.headers as Record<string, string>) },
      });

    const rows = [['email', 'achievement']];
    for (let n = 0; n < ROWS; n++) {
      rows.push([`scale${n}@example.org`, ACHIEVEMENT]);
    }
    const body = csv(rows);
    const created = await call(serverA.url, '/api/v1/batches', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(created.status, await created.clone().text()).toBe(202);
    const { id } = (await created.json()) as Batch;

    let batch: Batch | undefined;
    await waitFor(
      async () => {
        batch = (await (await call(serverB.url, `/api/v1/batches/${id}`)).json()) as Batch;
        return batch.status === 'completed';
      },
      { intervalMs: 200, timeoutMs: 240_000, message: 'the batch did not complete' },
    );
    expect(batch).toMatchObject({ total: ROWS, done: ROWS, issued: ROWS, alreadyIssued: 0 });

    // The same file through the other server: nothing new.
    const again = await call(serverB.url, '/api/v1/batches', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    const second = ((await again.json()) as Batch).id;
    await waitFor(
      async () =>
        ((await (await call(serverA.url, `/api/v1/batches/${second}`)).json()) as Batch).status ===
        'completed',
      { intervalMs: 200, timeoutMs: 240_000 },
    );
    expect(await (await call(serverA.url, `/api/v1/batches/${second}`)).json()).toMatchObject({
      issued: 0,
      alreadyIssued: ROWS,
    });

    handle = await createDatabase({ dialect: 'postgres', url: database.location });
    const credentials = await handle.db
      .selectFrom('credentials')
      .select(['id', 'recipient_email', 'idempotency_key'])
      .where('recipient_email', 'like', 'scale%@example.org')
      .execute();
    expect(credentials.length).toBe(ROWS);
    expect(new Set(credentials.map((c) => c.recipient_email)).size).toBe(ROWS);
    expect(new Set(credentials.map((c) => c.idempotency_key)).size).toBe(ROWS);
    const settled = await handle.db
      .selectFrom('batch_rows')
      .select(['status', 'credential_id'])
      .where('batch_id', '=', id)
      .execute();
    expect(settled.every((row) => row.status === 'issued')).toBe(true);
    expect(new Set(settled.map((row) => row.credential_id)).size).toBe(ROWS);
    // Both workers took chunks.
    const ranBy = await handle.db
      .selectFrom('jobs')
      .select(['locked_by', 'status'])
      .where('kind', '=', 'batch.issue')
      .execute();
    expect(ranBy.every((job) => job.status === 'succeeded')).toBe(true);
    expect(new Set(ranBy.map((job) => job.locked_by))).toEqual(new Set(workerIds));
  }, 400_000);
});
