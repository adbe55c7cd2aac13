import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getValidator, SCHEMA_IDS } from './schemas.js';

const SCHEMAS_DIR = fileURLToPath(new URL('./schemas/', import.meta.url));

function sourcesTable(): Map<string, { id: string; sha256: string }> {
  const rows = new Map<string, { id: string; sha256: string }>();
  for (const line of readFileSync(`${SCHEMAS_DIR}SOURCES.md`, 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const [, file, id, , , sha256] = cells;
    if (file?.endsWith('.json') && id !== undefined && sha256 !== undefined) {
      rows.set(file, { id, sha256 });
    }
  }
  return rows;
}

describe('bundled JSON Schemas', () => {
  const table = sourcesTable();
  const files = readdirSync(SCHEMAS_DIR).filter((file) => file.endsWith('.json'));

  it('are all listed in SOURCES.md', () => {
    expect([...table.keys()].sort()).toEqual(files.sort());
  });

  for (const file of files) {
    it(`${file} is byte-identical to its source (SHA-256) and has the listed $id`, () => {
      const bytes = readFileSync(`${SCHEMAS_DIR}${file}`);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(table.get(file)?.sha256);
      expect(JSON.parse(bytes.toString('utf8')).$id).toBe(table.get(file)?.id);
    });
  }

  it('each compiles under Ajv 2019-09', () => {
    for (const id of Object.values(SCHEMA_IDS)) {
      expect(typeof getValidator(id)).toBe('function');
    }
  });
});
