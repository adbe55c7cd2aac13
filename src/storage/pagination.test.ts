import { describe, expect, test } from 'vitest';
import { isAppError } from '../errors.js';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageLimit, toPage } from './pagination.js';

describe('cursors', () => {
  test('round-trip a position and stay URL-safe', () => {
    const cursor = encodeCursor({ created_at: '2026-11-28T10:51:49.427Z', id: 'urn:uuid:ä/+?' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ createdAt: '2026-11-28T10:51:49.427Z', id: 'urn:uuid:ä/+?' });
  });

  test.each([
    'not base64 at all!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["2026-11-28", "x"]').toString('base64url'),
    Buffer.from('["2026-11-28T10:51:49.427Z", ""]').toString('base64url'),
  ])('refuse %s with INVALID_INPUT', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect(isAppError(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});

describe('pages', () => {
  test('page sizes: default, capped, and refused', () => {
    expect(pageLimit(undefined)).toBe(50);
    expect(pageLimit(10_000)).toBe(MAX_PAGE_SIZE);
    expect(() => pageLimit(0)).toThrow();
    expect(() => pageLimit(1.5)).toThrow();
  });

  test('one row more than the limit means a next page, after the last row shown', () => {
    const rows = [3, 2, 1].map((n) => ({ id: `id${n}`, created_at: `2026-01-0${n}T00:00:00.000Z` }));
    expect(toPage(rows, 3)).toEqual({ items: rows, next: null });
    const page = toPage(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.next ?? '')).toEqual({ createdAt: '2026-01-02T00:00:00.000Z', id: 'id2' });
  });
});
