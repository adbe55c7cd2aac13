/** What a command touches outside itself, passed in so tests run commands in-process. */
import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../errors.js';

export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  readFile: (path: string) => Promise<Uint8Array>;
  writeFile: (path: string, data: Uint8Array | string, options?: { mode?: number }) => Promise<void>;
  now: () => Date;
  env: Record<string, string | undefined>;
};

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, data, options) =>
    writeFile(path, data, options?.mode !== undefined ? { mode: options.mode } : {}),
  now: () => new Date(),
  env: process.env,
};

/** Exit codes: 0 success (verified), 1 not verified / command failed, 2 bad usage or unreadable input. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads FILE, or standard input for '-'. */
export async function readInput(io: CliIo, path: string): Promise<Uint8Array> {
  if (path === '-') {
    return io.readStdin();
  }
  try {
    return await io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'UNREADABLE_INPUT',
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`,
    );
  }
}

export function parseJson(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError('UNREADABLE_INPUT', `${what} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_JSON', `${what} is not valid JSON: ${(error as Error).message}`);
  }
}
