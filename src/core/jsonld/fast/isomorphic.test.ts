import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The fast canonical path runs in browser bundles too (the verifier page): no Node built-ins, no Buffer,
// no process; only its own modules, Cairn's core, @noble/hashes and rdf-canonize.
const directory = fileURLToPath(new URL('.', import.meta.url));
const sources = [
  ...readdirSync(directory)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => `${directory}${name}`),
  fileURLToPath(new URL('../fast-canonize.ts', import.meta.url)),
];

describe('the fast canonical path is isomorphic', () => {
  it.each(sources)('%s uses no Node-only API', (path) => {
    const source = readFileSync(path, 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:|require\(|import\(\s*['"]node:/);
    expect(source).not.toMatch(/(?<![\w.-])(Buffer|process)\s*[.([]|\b(__dirname|__filename)\b/);
    for (const [, specifier] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      expect(
        specifier?.startsWith('.') || specifier === 'rdf-canonize' || specifier?.startsWith('@noble/hashes/'),
        specifier,
      ).toBe(true);
    }
  });
});
