/**
 * The organization's mail language (`GET` / `PATCH /api/v1/organization`), on both databases, with a real
 * SMTP server on 127.0.0.1: set to Spanish, a credential issued afterwards is mailed in Spanish, while one
 * issued before keeps English for its later mail (revocation); an explicit `locale` still wins; another
 * organization is untouched; a language Cairn lacks, or a role below admin, is refused.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases.js';
import type { TestServer } from '../../support/http.js';
import { useMailTestbed } from '../../support/mail-testbed.js';
import { decodeHeader, mimePart } from '../../support/smtp.js';
import { type IssuingTenant, issueTo } from '../../support/tenant.js';
import { waitFor } from '../../support/wait.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the organization's mail language`, () => {
    let s: TestServer;
    let tenant: IssuingTenant;
    const smtp = useMailTestbed(dialect, (bed) => {
      ({ server: s, tenant } = bed);
    });

    const settings = (key: string) => s.request({ method: 'GET', url: '/api/v1/organization', key });
    const patch = (key: string, payload: Record<string, unknown>) =>
      s.request({ method: 'PATCH', url: '/api/v1/organization', key, payload });

    async function issue(email: string, extra: Record<string, unknown> = {}): Promise<string> {
      return (await issueTo(s, tenant, email, { recipient: { email, name: 'Lu' }, ...extra })).id;
    }

    async function subjects(address: string, count: number): Promise<string[]> {
      await waitFor(() => smtp.to(address).length >= count, { message: `${count} mail(s) to ${address}` });
      return smtp.to(address).map((mail) => decodeHeader(mail.headers.subject));
    }

    it('reads English by default; set to Spanish, later credentials are mailed in Spanish', async () => {
      const before = await settings(tenant.apiKey);
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json()).toMatchObject({ id: tenant.organization.id, mailLocale: null });

      const early = await issue('early@example.org');
      expect(await subjects('early@example.org', 1)).toEqual(['You earned “Unit 1: Balance”']);

      const changed = await patch(tenant.apiKey, { mailLocale: 'es' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().mailLocale).toBe('es');
      expect((await settings(tenant.apiKey)).json().mailLocale).toBe('es');

      await issue('late@example.org');
      expect(await subjects('late@example.org', 1)).toEqual(['Has obtenido «Unit 1: Balance»']);
      const text = mimePart(smtp.to('late@example.org')[0]?.raw ?? '', 'text/plain');
      expect(text).toContain('Hola, Lu:');
      expect(mimePart(smtp.to('late@example.org')[0]?.raw ?? '', 'text/html')).toContain('<html lang="es"');

      // The request's own locale still wins; the credential issued before keeps English.
      await issue('asked@example.org', { locale: 'en' });
      expect(await subjects('asked@example.org', 1)).toEqual(['You earned “Unit 1: Balance”']);
      const revoked = await s.request({
        method: 'POST',
        url: `/api/v1/credentials/${early}/revoke`,
        key: tenant.apiKey,
        payload: { reason: 'Issued by mistake' },
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect((await subjects('early@example.org', 2))[1]).toBe(
        'Your credential “Unit 1: Balance” was revoked',
      );

      // Back to the default.
      expect((await patch(tenant.apiKey, { mailLocale: null })).json().mailLocale).toBeNull();
      await issue('again@example.org');
      expect(await subjects('again@example.org', 1)).toEqual(['You earned “Unit 1: Balance”']);
    });

    it('another organization is untouched; bad languages and lower roles are refused', async () => {
      const other = await s.newOrganization();
      expect((await patch(tenant.apiKey, { mailLocale: 'es' })).statusCode).toBe(200);
      expect((await settings(other.apiKey)).json().mailLocale).toBeNull();

      const french = await patch(tenant.apiKey, { mailLocale: 'fr' });
      expect(french.statusCode).toBe(400);
      expect(french.headers['content-type']).toContain('application/problem+json');
      expect(french.json().code).toBe('INVALID_INPUT');

      const viewer = await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: tenant.apiKey,
        payload: { name: 'read only', role: 'viewer' },
      });
      const viewerKey = viewer.json().key as string;
      expect((await settings(viewerKey)).json().mailLocale).toBe('es');
      const refused = await patch(viewerKey, { mailLocale: 'en' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
      expect((await settings(tenant.apiKey)).json().mailLocale).toBe('es');
      expect((await s.request({ method: 'GET', url: '/api/v1/organization' })).statusCode).toBe(401);
    });
  });
}
