import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { formatDateTimeZ, isDate, isDateTimeZ } from './dates.js';

describe('formatDateTimeZ', () => {
  it('formats a Date in UTC with Z and whole seconds', () => {
    expect(formatDateTimeZ(new Date(Date.UTC(2026, 10, 28, 10, 0, 0, 999)))).toBe('2026-11-28T10:00:00Z');
  });

  it('normalizes strings with a timezone to UTC and drops the fraction', () => {
    expect(formatDateTimeZ('2026-11-28T10:00:00Z')).toBe('2026-11-28T10:00:00Z');
    expect(formatDateTimeZ('2026-11-28T11:00:00.250+01:00')).toBe('2026-11-28T10:00:00Z');
    expect(formatDateTimeZ('2026-11-28T05:30:00-04:30')).toBe('2026-11-28T10:00:00Z');
    expect(formatDateTimeZ('2026-11-28t10:00:00z')).toBe('2026-11-28T10:00:00Z');
    expect(formatDateTimeZ('2027-01-01T00:30:00+01:00')).toBe('2026-12-31T23:30:00Z');
  });

  it('rejects a date-time without a timezone with INVALID_INPUT', () => {
    for (const value of [
      '2026-11-28T10:00:00',
      '2026-11-28',
      '2026-11-28 10:00:00Z',
      '2026-11-28T10:00Z',
      'tomorrow',
    ]) {
      let error: unknown;
      try {
        formatDateTimeZ(value, 'validFrom');
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error, 'INVALID_INPUT'), value).toBe(true);
      expect((error as Error).message).toMatch(/^validFrom: .* use e\.g\. 2026-01-01T00:00:00Z$/);
    }
  });

  it('rejects impossible dates and invalid Date objects', () => {
    expect(() => formatDateTimeZ('2026-02-29T00:00:00Z')).toThrow(/not a date-time/);
    expect(() => formatDateTimeZ('2026-13-01T00:00:00Z')).toThrow(/not a date-time/);
    expect(() => formatDateTimeZ('2026-01-01T24:00:00Z')).toThrow(/not a date-time/);
    expect(() => formatDateTimeZ('2026-01-01T00:00:00+15:00')).toThrow(/not a date-time/);
    expect(() => formatDateTimeZ(new Date(Number.NaN), 'awardedDate')).toThrow(
      'awardedDate: is an invalid Date',
    );
    expect(formatDateTimeZ('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
  });
});

describe('isDateTimeZ', () => {
  it('accepts XML Schema dateTimeStamps', () => {
    expect(isDateTimeZ('2010-01-01T00:00:00Z')).toBe(true);
    expect(isDateTimeZ('2021-09-07T02:09:59+02:00')).toBe(true);
    expect(isDateTimeZ('2021-09-07T02:09:59.123456-05:00')).toBe(true);
  });

  it('rejects what Ajv date-time would let through or what has no timezone', () => {
    expect(isDateTimeZ('2010-01-01 00:00:00Z')).toBe(false);
    expect(isDateTimeZ('2010-01-01t00:00:00z')).toBe(false);
    expect(isDateTimeZ('2010-01-01T00:00:00+0100')).toBe(false);
    expect(isDateTimeZ('2010-01-01T00:00:00')).toBe(false);
    expect(isDateTimeZ('2010-02-30T00:00:00Z')).toBe(false);
  });
});

describe('isDate', () => {
  it('accepts calendar dates only', () => {
    expect(isDate('1990-04-01')).toBe(true);
    expect(isDate('1990-04-31')).toBe(false);
    expect(isDate('1990-04-01T00:00:00Z')).toBe(false);
  });
});
