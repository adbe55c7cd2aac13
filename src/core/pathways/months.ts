/**
 * Calendar months on UTC date-times, the way achievement validity counts them: the same day N months
 * later, clamped to the end of a shorter month (31 January + 1 month = 28 or 29 February).
 */

/** `time` (milliseconds) plus `months` calendar months, in milliseconds. */
export function addMonths(time: number, months: number): number {
  const target = new Date(time);
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.getTime();
}

/** `2026-03-01T10:00:00.000Z` → `2026-03-01`. */
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** An ISO 8601 date-time (whole seconds, `Z`). */
export function isoTime(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
