import { getRandomValues } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so an id reads back without ambiguity. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10; // 50 bits, enough for milliseconds until the year 10889
const RANDOM_LENGTH = 16; // 80 bits

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A new 26-character, time-sortable identifier (the ULID layout: 48-bit millisecond time, then 80 random
 * bits, in Crockford base32). Ids made later sort after ids made earlier, also within one millisecond in
 * one process (the random part is incremented), so `ORDER BY id` is creation order and ids make stable
 * cursor tie-breakers. The random part makes them unguessable enough for row ids, not for secrets.
 *
 * @example
 * newId(); // '01JDQ4Z8W6K3M9V2T7XR5B1NHC'
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    incrementRandom();
  } else {
    lastTime = now;
    lastRandom = randomDigits();
  }
  return encodeTime(lastTime) + lastRandom.map((digit) => ALPHABET[digit]).join('');
}

/** The creation time, in milliseconds, encoded in an id made by `newId`; undefined for anything else. */
export function idTime(id: string): number | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) {
    return undefined;
  }
  let time = 0;
  for (const char of id.slice(0, TIME_LENGTH)) {
    time = time * 32 + ALPHABET.indexOf(char);
  }
  return time;
}

function encodeTime(time: number): string {
  let rest = time;
  let out = '';
  for (let i = 0; i < TIME_LENGTH; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = getRandomValues(new Uint8Array(RANDOM_LENGTH));
  return Array.from(bytes, (byte) => byte & 31);
}

function incrementRandom(): void {
  for (let i = RANDOM_LENGTH - 1; i >= 0; i--) {
    const digit = lastRandom[i] ?? 0;
    if (digit < 31) {
      lastRandom[i] = digit + 1;
      return;
    }
    lastRandom[i] = 0;
  }
  // 2^80 ids in one millisecond: borrow the next millisecond rather than repeat an id.
  lastTime += 1;
  lastRandom = randomDigits();
}
