/** The `batch.issue` job: issues the pending rows of one chunk of a batch (see services/batches/run-batch.ts). */
import { BATCH_ISSUE_JOB, failBatchChunk, issueBatchChunk } from '../../services/batches/run-batch.js';
import type { JobHandler } from '../queue.js';

export function createBatchIssueHandler(): JobHandler {
  return {
    kind: BATCH_ISSUE_JOB,
    // Rows fail one by one for their own reasons; a job fails for the database or the process: retry soon.
    retry: { baseMs: 2000, maxMs: 5 * 60_000 },
    run: (job, { ctx, signal }) => issueBatchChunk(ctx, job, signal),
    onDead: (trx, job, error, ctx) => failBatchChunk(trx, job, error, ctx.clock()),
  };
}
