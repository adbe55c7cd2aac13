import type { DialectName } from '../database.js';

/**
 * The column types that differ between the dialects; everything else (text, integer) is the same word
 * on both. Migrations use these so one migration serves both databases. Why each one: `tables.ts`.
 */
export type ColumnTypes = {
  timestamp: 'timestamptz' | 'text';
  json: 'jsonb' | 'text';
  boolean: 'boolean' | 'integer';
  bytes: 'bytea' | 'blob';
};

export function columnTypes(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', json: 'jsonb', boolean: 'boolean', bytes: 'bytea' }
    : { timestamp: 'text', json: 'text', boolean: 'integer', bytes: 'blob' };
}
