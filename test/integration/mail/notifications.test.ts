/**
 * The learner's mail, end to end on both databases, received by a real SMTP server on 127.0.0.1:
 * issuing sends "you earned it" with a claim link that works (once) and the credential's page, in the
 * recipient's language; `notify: false` sends nothing; revoke / suspend / unsuspend tell the learner,
 * with the reason only when it is public; a refused address shows on the credential as not delivered;
 * the unsubscribe page and its one-click POST.
 */
import { describe, expect, it } from 'vitest';
import { consumeClaimToken } from '../../../src/services/claims.js';
import { isUnsubscribed, unsubscribeUrl } from '../../../src/services/mail/unsubscribe.js';
import { DIALECTS } from '../../support/databases.js';
import { TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { useMailTestbed } from '../../support/mail-testbed.js';
import { courseTenant, createPathway, issue as issueUnit } from '../../support/pathways.js';
import { decodeHeader, mimePart, type ReceivedMail } from '../../support/smtp.js';
import type { IssuingTenant } from '../../support/tenant.js';
import { waitFor } from '../../support/wait.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: mail to learners`, () => {
    let s: TestServer;
    let tenant: IssuingTenant;
    const smtp = useMailTestbed(dialect, (bed) => {
      ({ server: s, tenant } = bed);
    });

    async function issue(payload: Record<string, unknown>) {
      const response = await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, ...payload },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; url: string };
    }

    async function mailTo(address: string, count = 1): Promise<ReceivedMail[]> {
      await waitFor(() => smtp.to(address).length >= count, { message: `${count} mail(s) to ${address}` });
      return smtp.to(address);
    }

    async function credentialMail(id: string) {
      const response = await s.request({
        method: 'GET',
        url: `/api/v1/credentials/${id}`,
        key: tenant.apiKey,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().mail as { status: string; kind: string; lastError: string | null } | null;
    }

    it('issuing sends "you earned it" with a claim link that works once and the credential page', async () => {
      const credential = await issue({ recipient: { email: 'Gia@Example.org', name: 'Gia Stone' } });
      const [mail] = await mailTo('gia@example.org');
      if (!mail) {
        throw new Error('no mail');
      }
      expect(decodeHeader(mail.headers.subject)).toBe('You earned “Unit 1: Balance”');
      expect(mail.headers['list-unsubscribe']).toBeUndefined();
      const text = mimePart(mail.raw, 'text/plain');
      const html = mimePart(mail.raw, 'text/html');
      expect(text).toContain('Hello Gia Stone,');
      expect(text).toContain('Department of Stones awarded you “Unit 1: Balance”.');
      expect(text).toContain('valid and shareable now');
      expect(text).toContain(credential.url);
      expect(html).toContain('<html lang="en"');
      expect(html).toContain(`href="${credential.url}"`);
      const claimUrl = /http:\/\/localhost:3000\/claim\/(clm_[A-Za-z0-9_-]+)/.exec(text);
      expect(claimUrl, text).not.toBeNull();
      const token = claimUrl?.[1] as string;
      expect(html).toContain(`/claim/${token}`);
      expect(await consumeClaimToken(s.ctx, s.ctx.db, token)).toMatchObject({
        credentialId: credential.id,
        email: 'gia@example.org',
      });
      await expect(consumeClaimToken(s.ctx, s.ctx.db, token)).rejects.toMatchObject({ code: 'CLAIM_USED' });
      await waitFor(async () => (await credentialMail(credential.id))?.status === 'sent');
      expect(await credentialMail(credential.id)).toMatchObject({
        kind: 'credential.issued',
        lastError: null,
      });
    });

    it('in the language the issue request asks for (es)', async () => {
      await issue({ recipient: { email: 'hugo@example.org', name: 'Hugo' }, locale: 'es' });
      const [mail] = await mailTo('hugo@example.org');
      expect(decodeHeader(mail?.headers.subject)).toBe('Has obtenido «Unit 1: Balance»');
      const text = mimePart(mail?.raw ?? '', 'text/plain');
      expect(text).toContain('Hola, Hugo:');
      expect(text).toContain('Reclamar tu credencial');
      expect(mimePart(mail?.raw ?? '', 'text/html')).toContain('<html lang="es"');
    });

    it('a unit of a course: one e-mail that tells how far along the course it is; the last unit completes it', async () => {
      const course = await courseTenant(s, { units: 3 });
      const pathway = await createPathway(s, course.apiKey, {
        targetAchievementId: course.certificateId,
        requirements: { all: course.units.map((achievement) => ({ achievement })) },
        name: 'Stacking Stones',
      });
      const email = 'uma@example.org';
      await issueUnit(s, course.apiKey, course.units[0] as string, email);
      const [first] = await mailTo(email);
      expect(decodeHeader(first?.headers.subject)).toBe('You earned “Unit 1: Balance”');
      const text = mimePart(first?.raw ?? '', 'text/plain');
      expect(text).toContain('counts toward the pathway “Stacking Stones”: you are 33% of the way.');
      expect(text).toContain('Still to earn: “Unit 2: Stone 2” and “Unit 3: Stone 3”.');
      expect(text).toContain(`See the pathway “Stacking Stones”:\r\n${TEST_PUBLIC_URL}/p/${pathway.id}`);
      expect(mimePart(first?.raw ?? '', 'text/html')).toContain(`href="${TEST_PUBLIC_URL}/p/${pathway.id}"`);

      await issueUnit(s, course.apiKey, course.units[1] as string, email, { locale: 'es' });
      const second = (await mailTo(email, 2))[1];
      expect(mimePart(second?.raw ?? '', 'text/plain')).toContain(
        'cuenta para el itinerario «Stacking Stones»: llevas el 66 % del camino.',
      );
      expect(mimePart(second?.raw ?? '', 'text/plain')).toContain('Te falta obtener: «Unit 3: Stone 3».');
      // The last unit: its own mail (no progress left to tell) and the certificate's.
      await issueUnit(s, course.apiKey, course.units[2] as string, email);
      const all = await mailTo(email, 4);
      // Every e-mail is queued in its credential's transaction: four in all, no progress e-mail besides.
      const queued = await s.ctx.db
        .selectFrom('mail_messages')
        .select('kind')
        .where('to_address', '=', email)
        .execute();
      expect(queued.map((mail) => mail.kind).sort()).toEqual([
        'credential.issued',
        'credential.issued',
        'credential.issued',
        'pathway.completed',
      ]);
      const subjects = all.slice(2).map((mail) => decodeHeader(mail.headers.subject));
      expect(subjects.sort()).toEqual(
        ['You completed “Stacking Stones”', 'You earned “Unit 3: Stone 3”'].sort(),
      );
      const last = all.slice(2).find((mail) => decodeHeader(mail.headers.subject).startsWith('You earned'));
      expect(mimePart(last?.raw ?? '', 'text/plain')).not.toContain('of the way');
    });

    it('notify: false sends nothing; a DID-only recipient gets nothing', async () => {
      const quiet = await issue({ recipient: { email: 'quiet@example.org' }, notify: false });
      const did = await issue({ recipient: { did: 'did:example:learner-1' } });
      const loud = await issue({ recipient: { email: 'loud@example.org' } });
      await mailTo('loud@example.org');
      await waitFor(async () => (await credentialMail(loud.id))?.status === 'sent');
      expect(smtp.to('quiet@example.org')).toEqual([]);
      expect(await credentialMail(quiet.id)).toBeNull();
      expect(await credentialMail(did.id)).toBeNull();
    });

    it('revoking tells the learner, with the reason only when it is public; suspension both ways', async () => {
      const open = await issue({ recipient: { email: 'ivo@example.org' } });
      const hidden = await issue({ recipient: { email: 'jun@example.org' } });
      await mailTo('ivo@example.org');
      await mailTo('jun@example.org');
      const revoke = (id: string, reasonPublic: boolean) =>
        s.request({
          method: 'POST',
          url: `/api/v1/credentials/${id}/revoke`,
          key: tenant.apiKey,
          payload: { reason: 'Issued by mistake to the wrong cohort', reasonPublic },
        });
      expect((await revoke(open.id, true)).statusCode).toBe(200);
      expect((await revoke(hidden.id, false)).statusCode).toBe(200);
      const [, ivo] = await mailTo('ivo@example.org', 2);
      const [, jun] = await mailTo('jun@example.org', 2);
      expect(decodeHeader(ivo?.headers.subject)).toBe('Your credential “Unit 1: Balance” was revoked');
      expect(mimePart(ivo?.raw ?? '', 'text/plain')).toContain(
        'Reason given: Issued by mistake to the wrong cohort',
      );
      expect(mimePart(jun?.raw ?? '', 'text/plain')).not.toContain('wrong cohort');
      expect(mimePart(jun?.raw ?? '', 'text/plain')).toContain('It no longer verifies.');
    });

    it('a refused address shows on the credential: not delivered, with the reason', async () => {
      smtp.answer = (address) =>
        address === 'gone@example.org' ? { code: 550, message: 'Mailbox unavailable' } : undefined;
      const credential = await issue({ recipient: { email: 'gone@example.org' } });
      await waitFor(async () => (await credentialMail(credential.id))?.status === 'failed');
      const mail = await credentialMail(credential.id);
      expect(mail?.lastError).toContain('550');
      const failed = await s.request({
        method: 'GET',
        url: '/api/v1/mail?status=failed',
        key: tenant.apiKey,
      });
      expect(failed.json().items.map((item: { credentialId: string }) => item.credentialId)).toContain(
        credential.id,
      );
      smtp.answer = () => undefined;
    });

    it('a batch mails each learner by default; notify=false mails none', async () => {
      const upload = (query: string, rows: string) =>
        s.request({
          method: 'POST',
          url: `/api/v1/batches${query}`,
          key: tenant.apiKey,
          headers: { 'content-type': 'text/csv' },
          payload: `email,achievement\r\n${rows}`,
        });
      const loud = await upload(
        '',
        'row1@example.org,Unit 1: Balance\r\nrow2@example.org,Unit 1: Balance\r\n',
      );
      const quiet = await upload('?notify=false', 'row3@example.org,Unit 1: Balance\r\n');
      expect(loud.statusCode, loud.body).toBe(202);
      expect(quiet.json()).toMatchObject({ notify: false });
      await mailTo('row1@example.org');
      await mailTo('row2@example.org');
      await waitFor(async () => {
        const batch = await s.request({
          method: 'GET',
          url: `/api/v1/batches/${quiet.json().id}`,
          key: tenant.apiKey,
        });
        return batch.json().status === 'completed';
      });
      await waitFor(async () => {
        const queued = await s.request({
          method: 'GET',
          url: '/api/v1/mail?status=queued',
          key: tenant.apiKey,
        });
        return queued.json().items.length === 0;
      });
      expect(smtp.to('row3@example.org')).toEqual([]);
    });

    it('the unsubscribe link: GET asks, POST (one-click) records it; an altered link is refused', async () => {
      const url = unsubscribeUrl(s.ctx, { organizationId: tenant.organization.id, email: 'kim@example.org' });
      const path = url.slice(TEST_PUBLIC_URL.length);
      const ask = await s.request({ method: 'GET', url: path });
      expect(ask.statusCode).toBe(200);
      expect(ask.body).toContain('method="post"><button type="submit" class="button">Unsubscribe</button>');
      expect(await isUnsubscribed(s.ctx.db, tenant.organization.id, 'kim@example.org')).toBe(false);
      const done = await s.request({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.body).toContain('You are unsubscribed');
      expect(await isUnsubscribed(s.ctx.db, tenant.organization.id, 'kim@example.org')).toBe(true);
      const altered = await s.request({ method: 'POST', url: `${path.slice(0, -2)}xx`, payload: '' });
      expect(altered.statusCode).toBe(400);
      expect(altered.body).toContain('This link does not work');
    });
  });
}
