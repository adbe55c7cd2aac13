import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The baking code must run in a browser bundle: no Node built-ins, no Buffer, no process, no fs.
const directory = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(directory).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('src/core/baking is isomorphic', () => {
  it.each(sources)('%s uses no Node-only API', (name) => {
    const source = readFileSync(`${directory}/${name}`, 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:|require\(|import\(\s*['"]node:/);
    expect(source).not.toMatch(/\b(Buffer|process|__dirname|__filename)\b/);
    for (const [, specifier] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      expect(specifier === '../../errors.js' || specifier?.startsWith('./')).toBe(true);
    }
  });
});
