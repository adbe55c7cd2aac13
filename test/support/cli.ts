/** Runs the `cairn` command in-process against a temporary directory, capturing its output. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { FIXED_NOW } from './fixtures.js';

export type CliResult = { code: number; stdout: string; stderr: string };

export function tempDir(prefix = 'cairn-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export async function runCli(
  argv: string[],
  options: { stdin?: string | Uint8Array; now?: Date; env?: Record<string, string> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () =>
      typeof options.stdin === 'string'
        ? new TextEncoder().encode(options.stdin)
        : (options.stdin ?? new Uint8Array()),
    readFile: async (path) => new Uint8Array(readFileSync(path)),
    writeFile: async (path, data, writeOptions) =>
      writeFileSync(path, data, writeOptions?.mode !== undefined ? { mode: writeOptions.mode } : {}),
    now: () => options.now ?? FIXED_NOW,
    env: options.env ?? {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
