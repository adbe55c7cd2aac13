/** The organization's view of the job queue: list jobs (dead ones above all) and queue a dead one again. */
import { AppError } from '../errors.js';
import { notifyJobsQueued } from '../jobs/queue.js';
import { isUniqueViolation } from '../storage/errors.js';
import { findJob, type Job, type JobFilters, listJobs, retryJob } from '../storage/jobs.repository.js';
import type { PageRequest } from '../storage/pagination.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';

export async function listOrganizationJobs(
  ctx: AppContext,
  actor: Actor,
  filters: JobFilters,
  page: PageRequest,
) {
  return await listJobs(ctx.db, actor.organizationId, filters, page);
}

export async function getOrganizationJob(ctx: AppContext, actor: Actor, id: string): Promise<Job> {
  const job = await findJob(ctx.db, actor.organizationId, id);
  if (!job) {
    throw new AppError('NOT_FOUND', 'No such job');
  }
  return job;
}

/**
 * Queues a dead (or failed) job again, due now, attempts counted from zero. Throws NOT_FOUND, and
 * CONFLICT when the job is not dead or failed, or another live job does the same work (its dedupe key).
 */
export async function retryOrganizationJob(ctx: AppContext, actor: Actor, id: string): Promise<Job> {
  const job = await getOrganizationJob(ctx, actor, id);
  let retried: Job | undefined;
  try {
    retried = await withTransaction(ctx.db, async (trx) => {
      const row = await retryJob(trx, actor.organizationId, id, ctx.clock());
      if (row) {
        await audit(trx, actor, 'job.retry', { type: 'job', id }, { kind: row.kind });
      }
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'Another job doing the same work is queued or running');
    }
    throw error;
  }
  if (!retried) {
    throw new AppError('CONFLICT', `The job is ${job.status}; only dead or failed jobs can be retried`);
  }
  notifyJobsQueued();
  return retried;
}

export function presentJob(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.max_attempts,
    runAt: job.run_at,
    lockedUntil: job.locked_until,
    lastError: job.last_error,
    payload: job.payload,
    createdAt: job.created_at,
    updatedAt: job.updated_at,
    finishedAt: job.finished_at,
  };
}
