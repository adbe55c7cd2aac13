/** `cairn worker`: job workers only, no HTTP server (scale-out; docs/jobs.md). */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { openContext } from '../../http/server.js';
import { startJobWorker } from '../../jobs/runtime.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const WORKER_HELP = `Usage: cairn worker [--concurrency N]

Runs job workers only (batch issuing, webhook deliveries), no HTTP server. Start as many as the work
needs, on any machine that reaches the database: on PostgreSQL they share the queue (each job is claimed
by one worker, FOR UPDATE SKIP LOCKED). Applies database migrations first. Uses the same configuration
as cairn serve (docs/configuration.md), CAIRN_MASTER_KEY included.

  --concurrency N   jobs run at once (default CAIRN_JOB_CONCURRENCY, 2)

SIGINT or SIGTERM stops it gracefully: running jobs finish, or are given back to the queue.
`;

export async function worker(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(WORKER_HELP);
    return EXIT.OK;
  }
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new UsageError('--concurrency must be a whole number from 1 to 64');
    }
  }
  const config = loadConfig(io.env);
  const { ctx, close } = await openContext(config);
  const running = startJobWorker(ctx, concurrency === undefined ? {} : { concurrency });
  io.stdout(`Cairn worker ${running.id} is running (${config.database.dialect}); stop it with Ctrl-C.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.stop();
  await close();
  return EXIT.OK;
}
