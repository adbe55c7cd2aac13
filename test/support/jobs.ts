/** Test helpers for the job queue and batches: a fast worker, waiting for a batch, CSV bodies as streams. */
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { type JobRuntimeOptions, startJobWorker } from '../../src/jobs/runtime.js';
import type { JobWorker } from '../../src/jobs/worker.js';
import type { AppContext } from '../../src/services/context.js';
import type { TestServer } from './http.js';
import { waitFor } from './wait.js';

/** A worker that polls often and retries after a few milliseconds, so tests wait on outcomes, not timers. */
export function startTestWorker(ctx: AppContext, options: JobRuntimeOptions = {}): JobWorker {
  return startJobWorker(ctx, {
    pollMs: 20,
    leaseMs: 10_000,
    concurrency: 2,
    retryDelay: () => 10,
    // Tests that want the expiry-reminder sweep run it themselves, with their clock.
    recurring: false,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    ...options,
  });
}

/** Runs `fn` with a worker, stopping it afterwards. */
export async function withWorker<T>(
  ctx: AppContext,
  fn: (worker: JobWorker) => Promise<T>,
  options: JobRuntimeOptions = {},
): Promise<T> {
  const worker = startTestWorker(ctx, options);
  try {
    return await fn(worker);
  } finally {
    await worker.stop();
  }
}

export type BatchBody = {
  id: string;
  status: string;
  total: number;
  valid: number;
  invalid: number;
  done: number;
  issued: number;
  alreadyIssued: number;
  failed: number;
  pending: number;
  unknownColumns: string[];
  error: { code: string; message: string } | null;
  [key: string]: unknown;
};

export async function getBatch(server: TestServer, key: string, id: string): Promise<BatchBody> {
  const response = await server.request({ method: 'GET', url: `/api/v1/batches/${id}`, key });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Waits until the batch reaches one of the statuses (default: completed) and returns it. */
export async function waitForBatch(
  server: TestServer,
  key: string,
  id: string,
  statuses: readonly string[] = ['completed'],
): Promise<BatchBody> {
  let batch: BatchBody | undefined;
  await waitFor(
    async () => {
      batch = await getBatch(server, key, id);
      return statuses.includes(batch.status);
    },
    {
      message: `batch ${id} never reached ${statuses.join(' or ')} (last: ${JSON.stringify(batch)})`,
      timeoutMs: 60_000,
    },
  );
  return batch as BatchBody;
}

/** A request body that arrives in pieces, as a real upload does (generators make the large parts lazily). */
export function streamOf(parts: Iterable<string | Uint8Array>): Readable {
  return Readable.from(
    (function* () {
      for (const part of parts) {
        yield typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part);
      }
    })(),
  );
}

/** CSV text for rows of cells (quoted where needed). */
export function csv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) =>
      row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','),
    )
    .join('\r\n')
    .concat('\r\n');
}
