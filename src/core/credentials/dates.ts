/**
 * Dates in credentials: VCDM 2.0 `validFrom`/`validUntil` and OB's DateTimeZ fields are XML Schema
 * dateTimeStamps, so they MUST carry a timezone. Cairn writes them in UTC with `Z` and whole seconds.
 *
 * @see https://www.w3.org/TR/vc-data-model-2.0/#validity-period
 * @see https://www.w3.org/TR/xmlschema11-2/#dateTimeStamp
 */
import { AppError } from '../../errors.js';

// RFC 3339 date-time ∩ XML Schema dateTimeStamp: `T` separator, mandatory `Z` or `±hh:mm` offset.
const DATE_TIME_Z = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this month; setUTCFullYear keeps years < 100 literal.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

type ParsedDateTime = { epochMs: number };

function parseDateTimeZ(text: string, caseSensitive: boolean): ParsedDateTime | undefined {
  const match = DATE_TIME_Z.exec(caseSensitive ? text : text.toUpperCase());
  if (!match) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    // XML Schema allows offsets up to ±14:00.
    if (offsetHours > 14 || offsetMins > 59 || (offsetHours === 14 && offsetMins !== 0)) {
      return undefined;
    }
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return { epochMs: date.getTime() - offsetMinutes * 60_000 };
}

/**
 * True when `value` is a DateTimeZ as the OB and VCDM 2.0 specs require: `YYYY-MM-DDThh:mm:ss`,
 * optional fraction, then `Z` or `±hh:mm`, and a real calendar date. Stricter than Ajv's
 * `date-time` format, which also accepts a space separator, lower-case `t`/`z` and `+hhmm`.
 */
export function isDateTimeZ(value: string): boolean {
  return parseDateTimeZ(value, true) !== undefined;
}

/** True when `value` is an XML Schema date without timezone, e.g. `1990-04-01`. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function formatEpoch(epochMs: number, field: string): string {
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(epochMs) || year < 0 || year > 9999) {
    throw new AppError('INVALID_INPUT', `${field}: the date is out of range`);
  }
  // toISOString gives YYYY-MM-DDThh:mm:ss.sssZ for years 0..9999; drop the milliseconds.
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Formats a date for a credential: ISO 8601 in UTC with `Z` and whole seconds, e.g.
 * `2026-11-28T10:00:00Z`. Sub-second precision is dropped (truncated).
 *
 * Accepts a `Date`, or a string with an explicit timezone (`Z` or `±hh:mm`; `t`/`z` in any case).
 * Offsets are converted to UTC: `2026-11-28T12:00:00+02:00` becomes `2026-11-28T10:00:00Z`.
 *
 * @param field names the property in the error message, e.g. `validFrom`.
 * @throws AppError INVALID_INPUT for an invalid `Date`, a string without a timezone
 *   (`2026-11-28T10:00:00`), a date without a time (`2026-11-28`), or an impossible date.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#validity-period
 * @example
 *   formatDateTimeZ(new Date(Date.UTC(2026, 10, 28, 10))) // '2026-11-28T10:00:00Z'
 *   formatDateTimeZ('2026-11-28T11:00:00.250+01:00')      // '2026-11-28T10:00:00Z'
 */
export function formatDateTimeZ(value: Date | string, field = 'date'): string {
  if (value instanceof Date) {
    const epochMs = value.getTime();
    if (Number.isNaN(epochMs)) {
      throw new AppError('INVALID_INPUT', `${field}: is an invalid Date`);
    }
    return formatEpoch(epochMs, field);
  }
  if (typeof value !== 'string') {
    throw new AppError('INVALID_INPUT', `${field}: must be a Date or a date-time string`);
  }
  const parsed = parseDateTimeZ(value.trim(), false);
  if (parsed === undefined) {
    throw new AppError(
      'INVALID_INPUT',
      `${field}: ${JSON.stringify(value)} is not a date-time with a timezone; use e.g. 2026-01-01T00:00:00Z`,
    );
  }
  return formatEpoch(parsed.epochMs, field);
}
