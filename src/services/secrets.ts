/** Passwords (scrypt), random tokens and their hashes: the secrets Cairn stores only in a form it cannot reverse. */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;

// OWASP's scrypt baseline: N=2^17, r=8, p=1 (128 MiB). maxmem must allow it. Tests pass a lower cost:
// the parameters are stored with each hash, so verification never depends on the current setting.
export const DEFAULT_PASSWORD_COST = 2 ** 17;
const SCRYPT = { r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`, all parameters stored so they can be raised later. */
export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, { ...SCRYPT, N: cost });
  return ['scrypt', cost, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
    {
      N,
      r: Number(r),
      p: Number(p),
      maxmem: Math.max(SCRYPT.maxmem, 256 * N * Number(r)),
    },
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A random token: `prefix_` + 32 random bytes in base64url (256 bits). */
export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A readable random password for generated accounts (the demo, `cairn init`). */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
