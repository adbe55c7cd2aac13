import { describe, expect, test } from 'vitest';
import { idTime, newId } from './ids.js';

describe('newId', () => {
  test('26 Crockford base32 characters that carry their creation time', () => {
    const time = Date.UTC(2026, 10, 28, 10, 51, 49, 427);
    const id = newId(time);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id)).toBe(time);
  });

  test('sort in creation order, also many within one millisecond', () => {
    const ids = [
      ...Array.from({ length: 1000 }, () => newId(1_800_000_000_000)),
      newId(1_800_000_000_001),
      ...Array.from({ length: 1000 }, () => newId()),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  test('a clock that steps back does not break the order', () => {
    const later = newId(Date.now() + 60_000);
    const earlier = newId(Date.now());
    expect(earlier > later).toBe(true);
  });

  test('idTime answers undefined for something else', () => {
    expect(idTime('urn:uuid:1')).toBeUndefined();
    expect(idTime('01JDQ4Z8W6K3M9V2T7XR5B1NHU')).toBeUndefined(); // U is not in the alphabet
  });
});
