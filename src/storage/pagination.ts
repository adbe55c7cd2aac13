import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { AppError } from '../errors.js';
import type { Timestamp } from './tables.js';

/**
 * Keyset pagination over `(created_at, id)`, newest first. A cursor names the last row of a page; the
 * next page holds the rows strictly after it in that order, so rows added meanwhile never shift a page
 * and rows with the same `created_at` are neither skipped nor repeated (`id` breaks the tie).
 */

export type Page<T> = { items: T[]; next: string | null };

export type PageRequest = {
  /** Rows per page: default 50, at most 500. */
  limit?: number;
  /** The `next` of the previous page; absent for the first page. */
  cursor?: string;
};

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

type Position = { createdAt: Timestamp; id: string };

/** An opaque cursor (base64url of JSON) for the position after this row. */
export function encodeCursor(row: { created_at: Timestamp; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id]), 'utf8').toString('base64url');
}

/** Fails with INVALID_INPUT when the cursor was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): Position {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value[0]) &&
    typeof value[1] === 'string' &&
    value[1] !== ''
  ) {
    return { createdAt: value[0], id: value[1] };
  }
  throw new AppError('INVALID_INPUT', 'The cursor is not valid: pass the "next" value of the previous page');
}

/** The page size to ask the database for, one more than `limit` to learn whether a next page exists. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  if (!Number.isInteger(limit) || limit < 1) {
    throw new AppError('INVALID_INPUT', 'The page size must be a whole number of at least 1');
  }
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** `WHERE` condition: rows of `table` that come after the cursor, newest first. */
export function afterCursor(table: string, cursor: string): RawBuilder<SqlBool> {
  const { createdAt, id } = decodeCursor(cursor);
  const created = sql.ref(`${table}.created_at`);
  return sql<SqlBool>`(${created} < ${createdAt} or (${created} = ${createdAt} and ${sql.ref(`${table}.id`)} < ${id}))`;
}

/** Rows fetched with `limit + 1` → the page and its `next` cursor. */
export function toPage<T extends { created_at: Timestamp; id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) {
    return { items: rows, next: null };
  }
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: last === undefined ? null : encodeCursor(last) };
}
