import { type Kysely, type Selectable, sql, type UpdateObject } from 'kysely';
import { fromJsonText, type JsonObject, toJsonText, toTimestamp } from './codec.js';
import type { DialectName } from './database.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { Database, JobStatus, JobTable, Timestamp } from './tables.js';

/** A job as the queue hands it out: the payload parsed. */
export type Job = Omit<Selectable<JobTable>, 'payload'> & { payload: JsonObject };

export type NewJob = {
  id?: string;
  organization_id?: string | null;
  kind: string;
  payload: JsonObject;
  max_attempts: number;
  /** Default: now. */
  run_at?: Timestamp | Date;
  /** At most one live job per key: a second `insertJob` with the key of a live job inserts nothing. */
  dedupe_key?: string | null;
};

const LIVE_DEDUPE = sql<boolean>`dedupe_key is not null and status in ('queued', 'running', 'failed')`;

function toRow(job: NewJob, now: Timestamp) {
  return {
    id: job.id ?? newId(),
    organization_id: job.organization_id ?? null,
    kind: job.kind,
    payload: toJsonText(job.payload),
    status: 'queued' as const,
    attempts: 0,
    max_attempts: job.max_attempts,
    run_at: job.run_at === undefined ? now : toTimestamp(job.run_at),
    locked_by: null,
    locked_until: null,
    last_error: null,
    dedupe_key: job.dedupe_key ?? null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
}

/**
 * Adds jobs; call it inside the transaction of the change that needs them, so both commit or neither
 * does. Jobs whose dedupe key names a live job are left out. Returns how many were added.
 */
export async function insertJobs(
  db: Kysely<Database>,
  jobs: readonly NewJob[],
  now: Date = new Date(),
): Promise<number> {
  const at = toTimestamp(now);
  let added = 0;
  // 500 rows of 15 columns stay far below SQLite's limit of 32,766 bound parameters per statement.
  for (let start = 0; start < jobs.length; start += 500) {
    const rows = jobs.slice(start, start + 500).map((job) => toRow(job, at));
    const result = await db
      .insertInto('jobs')
      .values(rows)
      .onConflict((conflict) => conflict.column('dedupe_key').where(LIVE_DEDUPE).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/** Adds one job (see `insertJobs`); undefined when a live job has the same dedupe key. */
export async function insertJob(
  db: Kysely<Database>,
  job: NewJob,
  now: Date = new Date(),
): Promise<Job | undefined> {
  const row = await db
    .insertInto('jobs')
    .values(toRow(job, toTimestamp(now)))
    .onConflict((conflict) => conflict.column('dedupe_key').where(LIVE_DEDUPE).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}

export type ClaimOptions = {
  workerId: string;
  /** The kinds this worker runs. */
  kinds: readonly string[];
  limit: number;
  now: Date;
  /** How long the claim holds without a heartbeat. */
  leaseMs: number;
};

/**
 * Takes up to `limit` jobs for one worker: due jobs (queued, or failed and due again), oldest first, and
 * running jobs whose lease expired (their worker died). Each claimed job is `running`, locked by the
 * worker until `now + leaseMs`, its `attempts` counted.
 *
 * Each claim is one statement, `UPDATE jobs … WHERE id IN (SELECT … LIMIT n) RETURNING *`:
 * - PostgreSQL: the inner select is `FOR UPDATE SKIP LOCKED`, so any number of workers on any number of
 *   machines claim at once, each job exactly once, without waiting on each other (a row another claim
 *   holds is skipped; one it has just taken no longer matches when re-checked).
 * - SQLite: one statement is one transaction, and an UPDATE takes the database's write lock when it
 *   starts, before it reads (what `BEGIN IMMEDIATE` does for a longer transaction): a second process's
 *   claim waits for this one (busy timeout) and then sees its result. Being a single statement, it holds
 *   the lock for no longer than the statement runs, never across an `await`; a `BEGIN IMMEDIATE … COMMIT`
 *   spanning several awaited statements would, and a second connection in the same process waiting on
 *   that lock would block the event loop the first one needs to commit.
 */
export async function claimJobs(
  db: Kysely<Database>,
  dialect: DialectName,
  options: ClaimOptions,
): Promise<Job[]> {
  if (options.kinds.length === 0 || options.limit <= 0) {
    return [];
  }
  const now = toTimestamp(options.now);
  const lockedUntil = toTimestamp(options.now.getTime() + options.leaseMs);
  const claimed = {
    status: 'running' as const,
    attempts: sql<number>`attempts + 1`,
    locked_by: options.workerId,
    locked_until: lockedUntil,
    updated_at: now,
  };
  // Two claims, each answered by its own partial index (`jobs_lease_idx`, `jobs_due_idx`) however many
  // finished jobs the table holds: first jobs whose worker died (their lease expired), then due jobs.
  const claim = async (which: 'expired' | 'due', limit: number): Promise<Selectable<JobTable>[]> => {
    if (limit <= 0) {
      return [];
    }
    let select = db.selectFrom('jobs').select('id').where('kind', 'in', options.kinds);
    select =
      which === 'expired'
        ? select.where('status', '=', 'running').where('locked_until', '<', now).orderBy('locked_until')
        : select
            .where('status', 'in', ['queued', 'failed'])
            .where('run_at', '<=', now)
            .orderBy('run_at')
            .orderBy('id');
    select = select.limit(limit);
    if (dialect === 'postgres') {
      // The locking select in a CTE, which runs exactly once (a LIMIT subquery inside IN may be re-run by
      // some plans and take more rows than asked).
      return await db
        .with('due', () => select.forUpdate().skipLocked())
        .updateTable('jobs')
        .set(claimed)
        .from('due')
        .whereRef('jobs.id', '=', 'due.id')
        .returningAll('jobs')
        .execute();
    }
    return await db.updateTable('jobs').set(claimed).where('id', 'in', select).returningAll().execute();
  };
  const expired = await claim('expired', options.limit);
  const rows = [...expired, ...(await claim('due', options.limit - expired.length))];
  return rows
    .map(toJob)
    .sort((a, b) => (a.run_at === b.run_at ? (a.id < b.id ? -1 : 1) : a.run_at < b.run_at ? -1 : 1));
}

/** Extends a running job's lease; false when the worker no longer holds it (it expired and was taken). */
export async function extendJobLease(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  until: Date,
): Promise<boolean> {
  return await updateHeldJob(db, id, workerId, { locked_until: toTimestamp(until) });
}

/** Marks a job this worker holds as succeeded; false when it no longer holds it. */
export async function completeJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  now: Date,
): Promise<boolean> {
  const at = toTimestamp(now);
  // locked_by stays: which worker ran the job is worth knowing; locked_until alone decides claims.
  return await updateHeldJob(db, id, workerId, {
    status: 'succeeded',
    locked_until: null,
    updated_at: at,
    finished_at: at,
  });
}

/**
 * Records a failed attempt of a job this worker holds: `failed` and due again at `retryAt`, or `dead`
 * when `retryAt` is undefined. False when the worker no longer holds the job.
 */
export async function failJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  failure: { error: string; retryAt: Date | undefined; now: Date },
): Promise<boolean> {
  const at = toTimestamp(failure.now);
  return await updateHeldJob(db, id, workerId, {
    status: failure.retryAt === undefined ? 'dead' : 'failed',
    run_at: failure.retryAt === undefined ? sql`run_at` : toTimestamp(failure.retryAt),
    last_error: failure.error.slice(0, 2000),
    locked_until: null,
    updated_at: at,
    finished_at: failure.retryAt === undefined ? at : null,
  });
}

/**
 * Gives a job back without counting the attempt (its worker is shutting down): queued again, due now.
 */
export async function releaseJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  now: Date,
): Promise<boolean> {
  const at = toTimestamp(now);
  return await updateHeldJob(db, id, workerId, {
    status: 'queued',
    attempts: sql`case when attempts > 0 then attempts - 1 else 0 end`,
    run_at: at,
    locked_by: null,
    locked_until: null,
    updated_at: at,
  });
}

/** Updates a job only while `workerId` holds it (running, under its lock); false when it no longer does. */
async function updateHeldJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  changes: UpdateObject<Database, 'jobs'>,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(changes)
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findJob(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Job | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}

export type JobFilters = { status?: JobStatus; kind?: string };

/** The organization's jobs, newest first, one page at a time. */
export async function listJobs(
  db: Kysely<Database>,
  organizationId: string,
  filters: JobFilters = {},
  page: PageRequest = {},
): Promise<Page<Job>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('jobs').selectAll().where('organization_id', '=', organizationId);
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (filters.kind !== undefined) {
    query = query.where('kind', '=', filters.kind);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('jobs', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toJob), limit);
}

/**
 * Queues a dead (or failed) job again, due now, with its attempts counted from zero. Undefined when the
 * organization has no such job, or it is neither dead nor failed.
 */
export async function retryJob(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  now: Date,
): Promise<Job | undefined> {
  const at = toTimestamp(now);
  const row = await db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: at, updated_at: at, finished_at: null })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'failed'])
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}

/** Housekeeping: deletes jobs that succeeded before `before`. Returns how many. */
export async function pruneSucceededJobs(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', '=', 'succeeded')
    .where('finished_at', '<', toTimestamp(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toJob(row: Selectable<JobTable>): Job {
  return { ...row, payload: fromJsonText(row.payload) };
}
