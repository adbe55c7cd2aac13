/**
 * "Expiring soon" reminders on both databases with a fixed, moved clock: one e-mail at each threshold
 * (30, 7, 1 days), never twice, none for revoked or suspended credentials or unsubscribed learners,
 * again after a renewal (a new expiry date), in the credential's language; and the sweep as a job that
 * queues its next run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobWorker } from '../../../src/jobs/worker.js';
import {
  EXPIRY_SWEEP_JOB,
  reminderThreshold,
  scheduleExpirySweep,
  sweepExpiryReminders,
} from '../../../src/services/mail/expiry-reminders.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { startTestWorker } from '../../support/jobs.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';
import { waitFor } from '../../support/wait.js';

const DAY = 24 * 3600 * 1000;
const T0 = new Date('2027-01-01T09:00:00.000Z');

describe('reminderThreshold', () => {
  it('picks the smallest threshold the time left is within', () => {
    const until = new Date(T0.getTime() + 40 * DAY);
    const at = (daysLeft: number) => new Date(until.getTime() - daysLeft * DAY);
    expect(reminderThreshold([30, 7, 1], at(31), until)).toBeUndefined();
    expect(reminderThreshold([30, 7, 1], at(30), until)).toBe(30);
    expect(reminderThreshold([30, 7, 1], at(20), until)).toBe(30);
    expect(reminderThreshold([30, 7, 1], at(7), until)).toBe(7);
    expect(reminderThreshold([30, 7, 1], at(0.5), until)).toBe(1);
    expect(reminderThreshold([30, 7, 1], at(0), until)).toBeUndefined();
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: expiry reminders`, () => {
    let s: TestServer;
    let worker: JobWorker;
    let tenant: IssuingTenant;
    let now = T0;

    beforeAll(async () => {
      s = await startTestServer(dialect, { clock: () => now });
      worker = startTestWorker(s.ctx);
      tenant = await issuingTenant(s);
    });
    afterAll(async () => {
      await worker?.stop();
      await s?.app.close();
      await s?.database.destroy();
    });

    async function issue(email: string, validUntil: Date, extra: Record<string, unknown> = {}) {
      const response = await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: {
          achievementId: tenant.achievementId,
          recipient: { email },
          validUntil: validUntil.toISOString(),
          notify: false,
          ...extra,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string };
    }

    async function reminders(email: string) {
      const response = await s.request({
        method: 'GET',
        url: `/api/v1/mail?kind=credential.expiring`,
        key: tenant.apiKey,
      });
      return (response.json().items as { to: string; subject: string }[]).filter((item) => item.to === email);
    }

    async function mailbox(email: string) {
      let items: { subject: string; text: string; html: string; headers: Record<string, string> }[] = [];
      await waitFor(async () => {
        worker.wake();
        const response = await s.request({
          method: 'GET',
          url: `/api/v1/dev/mailbox?to=${email}`,
          key: tenant.apiKey,
        });
        items = response.json().items;
        return items.length > 0;
      });
      return items;
    }

    const sweepAt = async (at: Date) => {
      now = at;
      return await sweepExpiryReminders(s.ctx);
    };

    it('once at 30, 7 and 1 days before validUntil, never twice, none after expiry', async () => {
      now = T0;
      const until = new Date(T0.getTime() + 40 * DAY);
      await issue('lia@example.org', until);
      const daysBefore = (days: number) => new Date(until.getTime() - days * DAY);
      await sweepAt(daysBefore(35));
      expect(await reminders('lia@example.org')).toHaveLength(0);
      await sweepAt(daysBefore(29));
      await sweepAt(daysBefore(28));
      expect(await reminders('lia@example.org')).toHaveLength(1);
      await sweepAt(daysBefore(6.5));
      await sweepAt(daysBefore(6));
      expect(await reminders('lia@example.org')).toHaveLength(2);
      await sweepAt(daysBefore(0.5));
      await sweepAt(daysBefore(0.25));
      await sweepAt(new Date(until.getTime() + DAY));
      expect(await reminders('lia@example.org')).toHaveLength(3);

      const [latest] = await mailbox('lia@example.org');
      expect(latest?.subject).toBe('“Unit 1: Balance” expires on February 10, 2027');
      expect(latest?.text).toContain('Stop expiry reminders from Department of Stones');
      expect(latest?.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[^>]+>$/);
      expect(latest?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    });

    it('none for revoked or suspended credentials; a renewal starts them again for the new date', async () => {
      now = T0;
      const until = new Date(T0.getTime() + 40 * DAY);
      const revoked = await issue('max@example.org', until);
      const renewed = await issue('noa@example.org', until);
      const post = (url: string, payload: Record<string, unknown>) =>
        s.request({ method: 'POST', url, key: tenant.apiKey, payload });
      expect((await post(`/api/v1/credentials/${revoked.id}/revoke`, { reason: 'Mistake' })).statusCode).toBe(
        200,
      );
      await sweepAt(new Date(until.getTime() - 10 * DAY));
      expect(await reminders('max@example.org')).toHaveLength(0);
      expect(await reminders('noa@example.org')).toHaveLength(1);
      const later = new Date(until.getTime() + 90 * DAY);
      const renewal = await post(`/api/v1/credentials/${renewed.id}/renew`, {
        validUntil: later.toISOString(),
      });
      expect(renewal.statusCode, renewal.body).toBe(200);
      await sweepAt(new Date(until.getTime() - 6 * DAY));
      expect(await reminders('noa@example.org')).toHaveLength(1);
      await sweepAt(new Date(later.getTime() - 20 * DAY));
      expect(await reminders('noa@example.org')).toHaveLength(2);
    });

    it('an unsubscribed learner gets no more reminders', async () => {
      now = T0;
      const until = new Date(T0.getTime() + 40 * DAY);
      await issue('ola@example.org', until);
      await sweepAt(new Date(until.getTime() - 25 * DAY));
      const [first] = await mailbox('ola@example.org');
      const link = /<([^>]+)>/.exec(first?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
      expect(link.startsWith(TEST_PUBLIC_URL)).toBe(true);
      const done = await s.request({
        method: 'POST',
        url: link.slice(TEST_PUBLIC_URL.length),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(done.statusCode).toBe(200);
      await sweepAt(new Date(until.getTime() - 5 * DAY));
      await sweepAt(new Date(until.getTime() - 0.5 * DAY));
      expect(await reminders('ola@example.org')).toHaveLength(1);
    });

    it('in the language chosen at issuance (es)', async () => {
      now = T0;
      const until = new Date(T0.getTime() + 40 * DAY);
      await issue('pia@example.org', until, { locale: 'es' });
      await sweepAt(new Date(until.getTime() - 3 * DAY));
      const [mail] = await mailbox('pia@example.org');
      expect(mail?.subject).toBe('«Unit 1: Balance» caduca el 10 de febrero de 2027');
      expect(mail?.html).toContain('<html lang="es"');
      expect(mail?.text).toContain('No recibir más recordatorios');
    });

    it('the sweep runs as a job and queues the next one; workers starting together add one', async () => {
      now = T0;
      const until = new Date(T0.getTime() + 40 * DAY);
      await issue('quinn@example.org', until);
      now = new Date(until.getTime() - 2 * DAY);
      const at = new Date();
      await scheduleExpirySweep(s.ctx, s.ctx.db, at, { current: true });
      await scheduleExpirySweep(s.ctx, s.ctx.db, at, { current: true });
      const sweeps = () =>
        s.ctx.db
          .selectFrom('jobs')
          .selectAll()
          .where('kind', '=', EXPIRY_SWEEP_JOB)
          .orderBy('run_at')
          .execute();
      expect(await sweeps()).toHaveLength(1);
      worker.wake();
      await waitFor(async () => (await reminders('quinn@example.org')).length === 1);
      await waitFor(async () => (await sweeps()).length === 2);
      const [done, next] = await sweeps();
      await waitFor(async () => (await sweeps())[0]?.status === 'succeeded');
      expect(next?.status).toBe('queued');
      expect(new Date(next?.run_at ?? 0).getTime()).toBeGreaterThan(new Date(done?.run_at ?? 0).getTime());
    });
  });
}
