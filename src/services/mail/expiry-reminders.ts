/**
 * "Expiring soon" reminders (issue 5): before a credential's `validUntil`, at each threshold of
 * `CAIRN_EXPIRY_REMINDER_DAYS` (default 30, 7 and 1 days), its learner gets one e-mail.
 *
 * A sweep (`sweepExpiryReminders`) finds the active credentials expiring within the largest threshold.
 * For each it picks the smallest threshold the time left is within (20 days left: the 30-day reminder;
 * 5 days: the 7-day one) and records it in `expiry_reminders` with the e-mail, in one transaction; the
 * table's key (credential, threshold, expiry date) makes each reminder go once, however often and
 * however many workers sweep. Revoked and suspended credentials are not active, so they get none; a
 * renewed one has a new expiry date, so its reminders start again for that date. Addresses that
 * unsubscribed from the organization's non-essential mail are skipped.
 *
 * The sweep runs as the `mail.expiry-sweep` job: every `CAIRN_EXPIRY_SWEEP_MINUTES` (default 60), each
 * run queuing the next. Its dedupe key names its time slot, so workers that start at once (or a worker
 * that restarts) add no second chain: a slot's job is added once while it is live.
 */
import type { Kysely } from 'kysely';
import { enqueue } from '../../jobs/queue.js';
import { credentialExpiringMail } from '../../rendering/mail/templates.js';
import type { Credential } from '../../storage/credentials.repository.js';
import { insertExpiryReminder, listCredentialsExpiringBetween } from '../../storage/mail.repository.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { AppContext } from '../context.js';
import { credentialMailData, queueCredentialMail } from './notify.js';
import { isUnsubscribed, unsubscribeUrl } from './unsubscribe.js';

export const EXPIRY_SWEEP_JOB = 'mail.expiry-sweep';

const DAY_MS = 24 * 3600 * 1000;
const PAGE = 200;

/** The threshold (days) a credential expiring at `validUntil` is within at `now`, or undefined. */
export function reminderThreshold(
  thresholds: readonly number[],
  now: Date,
  validUntil: Date,
): number | undefined {
  const left = validUntil.getTime() - now.getTime();
  if (left <= 0) {
    return undefined;
  }
  const within = thresholds.filter((days) => left <= days * DAY_MS);
  return within.length === 0 ? undefined : Math.min(...within);
}

/** Queues the reminders due now; returns how many e-mails were queued. */
export async function sweepExpiryReminders(ctx: AppContext): Promise<number> {
  const thresholds = ctx.config.mail.reminderDays;
  if (thresholds.length === 0) {
    return 0;
  }
  const now = ctx.clock();
  const horizon = new Date(now.getTime() + Math.max(...thresholds) * DAY_MS);
  let sent = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await listCredentialsExpiringBetween(ctx.db, now, horizon, {
      limit: PAGE,
      ...(afterId ? { afterId } : {}),
    });
    for (const credential of page) {
      if (await remind(ctx, credential, thresholds, now)) {
        sent += 1;
      }
    }
    if (page.length < PAGE) {
      return sent;
    }
    afterId = page[page.length - 1]?.id;
  }
}

async function remind(
  ctx: AppContext,
  credential: Credential,
  thresholds: readonly number[],
  now: Date,
): Promise<boolean> {
  const to = credential.recipient_email;
  const validUntil = credential.valid_until;
  const days = validUntil ? reminderThreshold(thresholds, now, new Date(validUntil)) : undefined;
  if (!to || !validUntil || days === undefined) {
    return false;
  }
  if (await isUnsubscribed(ctx.db, credential.organization_id, to)) {
    return false;
  }
  return await withTransaction(ctx.db, async (trx) => {
    const first = await insertExpiryReminder(trx, {
      organization_id: credential.organization_id,
      credential_id: credential.id,
      days,
      valid_until: validUntil,
      now,
    });
    if (!first) {
      return false;
    }
    const data = await credentialMailData(ctx, trx, credential);
    const link = unsubscribeUrl(ctx, { organizationId: credential.organization_id, email: to });
    const mail = credentialExpiringMail({ ...data, validUntil, unsubscribeUrl: link });
    await queueCredentialMail(ctx, trx, credential, {
      to,
      mail,
      locale: data.locale,
      kind: 'credential.expiring',
      unsubscribe: link,
    });
    return true;
  });
}

/** The start of the sweep slot `at` falls in. */
function slotStart(at: Date, minutes: number): Date {
  const size = minutes * 60_000;
  return new Date(Math.floor(at.getTime() / size) * size);
}

/**
 * Queues the sweep of the slot after `at` (or of `at`'s own slot, `current`), unless one is live for it.
 * Workers call it when they start; each sweep calls it for the next slot.
 */
export async function scheduleExpirySweep(
  ctx: AppContext,
  db: Kysely<Database>,
  at: Date,
  options: { current?: boolean } = {},
): Promise<void> {
  const minutes = ctx.config.mail.sweepMinutes;
  const start = slotStart(at, minutes);
  const runAt = options.current ? start : new Date(start.getTime() + minutes * 60_000);
  await enqueue(db, {
    kind: EXPIRY_SWEEP_JOB,
    organizationId: null,
    payload: { slot: runAt.toISOString() },
    runAt,
    dedupeKey: `${EXPIRY_SWEEP_JOB}:${runAt.toISOString()}`,
  });
}
