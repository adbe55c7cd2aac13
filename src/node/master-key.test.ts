import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isAppError } from '../errors.js';
import { decodeMasterKey, loadOrCreateMasterKey } from './master-key.js';

describe('loadOrCreateMasterKey', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'cairn-master-key-'));
  });
  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  test('generates a 32-byte key into a new data directory, file mode 0600, then reuses it', async () => {
    const dataDir = join(base, 'data', 'nested');
    const key = await loadOrCreateMasterKey(dataDir);
    expect(key).toHaveLength(32);
    const file = join(dataDir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(decodeMasterKey(readFileSync(file, 'utf8'))).toEqual(key);

    const again = await loadOrCreateMasterKey(dataDir);
    expect(again).toEqual(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('two starts at once on an empty directory agree on one key and leave no temporary file', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateMasterKey(base)));
    for (const key of keys) {
      expect(key).toEqual(keys[0]);
    }
    expect(readFileSync(join(base, 'master.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readdirSync(base)).toEqual(['master.key']);
  });

  test('reads a key an operator wrote in base64', async () => {
    const bytes = Buffer.alloc(32, 9);
    writeFileSync(join(base, 'master.key'), `  ${bytes.toString('base64')}\n`);
    expect(Buffer.from(await loadOrCreateMasterKey(base))).toEqual(bytes);
  });

  test('refuses a damaged key file without repeating its content', async () => {
    writeFileSync(join(base, 'master.key'), 'secret-but-broken');
    const error = await loadOrCreateMasterKey(base).catch((caught: unknown) => caught);
    expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
    expect(String((error as Error).message)).not.toContain('secret-but-broken');
  });
});
