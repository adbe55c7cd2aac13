/**
 * The per-row error report of a batch, as CSV (docs/batches.md): one line per problem, with the row
 * number and the values that tell the row apart. Streamed a page of rows at a time.
 *
 * Safe to open in a spreadsheet: every cell that starts with `=`, `+`, `-`, `@`, a tab or a CR is
 * prefixed with `'` (OWASP's advice against CSV injection), so a value an uploader smuggled in as a
 * formula (`=HYPERLINK(…)`) shows as text instead of running when someone opens the report.
 */
import { type Batch, listBatchRows } from '../../storage/batches.repository.js';
import type { AppContext } from '../context.js';

const HEADER = ['row', 'column', 'code', 'error', 'email', 'did', 'name', 'achievement', 'key'];

/** One CSV cell: neutralized if it could run as a formula, then quoted if needed (RFC 4180). */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, every line as wide as the header (a spreadsheet then lines the columns up). */
function line(cells: (string | number | null | undefined)[]): string {
  const padded = [...cells, ...Array.from({ length: Math.max(0, HEADER.length - cells.length) }, () => null)];
  return `${padded.map(csvCell).join(',')}\r\n`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The report's lines: a UTF-8 byte order mark (so spreadsheet programs read it as UTF-8), then CSV. */
export async function* batchErrorReport(ctx: AppContext, batch: Batch): AsyncGenerator<string> {
  yield `\uFEFF${line(HEADER)}`;
  for (const column of batch.unknown_columns) {
    yield line([
      'header',
      column,
      'UNKNOWN_COLUMN',
      `The column "${column}" is not one Cairn knows; its values were not used`,
    ]);
  }
  if (batch.error !== null) {
    yield line(['file', null, batch.error_code, batch.error]);
  }
  let after = 0;
  for (;;) {
    const rows = await listBatchRows(ctx.db, batch.organization_id, batch.id, {
      statuses: ['invalid', 'failed'],
      afterRow: after,
      limit: 500,
    });
    if (rows.length === 0) {
      return;
    }
    let chunk = '';
    for (const row of rows) {
      const data = row.data;
      for (const error of row.errors) {
        chunk += line([
          row.row_number,
          error.column,
          error.code,
          error.message,
          text(data.email),
          text(data.did),
          text(data.name),
          text(data.achievement) ?? text(data.achievementId),
          text(data.key),
        ]);
      }
      after = row.row_number;
    }
    yield chunk;
  }
}
