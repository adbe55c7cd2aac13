/**
 * Real `cairn` processes for tests that need one: `cairn serve` (waits until it listens and returns its
 * URL) or `cairn worker`, killed with any signal, SIGKILL included. Needs dist/ (the global setup builds it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));

export type CairnProcess = {
  child: ChildProcess;
  /** `serve`: the address it listens on. */
  url: string;
  output: () => string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export async function startCairn(
  command: 'serve' | 'worker',
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<CairnProcess> {
  const child = spawn(process.execPath, [BIN, command], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = command === 'serve' ? /listening on (http:\/\/[^)\s]+)/ : /Cairn worker \S+ is running/;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cairn ${command} did not start:\n${output}`)),
      options.timeoutMs ?? 30_000,
    );
    const check = () => {
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match[1] ?? '');
      }
    };
    child.stdout?.on('data', check);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`cairn ${command} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return await exited;
    },
  };
}
