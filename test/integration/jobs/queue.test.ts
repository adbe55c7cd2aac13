/**
 * The job queue on both databases: claims, leases and their expiry, dedupe keys, retries with backoff,
 * the dead-letter state, graceful stop, and workers on separate connections that never claim a job twice.
 */
import { expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import {
  enqueue,
  enqueueMany,
  type JobHandler,
  PermanentJobError,
  retryDelayMs,
} from '../../../src/jobs/queue.js';
import { createWorker } from '../../../src/jobs/worker.js';
import { createAppContext } from '../../../src/services/context.js';
import { createDatabase } from '../../../src/storage/database.js';
import { claimJobs, findJob, retryJob } from '../../../src/storage/jobs.repository.js';
import { insertOrganization } from '../../../src/storage/organizations.repository.js';
import { forEachDialect } from '../../support/databases.js';
import { unique } from '../../support/factories.js';
import { waitFor } from '../../support/wait.js';

const LEASE = 60_000;

function contextFor(db: Parameters<typeof createAppContext>[0]['db'], dialect: 'sqlite' | 'postgres') {
  return createAppContext({
    config: loadConfig({
      NODE_ENV: 'test',
      CAIRN_LOG_LEVEL: 'silent',
      CAIRN_DATA_DIR: '/tmp/cairn-jobs-test',
    }),
    db,
    dialect,
    masterKey: new Uint8Array(32),
  });
}

forEachDialect('job queue', (ctx) => {
  test('claims due jobs oldest first, holds them for the lease, and reclaims them once it expires', async () => {
    const kind = unique('kind');
    const t0 = new Date('2030-01-01T00:00:00.000Z');
    await enqueue(ctx.db, { kind, payload: { n: 1 }, runAt: new Date(t0.getTime() - 2000) });
    await enqueue(ctx.db, { kind, payload: { n: 2 }, runAt: new Date(t0.getTime() - 1000) });
    await enqueue(ctx.db, { kind, payload: { n: 3 }, runAt: new Date(t0.getTime() + 60_000) });

    const first = await claimJobs(ctx.db, ctx.dialect, {
      workerId: 'a',
      kinds: [kind],
      limit: 10,
      now: t0,
      leaseMs: 5000,
    });
    expect(first.map((job) => job.payload.n)).toEqual([1, 2]);
    expect(
      first.every((job) => job.status === 'running' && job.attempts === 1 && job.locked_by === 'a'),
    ).toBe(true);
    // Within the lease nobody else gets them; the future job is not due.
    const during = await claimJobs(ctx.db, ctx.dialect, {
      workerId: 'b',
      kinds: [kind],
      limit: 10,
      now: new Date(t0.getTime() + 4000),
      leaseMs: 5000,
    });
    expect(during).toEqual([]);
    // Worker a died: after its lease, b takes both, and the attempt is counted.
    const after = await claimJobs(ctx.db, ctx.dialect, {
      workerId: 'b',
      kinds: [kind],
      limit: 10,
      now: new Date(t0.getTime() + 6000),
      leaseMs: 5000,
    });
    expect(after.map((job) => [job.payload.n, job.locked_by, job.attempts])).toEqual([
      [1, 'b', 2],
      [2, 'b', 2],
    ]);
  });

  test('a dedupe key allows one live job; a finished one does not block the next', async () => {
    const kind = unique('kind');
    const key = unique('key');
    const first = await enqueue(ctx.db, { kind, payload: {}, dedupeKey: key });
    expect(first).toBeDefined();
    expect(await enqueue(ctx.db, { kind, payload: {}, dedupeKey: key })).toBeUndefined();
    expect(
      await enqueueMany(ctx.db, [
        { kind, payload: {}, dedupeKey: key },
        { kind, payload: {} },
      ]),
    ).toBe(1);
    const worker = createWorker(contextFor(ctx.db, ctx.dialect), [{ kind, run: async () => {} }], {
      pollMs: 20,
    });
    worker.start();
    await waitFor(() => worker.stats.succeeded === 2);
    await worker.stop();
    expect(await enqueue(ctx.db, { kind, payload: {}, dedupeKey: key })).toBeDefined();
  });

  test('retries with backoff, then succeeds; gives up as dead after max attempts, calling onDead', async () => {
    const org = await insertOrganization(ctx.db, { slug: unique('org'), name: 'Jobs' });
    const flaky = unique('flaky');
    const hopeless = unique('hopeless');
    const permanent = unique('permanent');
    const seen: Record<string, number> = {};
    const deadOnes: string[] = [];
    const handlers: JobHandler[] = [
      {
        kind: flaky,
        run: async (job) => {
          seen[job.id] = (seen[job.id] ?? 0) + 1;
          if ((seen[job.id] ?? 0) < 3) {
            throw new Error('try again');
          }
        },
      },
      {
        kind: hopeless,
        run: async () => {
          throw new Error('never works');
        },
        onDead: async (_trx, job) => {
          deadOnes.push(job.id);
        },
      },
      {
        kind: permanent,
        run: async () => {
          throw new PermanentJobError('cannot be fixed by retrying');
        },
      },
    ];
    const a = await enqueue(ctx.db, { kind: flaky, payload: {}, organizationId: org.id, maxAttempts: 5 });
    const b = await enqueue(ctx.db, { kind: hopeless, payload: {}, organizationId: org.id, maxAttempts: 3 });
    const c = await enqueue(ctx.db, { kind: permanent, payload: {}, organizationId: org.id, maxAttempts: 5 });
    const delays: number[] = [];
    const worker = createWorker(contextFor(ctx.db, ctx.dialect), handlers, {
      pollMs: 10,
      retryDelay: (_job, attempt) => {
        delays.push(attempt);
        return 5;
      },
    });
    worker.start();
    await waitFor(async () => {
      const jobs = await Promise.all([a, b, c].map((job) => findJob(ctx.db, org.id, job?.id ?? '')));
      return jobs.every((job) => job?.status === 'succeeded' || job?.status === 'dead');
    });
    await worker.stop();
    const [ja, jb, jc] = await Promise.all([a, b, c].map((job) => findJob(ctx.db, org.id, job?.id ?? '')));
    expect(ja).toMatchObject({ status: 'succeeded', attempts: 3, locked_until: null });
    expect(jb).toMatchObject({ status: 'dead', attempts: 3, last_error: 'never works' });
    expect(jc).toMatchObject({ status: 'dead', attempts: 1 });
    expect(jc?.last_error).toMatch(/cannot be fixed/);
    expect(deadOnes).toEqual([b?.id]);

    // A dead job can be queued again.
    const retried = await retryJob(ctx.db, org.id, jb?.id ?? '', new Date());
    expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await retryJob(ctx.db, org.id, ja?.id ?? '', new Date())).toBeUndefined();
  });

  test('the backoff doubles with jitter, capped', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(3, policy, () => 1)).toBe(4000);
    expect(retryDelayMs(10, policy, () => 1)).toBe(8000);
    expect(retryDelayMs(10, policy, () => 0)).toBe(4000);
  });

  test("a crashed worker's job is taken by another once its lease expires", async () => {
    const kind = unique('kind');
    const job = await enqueue(ctx.db, { kind, payload: {}, maxAttempts: 3 });
    // A worker claims it with a short lease and dies (never heartbeats, never finishes).
    const ghost = await claimJobs(ctx.db, ctx.dialect, {
      workerId: 'ghost',
      kinds: [kind],
      limit: 1,
      now: new Date(),
      leaseMs: 150,
    });
    expect(ghost.map((claimed) => claimed.id)).toEqual([job?.id]);
    const ran: string[] = [];
    const worker = createWorker(
      contextFor(ctx.db, ctx.dialect),
      [{ kind, run: async (claimed) => void ran.push(claimed.id) }],
      { pollMs: 20 },
    );
    worker.start();
    await waitFor(() => worker.stats.succeeded === 1);
    await worker.stop();
    expect(ran).toEqual([job?.id]);
  });

  test('stop() lets running jobs finish within the grace period, then aborts and gives them back', async () => {
    const org = await insertOrganization(ctx.db, { slug: unique('org'), name: 'Jobs' });
    const kind = unique('kind');
    const job = await enqueue(ctx.db, { kind, payload: {}, organizationId: org.id });
    let started = false;
    const worker = createWorker(
      contextFor(ctx.db, ctx.dialect),
      [
        {
          kind,
          run: (_job, { signal }) =>
            new Promise<void>((_resolve, reject) => {
              started = true;
              signal.addEventListener('abort', () => reject(signal.reason));
            }),
        },
      ],
      { pollMs: 10, shutdownGraceMs: 50 },
    );
    worker.start();
    await waitFor(() => started);
    await worker.stop();
    expect(await findJob(ctx.db, org.id, job?.id ?? '')).toMatchObject({
      status: 'queued',
      attempts: 0,
      locked_by: null,
    });
  });

  test('workers on separate connections claim every job exactly once', async () => {
    const kind = unique('kind');
    const total = 300;
    await enqueueMany(
      ctx.db,
      Array.from({ length: total }, (_, n) => ({ kind, payload: { n } })),
    );
    // Each worker has its own pool (PostgreSQL) or connection (SQLite), as separate processes would.
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        createDatabase(
          ctx.dialect === 'sqlite'
            ? { dialect: 'sqlite', file: ctx.database.location }
            : { dialect: 'postgres', url: ctx.database.location },
          { poolSize: 4 },
        ),
      ),
    );
    try {
      const claimedBy = await Promise.all(
        others.map(async (handle, index) => {
          const mine: number[] = [];
          for (;;) {
            const jobs = await claimJobs(handle.db, ctx.dialect, {
              workerId: `w${index}`,
              kinds: [kind],
              limit: 7,
              now: new Date(),
              leaseMs: LEASE,
            });
            if (jobs.length === 0) {
              return mine;
            }
            mine.push(...jobs.map((job) => Number(job.payload.n)));
          }
        }),
      );
      const all = claimedBy.flat();
      expect(all.length).toBe(total);
      expect(new Set(all).size).toBe(total);
    } finally {
      await Promise.all(others.map((handle) => handle.destroy()));
    }
  });
});
