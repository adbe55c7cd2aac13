import { type Kysely, type Selectable, sql } from 'kysely';
import {
  fromDbBoolean,
  fromJsonText,
  type JsonValue,
  nowTimestamp,
  toDbBoolean,
  toJsonText,
  toTimestamp,
} from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type {
  ActorType,
  BatchRowStatus,
  BatchRowTable,
  BatchStatus,
  BatchTable,
  Database,
  Timestamp,
} from './tables.js';

/** A batch: JSON columns parsed, `dry_run` a boolean. */
export type Batch = Omit<Selectable<BatchTable>, 'columns' | 'unknown_columns' | 'dry_run' | 'notify'> & {
  columns: string[] | null;
  unknown_columns: string[];
  dry_run: boolean;
  notify: boolean;
};

/** A row of a batch: `data` and `errors` parsed. */
export type BatchRow = Omit<Selectable<BatchRowTable>, 'data' | 'errors'> & {
  data: Record<string, JsonValue>;
  errors: { column: string | null; code: string; message: string }[];
};

export type NewBatch = {
  id?: string;
  organization_id: string;
  source: 'csv' | 'json';
  filename?: string | null;
  dry_run: boolean;
  /** Default true: each credential e-mails its learner. */
  notify?: boolean;
  default_achievement_id?: string | null;
  created_by_type: ActorType;
  created_by_id: string | null;
};

export async function insertBatch(db: Kysely<Database>, values: NewBatch): Promise<Batch> {
  const now = nowTimestamp();
  const row = await db
    .insertInto('batches')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      status: 'validating',
      source: values.source,
      filename: values.filename ?? null,
      dry_run: toDbBoolean(values.dry_run),
      notify: toDbBoolean(values.notify ?? true),
      default_achievement_id: values.default_achievement_id ?? null,
      columns: null,
      unknown_columns: null,
      total: 0,
      invalid: 0,
      issued: 0,
      existing: 0,
      failed: 0,
      error_code: null,
      error: null,
      created_by_type: values.created_by_type,
      created_by_id: values.created_by_id,
      created_at: now,
      updated_at: now,
      started_at: null,
      completed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBatch(row);
}

export async function findBatch(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Batch | undefined> {
  const row = await db
    .selectFrom('batches')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

/** The organization's batches, newest first. */
export async function listBatches(
  db: Kysely<Database>,
  organizationId: string,
  filters: { status?: BatchStatus } = {},
  page: PageRequest = {},
): Promise<Page<Batch>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('batches').selectAll().where('organization_id', '=', organizationId);
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('batches', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toBatch), limit);
}

export type BatchPatch = {
  status?: BatchStatus;
  columns?: readonly string[];
  unknown_columns?: readonly string[];
  error_code?: string | null;
  error?: string | null;
  started_at?: Timestamp | null;
  completed_at?: Timestamp | null;
};

/**
 * Changes the batch when its status is one of `from` (a state transition that two requests cannot both
 * make). Undefined when there is no such batch or its status is another.
 */
export async function updateBatch(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  from: readonly BatchStatus[],
  patch: BatchPatch,
  now: Date = new Date(),
): Promise<Batch | undefined> {
  const { columns, unknown_columns, ...rest } = patch;
  const row = await db
    .updateTable('batches')
    .set({
      ...rest,
      ...(columns === undefined ? {} : { columns: toJsonText([...columns]) }),
      ...(unknown_columns === undefined ? {} : { unknown_columns: toJsonText([...unknown_columns]) }),
      updated_at: toTimestamp(now),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

export type BatchCounts = {
  total?: number;
  invalid?: number;
  issued?: number;
  existing?: number;
  failed?: number;
};

/**
 * Adds to the batch's counters in one statement (safe against concurrent workers: each adds its own).
 * Call it in the transaction that changes the rows it counts, so counters and rows never disagree.
 */
export async function addBatchCounts(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  delta: BatchCounts,
  now: Date = new Date(),
): Promise<Batch | undefined> {
  const add = (column: keyof BatchCounts) => sql<number>`${sql.ref(column)} + ${delta[column] ?? 0}`;
  const row = await db
    .updateTable('batches')
    .set({
      total: add('total'),
      invalid: add('invalid'),
      issued: add('issued'),
      existing: add('existing'),
      failed: add('failed'),
      updated_at: toTimestamp(now),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

/**
 * Marks a running batch completed once every row is accounted for (issued, existing, invalid or failed).
 * Undefined when it is not running or rows are still pending: of concurrent callers, exactly one gets it.
 */
export async function completeBatchIfDone(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  now: Date = new Date(),
): Promise<Batch | undefined> {
  const at = toTimestamp(now);
  const row = await db
    .updateTable('batches')
    .set({ status: 'completed', completed_at: at, updated_at: at })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where(sql<boolean>`issued + existing + invalid + failed >= total`)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toBatch(row);
}

export type NewBatchRow = {
  row_number: number;
  chunk: number;
  status: 'pending' | 'invalid';
  data: Record<string, JsonValue>;
  errors?: { column: string | null; code: string; message: string }[] | null;
  idempotency_key?: string | null;
};

/** Stores rows of a batch (many per statement). */
export async function insertBatchRows(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
  rows: readonly NewBatchRow[],
): Promise<void> {
  // 400 rows of 9 columns stay far below SQLite's limit of 32,766 bound parameters per statement.
  for (let start = 0; start < rows.length; start += 400) {
    await db
      .insertInto('batch_rows')
      .values(
        rows.slice(start, start + 400).map((row) => ({
          batch_id: batchId,
          organization_id: organizationId,
          row_number: row.row_number,
          chunk: row.chunk,
          status: row.status,
          data: toJsonText(row.data),
          errors: row.errors ? toJsonText(row.errors) : null,
          idempotency_key: row.idempotency_key ?? null,
          credential_id: null,
        })),
      )
      .execute();
  }
}

/** The chunks that still have pending rows. */
export async function listPendingChunks(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('batch_rows')
    .select('chunk')
    .distinct()
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId)
    .where('status', '=', 'pending')
    .orderBy('chunk')
    .execute();
  return rows.map((row) => row.chunk);
}

/** The pending rows of one chunk, in file order. */
export async function listPendingChunkRows(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
  chunk: number,
): Promise<BatchRow[]> {
  const rows = await db
    .selectFrom('batch_rows')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId)
    .where('chunk', '=', chunk)
    .where('status', '=', 'pending')
    .orderBy('row_number')
    .execute();
  return rows.map(toBatchRow);
}

/**
 * Settles a pending row: issued, existing (its credential was issued before) or failed. False when the
 * row is no longer pending (another worker settled it first): then count nothing.
 */
export async function settleBatchRow(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
  rowNumber: number,
  outcome:
    | { status: 'issued' | 'existing'; credentialId: string }
    | { status: 'failed'; errors: { column: string | null; code: string; message: string }[] },
): Promise<boolean> {
  const result = await db
    .updateTable('batch_rows')
    .set(
      outcome.status === 'failed'
        ? { status: 'failed', errors: toJsonText(outcome.errors) }
        : { status: outcome.status, credential_id: outcome.credentialId },
    )
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId)
    .where('row_number', '=', rowNumber)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Fails every pending row of a chunk with the same error; returns how many. */
export async function failPendingChunkRows(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
  chunk: number,
  errors: { column: string | null; code: string; message: string }[],
): Promise<number> {
  const result = await db
    .updateTable('batch_rows')
    .set({ status: 'failed', errors: toJsonText(errors) })
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId)
    .where('chunk', '=', chunk)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Puts the rows that failed at issuing back to pending (to try again); returns how many. */
export async function resetFailedBatchRows(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
): Promise<number> {
  const result = await db
    .updateTable('batch_rows')
    .set({ status: 'pending', errors: null })
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Rows of a batch in file order, after `afterRow`, optionally of some statuses only. */
export async function listBatchRows(
  db: Kysely<Database>,
  organizationId: string,
  batchId: string,
  options: { statuses?: readonly BatchRowStatus[]; afterRow?: number; limit?: number } = {},
): Promise<BatchRow[]> {
  let query = db
    .selectFrom('batch_rows')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('batch_id', '=', batchId);
  if (options.statuses !== undefined && options.statuses.length > 0) {
    query = query.where('status', 'in', [...options.statuses]);
  }
  if (options.afterRow !== undefined) {
    query = query.where('row_number', '>', options.afterRow);
  }
  const rows = await query
    .orderBy('row_number')
    .limit(Math.min(options.limit ?? 100, 1000))
    .execute();
  return rows.map(toBatchRow);
}

function toBatch(row: Selectable<BatchTable>): Batch {
  return {
    ...row,
    dry_run: fromDbBoolean(row.dry_run),
    notify: fromDbBoolean(row.notify),
    columns: row.columns === null ? null : fromJsonText<string[]>(row.columns),
    unknown_columns: row.unknown_columns === null ? [] : fromJsonText<string[]>(row.unknown_columns),
  };
}

function toBatchRow(row: Selectable<BatchRowTable>): BatchRow {
  return {
    ...row,
    data: fromJsonText(row.data),
    errors: row.errors === null ? [] : fromJsonText(row.errors),
  };
}
