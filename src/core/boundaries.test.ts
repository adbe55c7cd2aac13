/**
 * The core is pure and isomorphic (DESIGN §3): it runs in Node and in a browser bundle, reads no clock,
 * no environment, no randomness of its own, and imports only inward. This test keeps it so.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('.', import.meta.url));
const ALLOWED_PACKAGES = [
  'jsonld',
  'rdf-canonize',
  '@noble/curves',
  '@noble/hashes',
  '@scure/base',
  'ajv',
  'ajv-formats',
];

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      return sources(path);
    }
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('src/core boundaries', () => {
  const files = sources(CORE);

  it.each(files.map((file) => relative(CORE, file)))('%s uses no Node API, clock or environment', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(source).not.toMatch(/from\s+['"]node:|require\(|import\(\s*['"]node:/);
    expect(source).not.toMatch(/\b(Buffer|process|__dirname|__filename)\b/);
    expect(source).not.toMatch(/Date\.now\(\)|new Date\(\)|Math\.random\(\)/);
    for (const [, specifier] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const spec = specifier as string;
      const inward =
        spec.startsWith('.') && !/\.\.\/\.\.\/(storage|http|cli|web|services|node|jobs|config)/.test(spec);
      const allowed = ALLOWED_PACKAGES.some((name) => spec === name || spec.startsWith(`${name}/`));
      expect(inward || allowed, `${file} imports ${spec}`).toBe(true);
    }
  });

  it('bundles for the browser with no Node built-in', async () => {
    const output = await build({
      logLevel: 'silent',
      configFile: false,
      build: {
        write: false,
        lib: { entry: join(CORE, 'index.ts'), formats: ['es'], fileName: 'core' },
        target: 'es2022',
        minify: false,
        rollupOptions: { onwarn: () => undefined },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
      'output' in result ? result.output : [],
    );
    const code = chunks.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
    expect(code.length).toBeGreaterThan(10_000);
    expect(code).not.toMatch(/from\s*['"]node:|require\(['"](fs|crypto|http|https|net)['"]\)/);
  }, 120_000);
});
