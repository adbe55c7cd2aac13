/**
 * Creating a batch (docs/batches.md): read a CSV stream (or a JSON list) row by row, validate each row,
 * store rows in chunks as they come, then either stop (`validated`, a dry run) or start issuing
 * (`running`: one `batch.issue` job per chunk of rows, committed with the status change).
 *
 * Memory does not grow with the file: the stream is parsed as it arrives (`CsvParser`), at most
 * `FLUSH_ROWS` rows wait for the database, a field is cut at `MAX_FIELD_BYTES`, and the next bytes are
 * read only once the database has taken the previous rows (back-pressure through `for await`).
 */
import { AppError, isAppError } from '../../errors.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import { findAchievement, findAchievementsByName } from '../../storage/achievements.repository.js';
import {
  addBatchCounts,
  type Batch,
  findBatch,
  insertBatch,
  insertBatchRows,
  type NewBatchRow,
  updateBatch,
} from '../../storage/batches.repository.js';
import type { JsonValue } from '../../storage/codec.js';
import { withTransaction } from '../../storage/transaction.js';
import { audit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import {
  type AchievementLookup,
  BATCH_COLUMNS,
  type BatchColumn,
  canonicalColumn,
  type RowError,
  rowIdempotencyKey,
  validateRow,
} from './batch-rows.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';
import { startIssuing } from './run-batch.js';

/** The largest upload accepted: 1 GiB. */
export const MAX_BATCH_BYTES = 1024 ** 3;
/** The most rows one batch takes: a million. */
export const MAX_BATCH_ROWS = 1_000_000;
/** The longest value of one field: 64 KiB (a longer one fails its row, and is not kept). */
export const MAX_FIELD_BYTES = 64 * 1024;
/** Rows per issuing job. */
export const BATCH_CHUNK_SIZE = 100;
/** Rows validated before they are written to the database together. */
const FLUSH_ROWS = 500;
/** How much of an invalid row's values the report keeps, per value. */
const REPORT_VALUE_LENGTH = 200;

export type BatchOptions = {
  /** Validate only: the batch ends `validated`, nothing is issued until it is started. */
  dryRun?: boolean;
  /** False: the credentials send no e-mail to their learners (default true). */
  notify?: boolean;
  /** The achievement (id or exact name) of rows that name none. */
  achievementId?: string;
  filename?: string;
};

class BatchCancelled extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function cut(value: string): string {
  return value.length > REPORT_VALUE_LENGTH ? `${value.slice(0, REPORT_VALUE_LENGTH)}…` : value;
}

function achievementResolver(ctx: AppContext, organizationId: string) {
  const cache = new Map<string, AchievementLookup>();
  return async (value: string): Promise<AchievementLookup> => {
    const known = cache.get(value);
    if (known) {
      return known;
    }
    let found: AchievementLookup;
    const byId = await findAchievement(ctx.db, organizationId, value);
    const candidates = byId ? [byId] : await findAchievementsByName(ctx.db, organizationId, value);
    const [only] = candidates;
    if (only === undefined) {
      found = { kind: 'unknown' };
    } else if (candidates.length > 1) {
      found = { kind: 'ambiguous', count: candidates.length };
    } else if (only.status !== 'active') {
      found = { kind: 'inactive', status: only.status };
    } else {
      found = { kind: 'found', id: only.id };
    }
    // Bounded, so a file naming a million different achievements cannot grow it without end.
    if (cache.size >= 1000) {
      cache.clear();
    }
    cache.set(value, found);
    return found;
  };
}

/** Validates rows and writes them to the database in groups, counting as it goes. */
class RowWriter {
  private buffer: NewBatchRow[] = [];
  private invalidInBuffer = 0;
  /** Data rows seen (which chunk a row goes to). */
  private ordinal = 0;
  readonly unknownColumns = new Set<string>();
  private readonly resolve: (value: string) => Promise<AchievementLookup>;

  constructor(
    private readonly ctx: AppContext,
    private readonly batch: Batch,
  ) {
    this.resolve = achievementResolver(ctx, batch.organization_id);
  }

  get rows(): number {
    return this.ordinal;
  }

  /** One row: its values by column, and problems found before validation (encoding, size, quoting). */
  async add(
    rowNumber: number,
    values: Partial<Record<BatchColumn, string>>,
    problems: RowError[],
    raw: Record<string, string>,
  ): Promise<void> {
    if (this.ordinal >= MAX_BATCH_ROWS) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `A batch takes at most ${MAX_BATCH_ROWS.toLocaleString('en')} rows: split the file`,
      );
    }
    const chunk = Math.floor(this.ordinal / BATCH_CHUNK_SIZE);
    this.ordinal += 1;
    const checked =
      problems.length > 0
        ? { errors: problems }
        : await validateRow(values, {
            resolveAchievement: this.resolve,
            defaultAchievementId: this.batch.default_achievement_id ?? undefined,
            now: this.ctx.clock(),
          });
    if (checked.data && checked.errors.length === 0) {
      this.buffer.push({
        row_number: rowNumber,
        chunk,
        status: 'pending',
        data: checked.data as Record<string, JsonValue>,
        idempotency_key: rowIdempotencyKey(checked.data),
      });
    } else {
      const shown: Record<string, JsonValue> = {};
      for (const [column, value] of Object.entries(raw)) {
        shown[column] = cut(value);
      }
      this.buffer.push({
        row_number: rowNumber,
        chunk,
        status: 'invalid',
        data: shown,
        errors: checked.errors,
      });
      this.invalidInBuffer += 1;
    }
    if (this.buffer.length >= FLUSH_ROWS) {
      await this.flush();
    }
  }

  /** Writes the buffered rows and their counts in one transaction; stops if the batch was cancelled. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) {
      return;
    }
    const rows = this.buffer;
    const invalid = this.invalidInBuffer;
    this.buffer = [];
    this.invalidInBuffer = 0;
    const batch = await withTransaction(this.ctx.db, async (trx) => {
      await insertBatchRows(trx, this.batch.organization_id, this.batch.id, rows);
      return await addBatchCounts(trx, this.batch.organization_id, this.batch.id, {
        total: rows.length,
        invalid,
      });
    });
    if (batch?.status === 'cancelled') {
      throw new BatchCancelled();
    }
  }
}

async function beginBatch(
  ctx: AppContext,
  actor: Actor,
  source: 'csv' | 'json',
  options: BatchOptions,
): Promise<Batch> {
  let defaultAchievementId: string | undefined;
  if (options.achievementId !== undefined) {
    const found = await achievementResolver(ctx, actor.organizationId)(options.achievementId);
    if (found.kind !== 'found') {
      throw new AppError(
        found.kind === 'unknown' ? 'NOT_FOUND' : 'INVALID_INPUT',
        found.kind === 'unknown'
          ? `No achievement has the id or name "${options.achievementId}"`
          : found.kind === 'ambiguous'
            ? `Several achievements are named "${options.achievementId}": use the id`
            : `The achievement "${options.achievementId}" is ${found.status}`,
      );
    }
    defaultAchievementId = found.id;
  }
  return await withTransaction(ctx.db, async (trx) => {
    const batch = await insertBatch(trx, {
      organization_id: actor.organizationId,
      source,
      filename: options.filename ?? null,
      dry_run: options.dryRun ?? false,
      notify: options.notify ?? true,
      default_achievement_id: defaultAchievementId ?? null,
      created_by_type: actor.type,
      created_by_id: actor.id,
    });
    await audit(
      trx,
      actor,
      'batch.create',
      { type: 'batch', id: batch.id },
      {
        source,
        dryRun: options.dryRun ?? false,
        notify: options.notify ?? true,
        ...(options.filename ? { filename: options.filename } : {}),
      },
    );
    return batch;
  });
}

async function failBatch(ctx: AppContext, batch: Batch, code: string, message: string): Promise<void> {
  await updateBatch(ctx.db, batch.organization_id, batch.id, ['validating'], {
    status: 'failed',
    error_code: code,
    error: message,
    completed_at: ctx.clock().toISOString(),
  });
}

/** After the last row: the batch waits (`validated`) or starts issuing. */
async function finishValidation(ctx: AppContext, writer: RowWriter, batch: Batch): Promise<Batch> {
  await writer.flush();
  if (writer.rows === 0) {
    throw new AppError('BATCH_FILE_INVALID', 'The batch has no rows');
  }
  if (batch.dry_run) {
    await updateBatch(ctx.db, batch.organization_id, batch.id, ['validating'], {
      status: 'validated',
      unknown_columns: [...writer.unknownColumns],
    });
  } else {
    await updateBatch(ctx.db, batch.organization_id, batch.id, ['validating'], {
      unknown_columns: [...writer.unknownColumns],
    });
    await startIssuing(ctx, batch.organization_id, batch.id, ['validating']);
    notifyJobsQueued();
  }
  const current = await findBatch(ctx.db, batch.organization_id, batch.id);
  if (!current) {
    throw new AppError('INTERNAL', 'The batch disappeared');
  }
  return current;
}

/** Runs the reading of a batch; a file-level problem fails the batch and is re-thrown for the caller. */
async function ingest(
  ctx: AppContext,
  batch: Batch,
  read: (writer: RowWriter) => Promise<void>,
): Promise<Batch> {
  const writer = new RowWriter(ctx, batch);
  try {
    await read(writer);
    return await finishValidation(ctx, writer, batch);
  } catch (error) {
    if (error instanceof BatchCancelled) {
      await updateBatch(ctx.db, batch.organization_id, batch.id, ['cancelled'], {
        error_code: 'UPLOAD_CANCELLED',
        error: 'Cancelled before the whole file was read: upload it again to issue it',
      });
      return (await findBatch(ctx.db, batch.organization_id, batch.id)) ?? batch;
    }
    const message = isAppError(error)
      ? (error.detail ?? error.message)
      : 'The upload was interrupted before the whole file was read';
    await failBatch(ctx, batch, isAppError(error) ? error.code : 'UPLOAD_INTERRUPTED', message);
    throw error;
  }
}

function fileError(message: string): AppError {
  return new AppError('BATCH_FILE_INVALID', message);
}

/** The header row → the column of each position (undefined: unknown, reported), or a file error. */
function readHeader(
  record: CsvRecord,
  options: BatchOptions,
): { columns: (BatchColumn | undefined)[]; names: string[] } {
  const first = record.fields[0];
  if (first && (first[0] === 0xff || first[0] === 0xfe || first.includes(0))) {
    throw fileError(
      'The file looks like UTF-16 text: save it as "CSV UTF-8 (comma delimited)" and upload it again',
    );
  }
  if (record.malformed || record.oversized.length > 0 || record.tooManyFields) {
    throw fileError(
      `The header row cannot be read: ${record.malformed ?? 'it has a value far too long or too many columns'}`,
    );
  }
  let names: string[];
  try {
    names = record.fields.map((field) => utf8.decode(field).trim());
  } catch {
    throw fileError('The header row is not UTF-8 text: save the file as "CSV UTF-8" and upload it again');
  }
  const columns = names.map((name) => canonicalColumn(name));
  const seen = new Set<BatchColumn>();
  for (const [index, column] of columns.entries()) {
    if (column === undefined) {
      continue;
    }
    if (seen.has(column)) {
      throw fileError(`The column "${column}" appears twice (column ${index + 1} is "${names[index]}")`);
    }
    seen.add(column);
  }
  if (!seen.has('email') && !seen.has('did')) {
    throw fileError(
      `The header names no email or did column (found: ${names.map((name) => `"${cut(name)}"`).join(', ')}). Columns: ${BATCH_COLUMNS.join(', ')}`,
    );
  }
  if (!seen.has('achievement') && options.achievementId === undefined) {
    throw fileError(
      'The header has no achievement column: add one, or choose the achievement for the whole file',
    );
  }
  return { columns, names };
}

/**
 * A batch from a CSV byte stream (docs/batches.md for the columns). Rows are validated and stored as the
 * stream is read; the answer comes once the whole file is read: the batch `validated` (dry run) or
 * `running`. Throws BATCH_FILE_INVALID (the header or the file as a whole cannot be used),
 * PAYLOAD_TOO_LARGE (over 1 GiB or a million rows), NOT_FOUND / INVALID_INPUT (the default achievement);
 * the batch is then `failed`, with the same message.
 */
export async function createCsvBatch(
  ctx: AppContext,
  actor: Actor,
  stream: AsyncIterable<Uint8Array>,
  options: BatchOptions = {},
): Promise<Batch> {
  const batch = await beginBatch(ctx, actor, 'csv', options);
  return await ingest(ctx, batch, async (writer) => {
    const parser = new CsvParser({ maxFieldBytes: MAX_FIELD_BYTES, maxFields: 200 });
    let header: { columns: (BatchColumn | undefined)[]; names: string[] } | undefined;
    let bytes = 0;
    const take = async (records: CsvRecord[]) => {
      for (const record of records) {
        if (header === undefined) {
          header = readHeader(record, options);
          for (const [index, column] of header.columns.entries()) {
            if (column === undefined) {
              writer.unknownColumns.add(header.names[index] || `(column ${index + 1}, no name)`);
            }
          }
          await updateBatch(ctx.db, batch.organization_id, batch.id, ['validating'], {
            columns: header.names,
            unknown_columns: [...writer.unknownColumns],
          });
          continue;
        }
        await addCsvRecord(writer, header, record);
      }
    };
    for await (const chunk of stream) {
      bytes += chunk.length;
      if (bytes > MAX_BATCH_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', 'A batch file may be at most 1 GiB: split the file');
      }
      await take(parser.push(chunk));
    }
    await take(parser.end());
    if (header === undefined) {
      throw fileError('The file is empty');
    }
  });
}

async function addCsvRecord(
  writer: RowWriter,
  header: { columns: (BatchColumn | undefined)[]; names: string[] },
  record: CsvRecord,
): Promise<void> {
  const values: Partial<Record<BatchColumn, string>> = {};
  const raw: Record<string, string> = {};
  const problems: RowError[] = [];
  if (record.malformed) {
    problems.push({
      column: null,
      code: 'MALFORMED_ROW',
      message: `The row is not valid CSV: ${record.malformed}`,
    });
  }
  if (record.tooManyFields || record.fields.length > header.columns.length) {
    problems.push({
      column: null,
      code: 'WRONG_FIELD_COUNT',
      message: `The row has ${record.tooManyFields ? 'too many' : record.fields.length} values; the header has ${header.columns.length} columns`,
    });
  }
  for (const [index, field] of record.fields.entries()) {
    const column = header.columns[index];
    const name = column ?? header.names[index] ?? `(column ${index + 1})`;
    if (record.oversized.includes(index)) {
      problems.push({
        column: name,
        code: 'FIELD_TOO_LARGE',
        message: `${name} is longer than ${MAX_FIELD_BYTES / 1024} KiB`,
      });
      raw[name] = `(longer than ${MAX_FIELD_BYTES / 1024} KiB)`;
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(field);
    } catch {
      problems.push({
        column: name,
        code: 'INVALID_ENCODING',
        message: `${name} is not UTF-8 text: save the file as "CSV UTF-8"`,
      });
      raw[name] = new TextDecoder('utf-8').decode(field);
      continue;
    }
    raw[name] = text;
    if (column !== undefined) {
      values[column] = text.trim();
    }
  }
  await writer.add(record.number, values, problems, raw);
}

/**
 * A batch from a list of row objects with the CSV's column names as keys (`achievementId` is accepted
 * for `achievement`). Same validation and outcome as `createCsvBatch`.
 */
export async function createJsonBatch(
  ctx: AppContext,
  actor: Actor,
  rows: readonly unknown[],
  options: BatchOptions = {},
): Promise<Batch> {
  const batch = await beginBatch(ctx, actor, 'json', options);
  return await ingest(ctx, batch, async (writer) => {
    for (const [index, row] of rows.entries()) {
      const values: Partial<Record<BatchColumn, string>> = {};
      const raw: Record<string, string> = {};
      const problems: RowError[] = [];
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        problems.push({ column: null, code: 'MALFORMED_ROW', message: 'A row must be an object' });
      } else {
        for (const [key, value] of Object.entries(row)) {
          const column = canonicalColumn(key);
          if (column === undefined) {
            if (writer.unknownColumns.size < 50) {
              writer.unknownColumns.add(key);
            }
            continue;
          }
          if (value === null || value === undefined) {
            continue;
          }
          if (typeof value === 'object') {
            problems.push({ column, code: 'MALFORMED_ROW', message: `${column} must be text` });
            continue;
          }
          const text = String(value);
          raw[column] = text;
          values[column] = text.trim();
        }
      }
      await writer.add(index + 1, values, problems, raw);
    }
  });
}
