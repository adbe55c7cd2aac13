import type { DialectName } from '../../src/storage/database.js';

const ALL: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * The dialects this run tests: both, unless the environment variable DIALECTS names some
 * (`DIALECTS=sqlite npm test`, `DIALECTS=postgres,sqlite`).
 */
export function selectedDialects(value: string | undefined = process.env.DIALECTS): readonly DialectName[] {
  if (value === undefined || value.trim() === '') {
    return ALL;
  }
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !ALL.some((dialect) => dialect === name));
  if (unknown.length > 0) {
    throw new Error(`DIALECTS names unknown dialects: ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  }
  return ALL.filter((dialect) => names.includes(dialect));
}
