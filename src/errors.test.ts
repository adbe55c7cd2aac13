import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

// docs/errors.md is the catalog users read; this keeps it and ERROR_CODES in step (Fastify's habit).
const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((match) => [
    match[1] as string,
    Number(match[2]),
  ]),
);

describe('the error catalog', () => {
  it('documents every code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(documented.get(code), `${code} is missing from docs/errors.md`).toBe(status);
    }
  });

  it('documents no code that does not exist', () => {
    for (const code of documented.keys()) {
      expect(Object.hasOwn(ERROR_CODES, code), `${code} is in docs/errors.md but not in ERROR_CODES`).toBe(
        true,
      );
    }
  });
});
