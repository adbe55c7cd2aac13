/**
 * Issuing a batch (docs/batches.md): one `batch.issue` job per chunk of rows, which issues them a group
 * at a time. A group's credentials, their rows marked and the batch's counts commit in one transaction,
 * so a crash loses nothing and counts nothing twice; the row's idempotency key (its `key` column or a
 * hash of its content) names the credential issued before instead of a second one, whoever runs the row
 * again (a retried job, a worker that took over an expired lease, a resumed batch, a re-upload).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
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
import { isUniqueViolation } from '../../storage/errors.js';
import type { BatchStatus, Database } from '../../storage/tables.js';
import { withSavepoint, withTransaction } from '../../storage/transaction.js';
import { audit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { emitEvent } from '../events.js';
import {
  earlierIssue,
  earlierIssues,
  type IssueCredentialInput,
  type IssueCredentialOptions,
  isRetryable,
  issuePreparedInTransaction,
  type PreparedIssue,
  prepareIssues,
} from '../issue-credential.js';
import type { BatchRowData } from './batch-rows.js';

export const BATCH_ISSUE_JOB = 'batch.issue';
/** A chunk's job is tried this often before its remaining rows are marked failed. */
export const BATCH_MAX_ATTEMPTS = 10;
/**
 * Rows issued in one transaction. More rows share a commit's cost; fewer hold SQLite's one connection
 * (which HTTP requests wait for) for less time: 20 rows take some 50 ms. A job looks whether its batch
 * was cancelled between groups.
 */
export const GROUP_ROWS = 20;

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

type RowOutcome = Parameters<typeof settleBatchRow>[4];

/** A row's failure as the batch reports it. */
function failedOutcome(error: AppError): RowOutcome {
  return {
    status: 'failed',
    errors: [{ column: null, code: error.code, message: error.detail ?? error.message }],
  };
}

/**
 * Issues a group of pending rows in one transaction: one commit for many credentials (a commit, with
 * its write to disk, cost more than everything else a row does). Each row still settles exactly once:
 * the credentials, their rows marked `issued` and the batch's counters commit together, so a crash
 * leaves every row of the group either issued and counted, or pending.
 *
 * Before the transaction, `prepareIssues` reads each achievement, issuer and key once and claims the
 * rows' status-list entries in bulk, each claim a short statement of its own: inside the transaction
 * that lock would be held through the signing, and workers issuing for one issuer would wait on each
 * other. For the same reason the batch's counters are added once, at the end of the group.
 *
 * Each row runs in a savepoint. A rule the row breaks (an AppError other than INTERNAL: an archived
 * achievement, an idempotency key used for another recipient …) fails the row, not the group; a row
 * whose key has a credential already is marked `existing`. Anything else rolls back the group and is
 * thrown, and the job retries the rows still pending; a PostgreSQL deadlock runs the group again.
 */
export async function issueBatchRows(
  ctx: AppContext,
  actor: Actor,
  rows: readonly BatchRow[],
  options: { notify?: boolean } = {},
): Promise<void> {
  const plans = await planRows(ctx, actor, rows, options.notify !== false);
  const organizationId = actor.organizationId;
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(ctx.db, async (trx) => {
        const counts = { issued: 0, existing: 0, failed: 0 };
        const settle = async (row: BatchRow, outcome: RowOutcome): Promise<void> => {
          if (await settleBatchRow(trx, organizationId, row.batch_id, row.row_number, outcome)) {
            counts[outcome.status] += 1;
          }
        };
        for (const [index, row] of rows.entries()) {
          const plan = plans[index] as RowPlan;
          const outcome =
            'outcome' in plan
              ? plan.outcome
              : await issueRowInGroup(ctx, trx, actor, plan.input, plan.prepared, (_trx, credential) =>
                  settle(row, { status: 'issued', credentialId: credential.id }),
                );
          if (outcome) {
            await settle(row, outcome);
          }
        }
        const batchId = rows[0]?.batch_id;
        if (batchId && counts.issued + counts.existing + counts.failed > 0) {
          await countRows(trx, organizationId, batchId, counts, ctx.clock());
        }
      });
      // The credentials' e-mails and webhooks are committed: this process's workers start on them now.
      notifyJobsQueued();
      return;
    } catch (error) {
      if (isRetryable(error) && attempt < 3) {
        continue;
      }
      throw error;
    }
  }
}

/** What a row of a group comes to before its transaction: settled already, or prepared to issue. */
type RowPlan = { outcome: RowOutcome } | { input: IssueCredentialInput; prepared: PreparedIssue };

/**
 * The rows whose key has a credential already are settled (`existing`, or failed when the key answered
 * another request) with one look-up for the group; the others are prepared (no status-list slot is
 * spent on a row that will not issue), or failed for the rule their input breaks.
 */
async function planRows(
  ctx: AppContext,
  actor: Actor,
  rows: readonly BatchRow[],
  notify: boolean,
): Promise<RowPlan[]> {
  const inputs = rows.map((row) => issueInput(row, notify));
  const earlier = await earlierIssues(ctx.db, actor.organizationId, inputs);
  const fresh = inputs.flatMap((input, index) => (earlier.has(index) ? [] : [{ input, index }]));
  const prepared = await prepareIssues(
    ctx,
    actor,
    fresh.map(({ input }) => input),
  );
  const preparedAt = new Map(fresh.map(({ index }, position) => [index, prepared[position]]));
  return inputs.map((input, index): RowPlan => {
    const found = earlier.get(index);
    if (found instanceof AppError) {
      return { outcome: failedOutcome(found) };
    }
    if (found) {
      return { outcome: { status: 'existing', credentialId: found.row.id } };
    }
    const ready = preparedAt.get(index) as PreparedIssue | AppError;
    return ready instanceof AppError ? { outcome: failedOutcome(ready) } : { input, prepared: ready };
  });
}

/**
 * One row of a group whose key has no credential yet (as the group's one look-up found), in a savepoint.
 * Returns how the row settles when it was not issued (`onIssued` settles it inside issuing otherwise).
 * A key met twice in one group, or stored meanwhile by another worker, fails the insert: the row is then
 * `existing` (or failed, when the key answered another request).
 */
async function issueRowInGroup(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: IssueCredentialInput,
  prepared: PreparedIssue,
  onIssued: NonNullable<IssueCredentialOptions['onIssued']>,
): Promise<RowOutcome | undefined> {
  try {
    await withSavepoint(trx, 'batch_row', () =>
      issuePreparedInTransaction(ctx, trx, actor, input, prepared, { onIssued }),
    );
    return undefined;
  } catch (error) {
    // Another worker stored this row's key first (PostgreSQL): its credential is this row's.
    const winner = isUniqueViolation(error) ? await earlierIssueOrFailure(trx, actor, input) : undefined;
    if (winner) {
      return winner;
    }
    if (isAppError(error) && error.code !== 'INTERNAL') {
      return failedOutcome(error);
    }
    throw error;
  }
}

async function earlierIssueOrFailure(
  trx: Transaction<Database>,
  actor: Actor,
  input: IssueCredentialInput,
): Promise<RowOutcome | undefined> {
  try {
    const earlier = await earlierIssue(trx, actor.organizationId, input);
    return earlier ? { status: 'existing', credentialId: earlier.row.id } : undefined;
  } catch (error) {
    if (isAppError(error) && error.code !== 'INTERNAL') {
      return failedOutcome(error);
    }
    throw error;
  }
}

/** The `batch.issue` job: the pending rows of one chunk, a group at a time, stopping if the batch is cancelled. */
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
  for (let start = 0; start < rows.length; start += GROUP_ROWS) {
    // Let the event loop serve requests between groups. With SQLite every query completes synchronously,
    // so without this a chunk would run as one chain of promises and starve HTTP until it ends.
    await nextTurn();
    if (signal.aborted) {
      throw signal.reason;
    }
    if (start > 0) {
      batch = await findBatch(ctx.db, organizationId, batchId);
      if (batch?.status !== 'running') {
        return;
      }
    }
    await issueBatchRows(ctx, actor, rows.slice(start, start + GROUP_ROWS), { notify: batch.notify });
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
