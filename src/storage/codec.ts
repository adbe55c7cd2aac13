import { AppError } from '../errors.js';
import type { DbBoolean, Timestamp } from './tables.js';

/**
 * Conversions between JavaScript values and the column representations both dialects share
 * (see `tables.ts`). The repositories use these, so callers see booleans, parsed JSON and
 * canonical timestamps whatever the database.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function toDbBoolean(value: boolean): DbBoolean {
  return value ? 1 : 0;
}

export function fromDbBoolean(value: DbBoolean | boolean): boolean {
  return value === 1 || value === true;
}

/**
 * The canonical stored form of a moment: `toISOString()` (UTC, milliseconds). Every timestamp goes
 * through this before it is written or compared, because SQLite compares them as text.
 *
 * Fails with INVALID_INPUT for something that is not a date, or a year outside 0000–9999 (whose ISO form
 * would not sort as text).
 */
export function toTimestamp(value: Date | string | number): Timestamp {
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  if (Number.isNaN(time)) {
    throw new AppError('INVALID_INPUT', 'The value is not a valid date and time');
  }
  const iso = date.toISOString();
  if (iso.length !== 24) {
    throw new AppError('INVALID_INPUT', 'The date is outside the years 0000 to 9999');
  }
  return iso;
}

export function nowTimestamp(): Timestamp {
  return new Date().toISOString();
}

/** JSON text for a JSON column. */
export function toJsonText(value: JsonValue): string {
  return JSON.stringify(value);
}

export function fromJsonText<T extends JsonValue = JsonObject>(text: string): T {
  return JSON.parse(text) as T;
}

/** A Buffer view of the bytes (no copy): better-sqlite3 binds Buffers, not every Uint8Array. */
export function toDbBytes(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Trimmed, NFC-normalized and lower-cased: the one form of an e-mail address that is stored and compared. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}
