/**
 * The mail outbox end to end on both databases: `enqueueMail` in the caller's transaction, the
 * `mail.send` worker, the development mailbox API (DESIGN §7 shape) without SMTP, and a real SMTP server
 * on 127.0.0.1 with SMTP: delivery, a 4xx answer retried until delivered, a 5xx answer failed at once
 * and visible in the delivery log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobWorker } from '../../../src/jobs/worker.js';
import { enqueueMail, type OutgoingMail } from '../../../src/services/mail/outbox.js';
import { withTransaction } from '../../../src/storage/transaction.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { startTestWorker } from '../../support/jobs.js';
import { startSmtpTestServer, TestSmtpServer } from '../../support/smtp.js';
import { waitFor } from '../../support/wait.js';

function message(to: string, subject = 'Hello'): OutgoingMail {
  return {
    to,
    subject,
    text: `Plain ${subject}`,
    html: `<p>HTML ${subject}</p>`,
    locale: 'en',
    kind: 'test.message',
  };
}

async function listMail(s: TestServer, key: string, query = '') {
  const response = await s.request({ method: 'GET', url: `/api/v1/mail${query}`, key });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as {
    id: string;
    status: string;
    to: string;
    lastError: string | null;
    attempts: number;
    transport: string | null;
  }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: mail without SMTP (the development mailbox)`, () => {
    let s: TestServer;
    let worker: JobWorker;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      worker = startTestWorker(s.ctx);
    });
    afterAll(async () => {
      await worker?.stop();
      await s?.app.close();
      await s?.database.destroy();
    });

    it('keeps committed mail in the mailbox, in the DESIGN shape; a rolled-back change sends nothing', async () => {
      const org = await s.newOrganization();
      const other = await s.newOrganization();
      await withTransaction(s.ctx.db, (trx) =>
        enqueueMail(trx, org.organization.id, message('ana@example.org', 'Kept')),
      );
      await withTransaction(s.ctx.db, async (trx) => {
        await enqueueMail(trx, org.organization.id, message('ana@example.org', 'Rolled back'));
        throw new Error('the change failed');
      }).catch(() => undefined);
      worker.wake();
      let items: Record<string, unknown>[] = [];
      await waitFor(async () => {
        const response = await s.request({ method: 'GET', url: '/api/v1/dev/mailbox', key: org.apiKey });
        expect(response.statusCode, response.body).toBe(200);
        items = response.json().items;
        return items.length === 1;
      });
      expect(items[0]).toMatchObject({
        to: 'ana@example.org',
        subject: 'Kept',
        text: 'Plain Kept',
        html: '<p>HTML Kept</p>',
      });
      // The delivery log says where it went; another organization sees none of it.
      expect(await listMail(s, org.apiKey)).toMatchObject([{ status: 'sent', transport: 'mailbox' }]);
      const theirs = await s.request({ method: 'GET', url: '/api/v1/dev/mailbox', key: other.apiKey });
      expect(theirs.json().items).toEqual([]);
      expect(await listMail(s, other.apiKey)).toEqual([]);
    });

    it('refuses a malformed address or a header with a line break', async () => {
      const org = await s.newOrganization();
      for (const bad of [
        message('not an address'),
        { ...message('a@example.org'), subject: 'x\r\nBcc: b@x.org' },
      ]) {
        const error = await withTransaction(s.ctx.db, (trx) =>
          enqueueMail(trx, org.organization.id, bad),
        ).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'INVALID_INPUT' });
      }
    });

    it('the mailbox is for admins; without a key, 401', async () => {
      const response = await s.request({ method: 'GET', url: '/api/v1/dev/mailbox' });
      expect(response.statusCode).toBe(401);
    });
  });

  describe(`${dialect}: mail through a real SMTP server`, () => {
    let s: TestServer;
    let worker: JobWorker;
    const smtp = new TestSmtpServer();
    beforeAll(async () => {
      await smtp.start();
      s = await startSmtpTestServer(dialect, smtp, { CAIRN_MAIL_FROM: 'Cairn Test <no-reply@cairn.test>' });
      worker = startTestWorker(s.ctx);
    });
    afterAll(async () => {
      await worker?.stop();
      await smtp.stop();
      await s?.app.close();
      await s?.database.destroy();
    });

    it('sends it: the server receives the message from CAIRN_MAIL_FROM; the body is not kept', async () => {
      const org = await s.newOrganization();
      await withTransaction(s.ctx.db, (trx) =>
        enqueueMail(trx, org.organization.id, {
          ...message('bea@example.org', 'Delivered'),
          headers: { 'List-Unsubscribe': '<http://localhost:3000/unsubscribe/x>' },
        }),
      );
      worker.wake();
      await waitFor(() => smtp.to('bea@example.org').length === 1);
      const [mail] = smtp.to('bea@example.org');
      expect(mail?.from).toBe('no-reply@cairn.test');
      expect(mail?.headers.subject).toBe('Delivered');
      expect(mail?.headers['list-unsubscribe']).toBe('<http://localhost:3000/unsubscribe/x>');
      expect(mail?.raw).toContain('Plain Delivered');
      await waitFor(async () => (await listMail(s, org.apiKey))[0]?.status === 'sent');
      expect((await listMail(s, org.apiKey))[0]).toMatchObject({
        transport: 'smtp',
        attempts: 1,
        lastError: null,
      });
      const stored = await s.ctx.db
        .selectFrom('mail_messages')
        .selectAll()
        .where('organization_id', '=', org.organization.id)
        .executeTakeFirstOrThrow();
      expect(stored.text_body).toBeNull();
      expect(stored.html_body).toBeNull();
      // With SMTP there is no development mailbox.
      const mailbox = await s.request({ method: 'GET', url: '/api/v1/dev/mailbox', key: org.apiKey });
      expect(mailbox.statusCode).toBe(404);
      expect(mailbox.json().code).toBe('MAILBOX_UNAVAILABLE');
    });

    it('a 4xx answer is retried until the server takes the message', async () => {
      const org = await s.newOrganization();
      smtp.answer = (address, count) =>
        address === 'busy@example.org' && count <= 2 ? { code: 451, message: 'Try again later' } : undefined;
      await withTransaction(s.ctx.db, (trx) =>
        enqueueMail(trx, org.organization.id, message('busy@example.org')),
      );
      worker.wake();
      await waitFor(() => smtp.to('busy@example.org').length === 1);
      await waitFor(async () => (await listMail(s, org.apiKey))[0]?.status === 'sent');
      expect((await listMail(s, org.apiKey))[0]).toMatchObject({ attempts: 3, lastError: null });
    });

    it('a 5xx answer fails the e-mail at once, with the reason, in the delivery log', async () => {
      const org = await s.newOrganization();
      smtp.answer = (address) =>
        address === 'nobody@example.org' ? { code: 550, message: 'No such user here' } : undefined;
      await withTransaction(s.ctx.db, (trx) =>
        enqueueMail(trx, org.organization.id, message('nobody@example.org')),
      );
      worker.wake();
      await waitFor(async () => (await listMail(s, org.apiKey))[0]?.status === 'failed');
      const [failed] = await listMail(s, org.apiKey, '?status=failed');
      expect(failed).toMatchObject({ to: 'nobody@example.org', attempts: 1 });
      expect(failed?.lastError).toContain('550');
      expect(failed?.lastError).toContain('No such user here');
      expect(smtp.to('nobody@example.org')).toEqual([]);
      expect(await listMail(s, org.apiKey, '?status=sent')).toEqual([]);
    });
  });
}
