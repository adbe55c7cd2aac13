import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// src/core must run in a browser bundle and be deterministic: no Node built-ins, no clock, no randomness.
const DIR = fileURLToPath(new URL('./', import.meta.url));
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+'node:/, 'a node: import'],
  [/\brequire\(/, 'require()'],
  [/\bBuffer\b/, 'Buffer'],
  [/\bprocess\./, 'process'],
  [/\bDate\.now\(/, 'Date.now()'],
  [/new Date\(\)/, 'new Date() without an argument'],
  [/Math\.random\(/, 'Math.random()'],
  [/crypto\.getRandomValues|randomBytes|randomUUID/, 'randomness'],
];

describe('src/core/credentials is pure and isomorphic', () => {
  const sources = readdirSync(DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  for (const file of sources) {
    it(`${file} uses no Node built-ins, clock or randomness`, () => {
      const code = readFileSync(`${DIR}${file}`, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const found = FORBIDDEN.filter(([pattern]) => pattern.test(code)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }
});
