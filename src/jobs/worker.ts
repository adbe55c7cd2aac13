/**
 * A worker: claims jobs from the queue table and runs them with their handlers, a few at a time.
 *
 * - Leases: a claimed job is locked by the worker until `now + leaseMs`; a heartbeat extends the lease
 *   while the handler runs. A worker that dies (crash, SIGKILL, lost machine) stops extending it, and once
 *   it expires another worker claims the job again. A worker that finds it lost a lease (it stalled past
 *   it) aborts the handler: the job is someone else's now.
 * - Retries: a failed attempt is retried after an exponential, jittered delay (the handler's policy);
 *   after `max_attempts` attempts, or at once for a `PermanentJobError`, the job is `dead`.
 * - Graceful stop: `stop()` claims nothing more, lets running jobs finish for `shutdownGraceMs`, then
 *   aborts them; an aborted job is given back (queued again, the attempt not counted).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppContext } from '../services/context.js';
import {
  claimJobs,
  completeJob,
  extendJobLease,
  failJob,
  pruneSucceededJobs,
  releaseJob,
} from '../storage/jobs.repository.js';
import { withTransaction } from '../storage/transaction.js';
import {
  DEFAULT_RETRY,
  type Job,
  type JobHandler,
  onJobsQueued,
  PermanentJobError,
  retryDelayMs,
} from './queue.js';

export type WorkerLogger = {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
};

export type WorkerOptions = {
  /** Default: host name, process id and a random suffix. */
  id?: string;
  /** Jobs run at once (default 2). */
  concurrency?: number;
  /** How long a claim holds without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often an idle worker looks for jobs (default 1 s). */
  pollMs?: number;
  /** How long `stop()` lets running jobs finish before it aborts them (default 10 s). */
  shutdownGraceMs?: number;
  /** Succeeded jobs are deleted this long after they finished (default 7 days). */
  keepSucceededMs?: number;
  now?: () => Date;
  random?: () => number;
  /** Replaces every handler's retry delay (tests use a few milliseconds). */
  retryDelay?: (job: Job, attempt: number) => number;
  logger?: WorkerLogger;
};

export type WorkerStats = { claimed: number; succeeded: number; failed: number; dead: number };

export type JobWorker = {
  readonly id: string;
  readonly stats: Readonly<WorkerStats>;
  start(): void;
  /** Claims now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, waits for (then aborts) running jobs; resolves when none is left. */
  stop(): Promise<void>;
};

const silentLogger: WorkerLogger = { info: () => {}, warn: () => {}, error: () => {} };

class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}
class ShuttingDown extends Error {
  override readonly name = 'ShuttingDown';
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
  }
  return String(error);
}

export function createWorker(
  ctx: AppContext,
  handlers: readonly JobHandler[],
  options: WorkerOptions = {},
): JobWorker {
  const id = options.id ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = options.concurrency ?? 2;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1000;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const keepSucceededMs = options.keepSucceededMs ?? 7 * 24 * 3600 * 1000;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = options.logger ?? silentLogger;
  const byKind = new Map(handlers.map((handler) => [handler.kind, handler]));
  const kinds = [...byKind.keys()];
  const stats: WorkerStats = { claimed: 0, succeeded: 0, failed: 0, dead: 0 };

  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let started = false;
  let stopping = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;
  let unsubscribe: (() => void) | undefined;
  let lastPrune = 0;

  const wake = () => {
    wakeUp?.();
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function settle(job: Job, handler: JobHandler, error: unknown): Promise<void> {
    const permanent = error instanceof PermanentJobError;
    const last = job.attempts >= job.max_attempts;
    const delay =
      options.retryDelay?.(job, job.attempts) ??
      retryDelayMs(job.attempts, handler.retry ?? DEFAULT_RETRY, random);
    const retryAt = permanent || last ? undefined : new Date(now().getTime() + delay);
    const message = describeError(error);
    await withTransaction(ctx.db, async (trx) => {
      const held = await failJob(trx, job.id, id, { error: message, retryAt, now: now() });
      if (held && retryAt === undefined) {
        await handler.onDead?.(trx, job, error, ctx);
      }
    });
    if (retryAt === undefined) {
      stats.dead += 1;
      log.warn('job dead', { jobId: job.id, kind: job.kind, attempts: job.attempts, error: message });
    } else {
      stats.failed += 1;
      log.info('job failed; retrying', { jobId: job.id, kind: job.kind, retryAt, error: message });
    }
  }

  async function runJob(job: Job, controller: AbortController): Promise<void> {
    const handler = byKind.get(job.kind);
    if (handler === undefined) {
      return;
    }
    if (job.attempts > job.max_attempts) {
      // Its last attempt's worker died holding it: do not start another.
      await settle(job, handler, new Error('The worker running its last attempt stopped (lease expired)'));
      return;
    }
    const heartbeat = setInterval(
      () => {
        extendJobLease(ctx.db, job.id, id, new Date(now().getTime() + leaseMs)).then(
          (held) => {
            if (!held) {
              controller.abort(new LeaseLost(`The lease of job ${job.id} was lost`));
            }
          },
          (error: unknown) =>
            log.warn('lease heartbeat failed', { jobId: job.id, error: describeError(error) }),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    try {
      await handler.run(job, { ctx, signal: controller.signal, workerId: id });
      clearInterval(heartbeat);
      if (await completeJob(ctx.db, job.id, id, now())) {
        stats.succeeded += 1;
      }
    } catch (error) {
      clearInterval(heartbeat);
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason instanceof LeaseLost) {
        log.warn('job lease lost; another worker has it', { jobId: job.id, kind: job.kind });
      } else if (reason instanceof ShuttingDown) {
        await releaseJob(ctx.db, job.id, id, now());
      } else {
        await settle(job, handler, error);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  function launch(job: Job): void {
    const controller = new AbortController();
    const done = runJob(job, controller)
      .catch((error: unknown) => {
        // Recording the outcome failed (the database went away): the lease expires and the job runs again.
        log.error('job bookkeeping failed', { jobId: job.id, error: describeError(error) });
      })
      .finally(() => {
        running.delete(job.id);
        wake();
      });
    running.set(job.id, { controller, done });
  }

  async function prune(): Promise<void> {
    const at = now().getTime();
    if (at - lastPrune < 3600_000) {
      return;
    }
    lastPrune = at;
    try {
      await pruneSucceededJobs(ctx.db, new Date(at - keepSucceededMs));
    } catch (error) {
      log.warn('pruning finished jobs failed', { error: describeError(error) });
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      // Never claim in a tight loop of already-resolved promises (SQLite): the event loop gets its turn.
      await nextTurn();
      const free = concurrency - running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await claimJobs(ctx.db, ctx.dialect, {
            workerId: id,
            kinds,
            limit: free,
            now: now(),
            leaseMs,
          });
          claimed = jobs.length;
          stats.claimed += claimed;
          for (const job of jobs) {
            launch(job);
          }
        } catch (error) {
          log.error('claiming jobs failed', { error: describeError(error) });
        }
        await prune();
      }
      if (stopping) {
        break;
      }
      if (claimed === 0 || running.size >= concurrency) {
        await pause(claimed === 0 ? pollMs : pollMs * 10);
      }
    }
  }

  return {
    id,
    stats,
    start() {
      if (started) {
        return;
      }
      started = true;
      unsubscribe = onJobsQueued(wake);
      loopDone = loop();
    },
    wake,
    async stop() {
      if (!started || stopping) {
        await loopDone;
        return;
      }
      stopping = true;
      unsubscribe?.();
      wake();
      await loopDone;
      const all = () => Promise.all([...running.values()].map((entry) => entry.done));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const outcome = await Promise.race([all().then(() => 'done' as const), graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        for (const entry of running.values()) {
          entry.controller.abort(new ShuttingDown('The worker is stopping'));
        }
        await all();
      }
    },
  };
}
