/**
 * Issuing a batch (docs/batches.md): one `batch.issue` job per chunk of rows. Each row is issued in a
 * transaction of its own that also marks the row and counts it, so a crash between rows loses nothing
 * and counts nothing twice; the row's idempotency key (its `key` column or a hash of its content) makes
 * `issueCredential` return the credential issued before instead of a second one, whoever runs the row
 * again (a retried job, a worker that took over an expired lease, a resumed batch, a re-upload).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { AppError, isAppError } from '../../errors.js';
import { enqueueMany, type Job, notifyJobsQueued } from '../../jobs/queue.js';
import {
  addBatchCounts,
  type Batch,
  type BatchCounts,
  type BatchRow,
  completeBatchIfDone,
  failPendingChunkRows,
  findBatch,
  listPendingChunkRows,
  listPendingChunks,
  resetFailedBatchRows,
  settleBatchRow,
  updateBatch,
} from '../../storage/batches.repository.js';
import type { BatchStatus, Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import { audit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { emitEvent } from '../events.js';
import { type IssueCredentialInput, issueCredential } from '../issue-credential.js';
import type { BatchRowData } from './batch-rows.js';

export const BATCH_ISSUE_JOB = 'batch.issue';
/** A chunk's job is tried this often before its remaining rows are marked failed. */
export const BATCH_MAX_ATTEMPTS = 10;
/** How often (in rows) a job looks whether its batch was cancelled. */
const CANCEL_CHECK_ROWS = 10;

async function emitCompleted(trx: Kysely<Database>, batch: Batch, now: Date): Promise<void> {
  await emitEvent(
    trx,
    batch.organization_id,
    'batch.completed',
    {
      batchId: batch.id,
      total: batch.total,
      issued: batch.issued,
      existing: batch.existing,
      invalid: batch.invalid,
      failed: batch.failed,
    },
    { now },
  );
}

/** Counts settled rows and completes the batch when it was the last one; in the rows' transaction. */
async function countRows(
  trx: Kysely<Database>,
  organizationId: string,
  batchId: string,
  delta: BatchCounts,
  now: Date,
): Promise<void> {
  const counted = await addBatchCounts(trx, organizationId, batchId, delta, now);
  // Only the row that accounts for the last one tries to complete the batch (one query less per row).
  const settled = counted ? counted.issued + counted.existing + counted.invalid + counted.failed : 0;
  if (counted?.status === 'running' && settled >= counted.total) {
    const completed = await completeBatchIfDone(trx, organizationId, batchId, now);
    if (completed) {
      await emitCompleted(trx, completed, now);
    }
  }
}

/**
 * Moves the batch (from one of `from`) to `running` and queues a job for each chunk with pending rows,
 * in one transaction; with `retryFailed`, rows that failed at issuing are pending again first. A batch
 * with nothing pending completes at once. Undefined when the batch is not in one of `from`.
 */
export async function startIssuing(
  ctx: AppContext,
  organizationId: string,
  batchId: string,
  from: readonly BatchStatus[],
  options: { retryFailed?: boolean } = {},
): Promise<Batch | undefined> {
  const now = ctx.clock();
  return await withTransaction(ctx.db, async (trx) => {
    const current = await findBatch(trx, organizationId, batchId);
    if (!current) {
      return undefined;
    }
    let batch = await updateBatch(
      trx,
      organizationId,
      batchId,
      from,
      { status: 'running', started_at: current.started_at ?? now.toISOString(), completed_at: null },
      now,
    );
    if (!batch) {
      return undefined;
    }
    if (options.retryFailed) {
      const reset = await resetFailedBatchRows(trx, organizationId, batchId);
      if (reset > 0) {
        batch = (await addBatchCounts(trx, organizationId, batchId, { failed: -reset }, now)) ?? batch;
      }
    }
    const chunks = await listPendingChunks(trx, organizationId, batchId);
    await enqueueMany(
      trx,
      chunks.map((chunk) => ({
        kind: BATCH_ISSUE_JOB,
        organizationId,
        payload: { batchId, chunk },
        maxAttempts: BATCH_MAX_ATTEMPTS,
        // A chunk has at most one live job: resuming twice, or while a job still runs, adds nothing.
        dedupeKey: `batch:${batchId}:${chunk}`,
      })),
    );
    const completed = await completeBatchIfDone(trx, organizationId, batchId, now);
    if (completed) {
      await emitCompleted(trx, completed, now);
      return completed;
    }
    return batch;
  });
}

function issueInput(row: BatchRow, notify: boolean): IssueCredentialInput {
  const data = row.data as unknown as BatchRowData;
  const evidence =
    data.evidence !== undefined || data.narrative !== undefined
      ? [
          {
            ...(data.evidence !== undefined ? { id: data.evidence } : {}),
            ...(data.narrative !== undefined ? { narrative: data.narrative } : {}),
          },
        ]
      : undefined;
  return {
    ...(notify ? {} : { notify: false }),
    achievementId: data.achievementId,
    recipient: {
      ...(data.email !== undefined ? { email: data.email } : {}),
      ...(data.did !== undefined ? { did: data.did } : {}),
      ...(data.name !== undefined ? { name: data.name } : {}),
    },
    ...(row.idempotency_key ? { idempotencyKey: row.idempotency_key } : {}),
    ...(evidence ? { evidence } : {}),
    ...(data.result !== undefined ? { results: [{ value: data.result }] } : {}),
    ...(data.validFrom !== undefined ? { validFrom: data.validFrom } : {}),
    ...(data.validUntil !== undefined ? { validUntil: data.validUntil } : {}),
  };
}

/**
 * Issues one pending row. The credential, its row marked `issued` and the batch's counters commit in one
 * transaction (issueCredential's, through `onIssued`), so a crash leaves the row either issued and
 * counted, or pending. A row whose credential exists already (its idempotency key) is marked `existing`.
 * A rule the row breaks (an AppError other than INTERNAL: the achievement was archived meanwhile, the key
 * was used for another recipient …) fails the row, not the job; anything else is thrown, and the job
 * retries the rows still pending.
 *
 * issueCredential keeps its own transaction (rather than joining one opened here) so that what it does
 * before it — allocating the status-list entry, a short update of the list's counter — commits at once:
 * inside a longer transaction that row lock would be held through the signing, and workers issuing for
 * the same issuer would wait on each other.
 */
export async function issueBatchRow(
  ctx: AppContext,
  actor: Actor,
  row: BatchRow,
  options: { notify?: boolean } = {},
): Promise<void> {
  const input = issueInput(row, options.notify !== false);
  const organizationId = actor.organizationId;
  const settle = async (
    trx: Kysely<Database>,
    outcome: Parameters<typeof settleBatchRow>[4],
    delta: BatchCounts,
  ): Promise<void> => {
    if (await settleBatchRow(trx, organizationId, row.batch_id, row.row_number, outcome)) {
      await countRows(trx, organizationId, row.batch_id, delta, ctx.clock());
    }
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const issued = await issueCredential(ctx, actor, input, {
        onIssued: (trx, credential) =>
          settle(trx, { status: 'issued', credentialId: credential.id }, { issued: 1 }),
      });
      if (!issued.created) {
        await withTransaction(ctx.db, (trx) =>
          settle(trx, { status: 'existing', credentialId: issued.row.id }, { existing: 1 }),
        );
      }
      return;
    } catch (error) {
      if (isAppError(error) && error.code !== 'INTERNAL') {
        await withTransaction(ctx.db, (trx) =>
          settle(
            trx,
            {
              status: 'failed',
              errors: [{ column: null, code: error.code, message: error.detail ?? error.message }],
            },
            { failed: 1 },
          ),
        );
        return;
      }
      // A database hiccup: one more try before the job fails (and retries the rows still pending).
      if (attempt >= 2) {
        throw error;
      }
    }
  }
}

/** The `batch.issue` job: the pending rows of one chunk, stopping early if the batch is cancelled. */
export async function issueBatchChunk(ctx: AppContext, job: Job, signal: AbortSignal): Promise<void> {
  const organizationId = job.organization_id ?? '';
  const batchId = String(job.payload.batchId ?? '');
  const chunk = Number(job.payload.chunk);
  let batch = await findBatch(ctx.db, organizationId, batchId);
  if (batch?.status !== 'running') {
    return;
  }
  const actor: Actor = {
    type: batch.created_by_type,
    id: batch.created_by_id,
    organizationId,
    role: 'issuer',
  };
  const rows = await listPendingChunkRows(ctx.db, organizationId, batchId, chunk);
  for (const [index, row] of rows.entries()) {
    // Let the event loop serve requests between rows. With SQLite every query completes synchronously,
    // so without this a chunk would run as one chain of promises and starve HTTP until it ends.
    await nextTurn();
    if (signal.aborted) {
      throw signal.reason;
    }
    if (index > 0 && index % CANCEL_CHECK_ROWS === 0) {
      batch = await findBatch(ctx.db, organizationId, batchId);
      if (batch?.status !== 'running') {
        return;
      }
    }
    await issueBatchRow(ctx, actor, row, { notify: batch.notify });
  }
}

/** When a chunk's job gives up: its rows still pending fail (so the batch can complete), with the reason. */
export async function failBatchChunk(
  trx: Kysely<Database>,
  job: Job,
  error: unknown,
  now: Date,
): Promise<void> {
  const organizationId = job.organization_id ?? '';
  const batchId = String(job.payload.batchId ?? '');
  const reason = error instanceof Error ? error.message : String(error);
  const failed = await failPendingChunkRows(trx, organizationId, batchId, Number(job.payload.chunk), [
    {
      column: null,
      code: 'JOB_FAILED',
      message: `Not issued after ${job.attempts} attempts: ${reason.slice(0, 500)}. Resume the batch to try again.`,
    },
  ]);
  if (failed > 0) {
    await countRows(trx, organizationId, batchId, { failed }, now);
  }
}

/** Stops a batch: no row is issued after the jobs notice (within a few rows). Throws NOT_FOUND, CONFLICT. */
export async function cancelBatch(ctx: AppContext, actor: Actor, batchId: string): Promise<Batch> {
  return await withTransaction(ctx.db, async (trx) => {
    const batch = await updateBatch(
      trx,
      actor.organizationId,
      batchId,
      ['validating', 'validated', 'running'],
      { status: 'cancelled', completed_at: ctx.clock().toISOString() },
      ctx.clock(),
    );
    if (!batch) {
      const current = await findBatch(trx, actor.organizationId, batchId);
      if (!current) {
        throw new AppError('NOT_FOUND', 'No such batch');
      }
      throw new AppError('CONFLICT', `The batch is ${current.status}; it cannot be cancelled`);
    }
    await audit(trx, actor, 'batch.cancel', { type: 'batch', id: batchId });
    return batch;
  });
}

/**
 * Issues what is left of a batch: a validated (dry-run) batch starts; a cancelled one continues; a
 * running one gets jobs again for chunks that have none; a completed one retries the rows that failed at
 * issuing. Rows already issued are never issued again. Throws NOT_FOUND, CONFLICT (a failed upload, an
 * upload cancelled before it was read, or nothing left to do).
 */
export async function resumeBatch(ctx: AppContext, actor: Actor, batchId: string): Promise<Batch> {
  const current = await findBatch(ctx.db, actor.organizationId, batchId);
  if (!current) {
    throw new AppError('NOT_FOUND', 'No such batch');
  }
  if (
    current.status === 'failed' ||
    current.status === 'validating' ||
    current.error_code === 'UPLOAD_CANCELLED'
  ) {
    throw new AppError(
      'CONFLICT',
      current.status === 'validating'
        ? 'The batch is still being read'
        : 'The file was not read completely: upload it again (rows issued before are not issued twice)',
    );
  }
  if (current.status === 'completed' && current.failed === 0) {
    throw new AppError('CONFLICT', 'The batch is complete: nothing is left to issue');
  }
  const resumed = await startIssuing(
    ctx,
    actor.organizationId,
    batchId,
    ['validated', 'cancelled', 'running', 'completed'],
    { retryFailed: true },
  );
  if (!resumed) {
    throw new AppError('CONFLICT', 'The batch changed meanwhile; look at it again');
  }
  await audit(ctx.db, actor, 'batch.resume', { type: 'batch', id: batchId });
  notifyJobsQueued();
  return resumed;
}
