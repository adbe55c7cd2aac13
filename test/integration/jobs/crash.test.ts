/**
 * Crash safety with a real process: `cairn serve` (HTTP and its in-process worker) is killed with
 * SIGKILL in the middle of a batch, started again on the same database, and finishes the batch with
 * exactly one credential per valid row and no row lost. The job the dead process held is taken again
 * once its lease expires.
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

const ROWS = 400;
const ACHIEVEMENT = 'Unit 1: Foundations of Data';

type Batch = { id: string; status: string; total: number; done: number; issued: number; failed: number };

async function api(base: string, key: string, path: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: crash safety`, () => {
    const processes: CairnProcess[] = [];
    let testDatabase: TestDatabase | undefined;
    let handle: DatabaseHandle | undefined;

    afterAll(async () => {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await handle?.destroy();
      await testDatabase?.destroy();
    });

    it('SIGKILL in the middle of a batch, start again: one credential per valid row, none lost', async () => {
      const dataDir = tempDir('cairn-crash-');
      let databaseUrl: string;
      if (dialect === 'postgres') {
        testDatabase = await setupTestDatabase('postgres');
        databaseUrl = testDatabase.location;
      } else {
        databaseUrl = `sqlite:${join(dataDir, 'cairn.sqlite')}`;
      }
      const env = {
        CAIRN_DATA_DIR: dataDir,
        CAIRN_DATABASE_URL: databaseUrl,
        CAIRN_PORT: '0',
        CAIRN_HOST: '127.0.0.1',
        CAIRN_LOG_LEVEL: 'warn',
        CAIRN_DEMO: 'on',
        // A killed worker's job comes back after 2 s instead of 30.
        CAIRN_JOB_LEASE_SECONDS: '2',
        CAIRN_JOB_POLL_MS: '50',
      };
      const first = await startCairn('serve', env);
      processes.push(first);
      const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { apiKey: string };

      const rows = [['email', 'name', 'achievement']];
      for (let n = 0; n < ROWS; n++) {
        rows.push([`crash${n}@example.org`, `Learner ${n}`, ACHIEVEMENT]);
      }
      rows.push(['', 'No Address', ACHIEVEMENT], ['broken@example.org', 'Bad Date', ACHIEVEMENT]);
      rows[rows.length - 1]?.push('2026-13-45');
      const body = csv(rows).replace('email,name,achievement\r\n', 'email,name,achievement,validFrom\r\n');
      const created = await api(first.url, demo.apiKey, '/api/v1/batches', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      });
      expect(created.status, await created.clone().text()).toBe(202);
      const { id } = (await created.json()) as Batch;

      // Kill it once some rows are issued and many are not.
      let atKill: Batch | undefined;
      await waitFor(
        async () => {
          atKill = (await (await api(first.url, demo.apiKey, `/api/v1/batches/${id}`)).json()) as Batch;
          return atKill.done >= 10;
        },
        { intervalMs: 10, timeoutMs: 60_000 },
      );
      const killed = await first.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      expect(atKill?.status).toBe('running');
      expect(atKill?.done).toBeLessThan(ROWS);

      const second = await startCairn('serve', env);
      processes.push(second);
      let finished: Batch | undefined;
      await waitFor(
        async () => {
          finished = (await (await api(second.url, demo.apiKey, `/api/v1/batches/${id}`)).json()) as Batch;
          return finished.status === 'completed';
        },
        { intervalMs: 100, timeoutMs: 180_000, message: 'the batch never completed after the restart' },
      );
      expect(finished).toMatchObject({ total: ROWS + 2, done: ROWS, issued: ROWS, failed: 2 });
      await second.kill('SIGTERM');

      // The database itself: one credential per valid row, every row settled with its own credential.
      handle = await createDatabase(
        dialect === 'postgres'
          ? { dialect, url: databaseUrl }
          : { dialect, file: join(dataDir, 'cairn.sqlite') },
      );
      const db = handle.db;
      const credentials = await db
        .selectFrom('credentials')
        .select(['id', 'idempotency_key', 'recipient_email'])
        .where('recipient_email', 'like', 'crash%@example.org')
        .execute();
      expect(credentials.length).toBe(ROWS);
      expect(new Set(credentials.map((c) => c.recipient_email)).size).toBe(ROWS);
      expect(new Set(credentials.map((c) => c.idempotency_key)).size).toBe(ROWS);
      const batchRows = await db
        .selectFrom('batch_rows')
        .select(['status', 'credential_id'])
        .where('batch_id', '=', id)
        .execute();
      expect(batchRows.filter((row) => row.status === 'issued').length).toBe(ROWS);
      expect(batchRows.filter((row) => row.status === 'invalid').length).toBe(2);
      expect(batchRows.filter((row) => row.status === 'pending').length).toBe(0);
      const linked = new Set(batchRows.map((row) => row.credential_id).filter((value) => value !== null));
      expect(linked).toEqual(new Set(credentials.map((c) => c.id)));
      // The job the killed process held ran again after its lease expired.
      const jobs = await db
        .selectFrom('jobs')
        .select(['status', 'attempts'])
        .where('kind', '=', 'batch.issue')
        .execute();
      expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
      expect(jobs.some((job) => job.attempts >= 2)).toBe(true);
    }, 300_000);
  });
}
