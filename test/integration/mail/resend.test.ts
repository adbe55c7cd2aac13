/**
 * Sending a failed e-mail again (`POST /api/v1/mail/{id}/resend`), on both databases, through a real SMTP
 * server on 127.0.0.1 that refuses the first attempt for good (550) and accepts the second: the resent
 * "you earned it" arrives with a new claim link that works; the failed one stays in the log; an e-mail
 * that did not fail, one resent already, one whose credential changed since, or another organization's
 * is refused with problem+json.
 */
import { describe, expect, it } from 'vitest';
import { consumeClaimToken } from '../../../src/services/claims.js';
import { DIALECTS } from '../../support/databases.js';
import type { TestServer } from '../../support/http.js';
import { useMailTestbed } from '../../support/mail-testbed.js';
import { mimePart } from '../../support/smtp.js';
import { enableSuspension, type IssuingTenant, issueTo } from '../../support/tenant.js';
import { waitFor } from '../../support/wait.js';

type Delivery = { id: string; kind: string; status: string; to: string; lastError: string | null };

for (const dialect of DIALECTS) {
  describe(`${dialect}: resending a failed e-mail`, () => {
    let s: TestServer;
    let tenant: IssuingTenant;
    // The first offer to a "flaky" address is refused for good; any later one is accepted.
    const smtp = useMailTestbed(
      dialect,
      (bed) => {
        ({ server: s, tenant } = bed);
      },
      {
        answer: (address, count) =>
          address.startsWith('flaky') && count === 1
            ? { code: 550, message: 'Mailbox unavailable' }
            : undefined,
      },
    );

    async function issue(email: string): Promise<string> {
      return (await issueTo(s, tenant, email)).id;
    }

    async function deliveries(credentialId: string): Promise<Delivery[]> {
      const response = await s.request({
        method: 'GET',
        url: `/api/v1/mail?credentialId=${encodeURIComponent(credentialId)}`,
        key: tenant.apiKey,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items as Delivery[];
    }

    async function failedMailOf(credentialId: string): Promise<Delivery> {
      await waitFor(async () => (await deliveries(credentialId))[0]?.status === 'failed', {
        message: `a failed e-mail about ${credentialId}`,
      });
      return (await deliveries(credentialId))[0] as Delivery;
    }

    const resend = (id: string, key = tenant.apiKey) =>
      s.request({ method: 'POST', url: `/api/v1/mail/${encodeURIComponent(id)}/resend`, key });

    it('a mail refused for good is sent again, with a new claim link that works; the failure stays logged', async () => {
      const credentialId = await issue('flaky-ana@example.org');
      const failed = await failedMailOf(credentialId);
      expect(failed).toMatchObject({ kind: 'credential.issued', to: 'flaky-ana@example.org' });
      expect(failed.lastError).toContain('550');
      expect(smtp.to('flaky-ana@example.org')).toEqual([]);

      const response = await resend(failed.id);
      expect(response.statusCode, response.body).toBe(202);
      const fresh = response.json() as Delivery;
      expect(fresh.id).not.toBe(failed.id);
      expect(fresh).toMatchObject({ kind: 'credential.issued', to: 'flaky-ana@example.org' });

      await waitFor(() => smtp.to('flaky-ana@example.org').length === 1);
      const text = mimePart(smtp.to('flaky-ana@example.org')[0]?.raw ?? '', 'text/plain');
      const token = /\/claim\/(clm_[A-Za-z0-9_-]+)/.exec(text)?.[1];
      expect(token, text).toBeDefined();
      expect(await consumeClaimToken(s.ctx, s.ctx.db, token as string)).toMatchObject({ credentialId });

      await waitFor(async () => (await deliveries(credentialId))[0]?.status === 'sent');
      const log = await deliveries(credentialId);
      expect(log.map((item) => [item.id, item.status])).toEqual([
        [fresh.id, 'sent'],
        [failed.id, 'failed'],
      ]);
      const credential = await s.request({
        method: 'GET',
        url: `/api/v1/credentials/${credentialId}`,
        key: tenant.apiKey,
      });
      expect(credential.json().mail).toMatchObject({ id: fresh.id, status: 'sent', lastError: null });

      // Twice is refused: the newer e-mail is the one that counts.
      const again = await resend(failed.id);
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json().code).toBe('MAIL_NOT_RESENDABLE');
      expect(smtp.to('flaky-ana@example.org')).toHaveLength(1);
    });

    it('two resends at once send one copy: the other is told it was resent already', async () => {
      const credentialId = await issue('flaky-dee@example.org');
      const failed = await failedMailOf(credentialId);
      const answers = await Promise.all([resend(failed.id), resend(failed.id)]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([202, 409]);
      expect(answers.find((answer) => answer.statusCode === 409)?.json().code).toBe('MAIL_NOT_RESENDABLE');
      await waitFor(async () => (await deliveries(credentialId))[0]?.status === 'sent');
      expect((await deliveries(credentialId)).map((item) => item.status)).toEqual(['sent', 'failed']);
      expect(smtp.to('flaky-dee@example.org')).toHaveLength(1);
    });

    it('an e-mail that did not fail is refused with MAIL_NOT_FAILED; unknown or foreign ones are 404', async () => {
      const credentialId = await issue('fine@example.org');
      await waitFor(async () => (await deliveries(credentialId))[0]?.status === 'sent');
      const [sent] = await deliveries(credentialId);
      const response = await resend(sent?.id ?? '');
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('MAIL_NOT_FAILED');

      const other = await s.newOrganization();
      const flakyId = await issue('flaky-bo@example.org');
      const failed = await failedMailOf(flakyId);
      const foreign = await resend(failed.id, other.apiKey);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('NOT_FOUND');
      expect((await resend('no-such-mail')).statusCode).toBe(404);
      expect((await s.request({ method: 'POST', url: `/api/v1/mail/${failed.id}/resend` })).statusCode).toBe(
        401,
      );
    });

    it('a status e-mail is resent while the status holds, and refused once the credential changed', async () => {
      await enableSuspension(s, tenant);
      const credentialId = await issue('flaky-cy@example.org');
      const issued = await failedMailOf(credentialId);
      const status = (action: string) =>
        s.request({
          method: 'POST',
          url: `/api/v1/credentials/${credentialId}/${action}`,
          key: tenant.apiKey,
          payload: { reason: 'Under review', reasonPublic: true },
        });
      // Resend the issued mail first, so the address is accepted from now on …
      expect((await resend(issued.id)).statusCode).toBe(202);
      await waitFor(() => smtp.to('flaky-cy@example.org').length === 1);
      expect((await status('suspend')).statusCode).toBe(200);
      await waitFor(() => smtp.to('flaky-cy@example.org').length === 2);
      // … then fail a suspension mail by hand (as a refused one would be) and resend it.
      const suspended = (await deliveries(credentialId)).find((item) => item.kind === 'credential.suspended');
      await s.ctx.db
        .updateTable('mail_messages')
        .set({ status: 'failed', last_error: '550 gone' })
        .where('id', '=', suspended?.id ?? '')
        .execute();
      const response = await resend(suspended?.id ?? '');
      expect(response.statusCode, response.body).toBe(202);
      await waitFor(() => smtp.to('flaky-cy@example.org').length === 3);
      const text = mimePart(smtp.to('flaky-cy@example.org')[2]?.raw ?? '', 'text/plain');
      expect(text).toContain('Under review');

      // Lifted since: the newest suspension mail, failed, is no longer true and is not sent.
      const newest = (await deliveries(credentialId)).find((item) => item.kind === 'credential.suspended');
      await s.ctx.db
        .updateTable('mail_messages')
        .set({ status: 'failed' })
        .where('id', '=', newest?.id ?? '')
        .execute();
      expect((await status('unsuspend')).statusCode).toBe(200);
      const refused = await resend(newest?.id ?? '');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('MAIL_NOT_RESENDABLE');
      expect(refused.json().detail).toContain('active');
    });
  });
}
