/**
 * The `mail.expiry-sweep` job: queues the "expiring soon" reminders due now
 * (`src/services/mail/expiry-reminders.ts`), then the next sweep. A sweep that gives up still queues
 * the next one, so reminders never stop for good.
 */
import {
  EXPIRY_SWEEP_JOB,
  scheduleExpirySweep,
  sweepExpiryReminders,
} from '../../services/mail/expiry-reminders.js';
import type { JobHandler } from '../queue.js';

export function createExpirySweepHandler(): JobHandler {
  return {
    kind: EXPIRY_SWEEP_JOB,
    retry: { baseMs: 30_000, maxMs: 10 * 60_000 },
    async run(_job, { ctx }) {
      await sweepExpiryReminders(ctx);
      await scheduleExpirySweep(ctx, ctx.db, new Date());
    },
    async onDead(trx, _job, _error, ctx) {
      await scheduleExpirySweep(ctx, trx, new Date());
    },
  };
}
