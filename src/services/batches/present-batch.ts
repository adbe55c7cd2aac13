/** What the API shows of a batch: counts, progress, rate and ETA, and where to look next. */
import type { Batch, BatchRow } from '../../storage/batches.repository.js';

/**
 * `done` rows have a credential (new, or issued before: `issued` + `alreadyIssued`); `failed` rows have
 * none (`invalid` at validation, the rest at issuing); `pending` rows are still to be issued. `rate` is
 * rows settled per second since issuing started, `eta` the seconds left at that rate (null when unknown).
 */
export function presentBatch(batch: Batch, now: Date) {
  const done = batch.issued + batch.existing;
  const failed = batch.invalid + batch.failed;
  const pending = Math.max(0, batch.total - done - failed);
  const settled = done + batch.failed;
  let rate: number | null = null;
  let eta: number | null = null;
  if (batch.started_at !== null) {
    const end =
      batch.completed_at !== null && batch.status !== 'running' ? new Date(batch.completed_at) : now;
    const seconds = (end.getTime() - new Date(batch.started_at).getTime()) / 1000;
    if (seconds > 0 && settled > 0) {
      rate = Math.round((settled / seconds) * 10) / 10;
      eta = batch.status === 'running' ? Math.ceil(pending / (settled / seconds)) : null;
    }
  }
  const base = `/api/v1/batches/${batch.id}`;
  return {
    id: batch.id,
    status: batch.status,
    source: batch.source,
    filename: batch.filename,
    dryRun: batch.dry_run,
    notify: batch.notify,
    total: batch.total,
    valid: batch.total - batch.invalid,
    invalid: batch.invalid,
    done,
    issued: batch.issued,
    alreadyIssued: batch.existing,
    failed,
    pending,
    progress: batch.total === 0 ? 0 : Math.round(((done + failed) / batch.total) * 1000) / 1000,
    rate,
    eta,
    columns: batch.columns,
    unknownColumns: batch.unknown_columns,
    defaultAchievementId: batch.default_achievement_id,
    error: batch.error === null ? null : { code: batch.error_code ?? 'INTERNAL', message: batch.error },
    createdAt: batch.created_at,
    updatedAt: batch.updated_at,
    startedAt: batch.started_at,
    completedAt: batch.completed_at,
    links: {
      self: base,
      rows: `${base}/rows`,
      errors: `${base}/errors.csv`,
      events: `${base}/events`,
    },
  };
}

export type BatchView = ReturnType<typeof presentBatch>;

export function presentBatchRow(row: BatchRow) {
  return {
    row: row.row_number,
    status: row.status,
    data: row.data,
    errors: row.errors,
    credentialId: row.credential_id,
  };
}
