/**
 * Running the job workers of a process: the handlers Cairn has, a worker configured from `config.jobs`,
 * and a logger. `cairn serve` starts one beside the HTTP server (unless CAIRN_JOBS_IN_SERVER=off);
 * `cairn worker` runs one alone.
 */
import type { GuardedFetch } from '../node/guarded-fetch.js';
import type { AppContext } from '../services/context.js';
import { EXPIRY_SWEEP_JOB, scheduleExpirySweep } from '../services/mail/expiry-reminders.js';
import { createBatchIssueHandler } from './handlers/batch-issue.js';
import { createExpirySweepHandler } from './handlers/expiry-sweep.js';
import { createMailSendHandler } from './handlers/mail-send.js';
import { createWebhookDeliveryHandler } from './handlers/webhook-delivery.js';
import type { JobHandler } from './queue.js';
import { createWorker, type JobWorker, type WorkerLogger, type WorkerOptions } from './worker.js';

export type JobRuntimeOptions = WorkerOptions & {
  /** Replaces the default handlers (tests). */
  handlers?: readonly JobHandler[];
  /** The fetch webhook deliveries use (default: the guarded fetch built from the configuration). */
  webhookFetch?: GuardedFetch;
  /** Start the recurring jobs (the expiry-reminder sweep) if none is queued. Default true. */
  recurring?: boolean;
};

/** Every kind of job Cairn runs. */
export function defaultJobHandlers(options: { webhookFetch?: GuardedFetch } = {}): JobHandler[] {
  return [
    createBatchIssueHandler(),
    createWebhookDeliveryHandler(options.webhookFetch ? { fetch: options.webhookFetch } : {}),
    createMailSendHandler(),
    createExpirySweepHandler(),
  ];
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** JSON lines on stderr at or above the configured level (the format Fastify's logger writes). */
export function createJsonLogger(
  level: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
): WorkerLogger {
  const threshold = level === 'silent' ? Number.POSITIVE_INFINITY : LEVELS.indexOf(level);
  const log =
    (name: string, pinoLevel: number) =>
    (message: string, details: Record<string, unknown> = {}) => {
      if (LEVELS.indexOf(name) >= threshold) {
        write(
          `${JSON.stringify({ level: pinoLevel, time: Date.now(), pid: process.pid, msg: message, ...details })}\n`,
        );
      }
    };
  return { info: log('info', 30), warn: log('warn', 40), error: log('error', 50) };
}

/** Starts a worker over `ctx`'s database with Cairn's handlers; stop it with `stop()`. */
export function startJobWorker(ctx: AppContext, options: JobRuntimeOptions = {}): JobWorker {
  const { handlers, webhookFetch, recurring, ...workerOptions } = options;
  const kinds = handlers ?? defaultJobHandlers(webhookFetch ? { webhookFetch } : {});
  const logger = workerOptions.logger ?? createJsonLogger(ctx.config.logLevel);
  const worker = createWorker(ctx, kinds, {
    concurrency: ctx.config.jobs.concurrency,
    leaseMs: ctx.config.jobs.leaseSeconds * 1000,
    pollMs: ctx.config.jobs.pollMs,
    ...workerOptions,
    logger,
  });
  worker.start();
  if (recurring !== false && kinds.some((handler) => handler.kind === EXPIRY_SWEEP_JOB)) {
    // Its slot's dedupe key keeps workers that start together from adding a second sweep.
    scheduleExpirySweep(ctx, ctx.db, new Date(), { current: true }).then(
      () => worker.wake(),
      (error: unknown) =>
        logger.error('could not schedule the expiry-reminder sweep', { error: String(error) }),
    );
  }
  return worker;
}
