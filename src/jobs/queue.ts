/**
 * The job queue: a table in the same database (docs/jobs.md). `enqueue` adds a job inside the caller's
 * transaction, so a change and the work it triggers commit together or not at all (a transactional
 * outbox); workers (`worker.ts`) claim and run jobs, retrying failures with exponential backoff and
 * jitter until a job succeeds or goes `dead`.
 */
import { EventEmitter } from 'node:events';
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../services/context.js';
import type { JsonObject } from '../storage/codec.js';
import { insertJob, insertJobs, type Job, type NewJob } from '../storage/jobs.repository.js';
import type { Database } from '../storage/tables.js';

export type { Job } from '../storage/jobs.repository.js';

/** Attempts before a job goes dead, unless the job says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export type EnqueueInput = {
  kind: string;
  payload: JsonObject;
  /** The tenant the job works for; absent for the installation's own jobs. */
  organizationId?: string | null;
  maxAttempts?: number;
  /** Not before this moment (default: now). */
  runAt?: Date;
  /** At most one live job per key: while one is queued, running or failed, another is not added. */
  dedupeKey?: string;
};

function toNewJob(input: EnqueueInput): NewJob {
  return {
    kind: input.kind,
    payload: input.payload,
    organization_id: input.organizationId ?? null,
    max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(input.runAt === undefined ? {} : { run_at: input.runAt }),
    ...(input.dedupeKey === undefined ? {} : { dedupe_key: input.dedupeKey }),
  };
}

/**
 * Adds a job. Call it with the transaction of the change that needs the job (`withTransaction`), so both
 * commit together; a rolled-back change leaves no job behind. Undefined when `dedupeKey` names a live job.
 *
 * @example
 * await withTransaction(ctx.db, async (trx) => {
 *   const credential = await insertCredential(trx, row);
 *   await enqueue(trx, { kind: 'webhook.deliver', organizationId, payload: { deliveryId } });
 * });
 */
export async function enqueue(
  trx: Kysely<Database> | Transaction<Database>,
  input: EnqueueInput,
): Promise<Job | undefined> {
  return await insertJob(trx, toNewJob(input));
}

/** Adds many jobs at once (see `enqueue`); returns how many were added. */
export async function enqueueMany(
  trx: Kysely<Database> | Transaction<Database>,
  inputs: readonly EnqueueInput[],
): Promise<number> {
  return await insertJobs(trx, inputs.map(toNewJob));
}

const queued = new EventEmitter();
queued.setMaxListeners(0);

/**
 * Tells the workers of this process that jobs were committed, so they claim now instead of at their next
 * poll. Call it after the transaction commits; workers in other processes find the jobs when they poll.
 */
export function notifyJobsQueued(): void {
  queued.emit('queued');
}

/** For workers: called on `notifyJobsQueued`; returns the unsubscribe function. */
export function onJobsQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}

/** A handler throws this for a failure that retrying cannot fix: the job goes dead at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export type RetryPolicy = {
  /** The delay after the first failed attempt; it doubles with each further one … */
  baseMs: number;
  /** … up to this. */
  maxMs: number;
};

/**
 * The delay before the next attempt after `attempt` attempts failed: exponential (`baseMs · 2^(attempt-1)`,
 * at most `maxMs`) with jitter, a random value between half and all of it, so jobs that failed together
 * (a receiver that was down) do not all come back at the same moment.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** What a handler gets besides its job. */
export type JobTools = {
  ctx: AppContext;
  /** Aborted when the worker stops or loses the job's lease: stop at the next safe point and throw. */
  signal: AbortSignal;
  workerId: string;
};

/** How one kind of job runs. Handlers must be idempotent: a job can run again after a crash. */
export type JobHandler = {
  kind: string;
  run(job: Job, tools: JobTools): Promise<void>;
  /** How long to wait between attempts (default: 1 s doubling up to 5 minutes). */
  retry?: RetryPolicy;
  /** Called in the transaction that marks the job dead, e.g. to record the failure where users look. */
  onDead?(trx: Transaction<Database>, job: Job, error: unknown, ctx: AppContext): Promise<void>;
};

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60 * 1000 };
