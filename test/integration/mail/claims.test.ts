/**
 * Claim tokens on both databases: a link for a credential issued to an e-mail address, only the hash
 * stored, usable once (also when two requests race), refused after it expires, unknown tokens NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClaimToken, consumeClaimToken, createClaimLink } from '../../../src/services/claims.js';
import { findCredential } from '../../../src/storage/credentials.repository.js';
import { withTransaction } from '../../../src/storage/transaction.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { issuingTenant } from '../../support/tenant.js';

const DAY = 24 * 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: claim tokens`, () => {
    let s: TestServer;
    let now = new Date('2026-11-28T12:00:00.000Z');
    beforeAll(async () => {
      s = await startTestServer(dialect, { clock: () => now });
    });
    afterAll(async () => {
      await s?.app.close();
      await s?.database.destroy();
    });

    async function issued(email: string) {
      const tenant = await issuingTenant(s);
      const response = await s.request({
        method: 'POST',
        url: '/api/v1/credentials',
        key: tenant.apiKey,
        payload: { achievementId: tenant.achievementId, recipient: { email }, notify: false },
      });
      expect(response.statusCode, response.body).toBe(201);
      const row = await findCredential(s.ctx.db, tenant.organization.id, response.json().id);
      if (!row) {
        throw new Error('not stored');
      }
      return row;
    }

    it('works once: the URL is /claim/{token}, the hash is stored, the second use is CLAIM_USED', async () => {
      now = new Date('2026-11-28T12:00:00.000Z');
      const credential = await issued('Cleo@Example.org');
      const link = await withTransaction(s.ctx.db, (trx) => createClaimLink(s.ctx, trx, credential));
      expect(link.url).toBe(`${TEST_PUBLIC_URL}/claim/${link.token}`);
      expect(link.expiresAt).toBe(new Date(now.getTime() + 30 * DAY).toISOString());
      const rows = await s.ctx.db
        .selectFrom('claim_tokens')
        .selectAll()
        .where('credential_id', '=', credential.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).not.toContain(link.token);
      expect(JSON.stringify(rows)).not.toContain(link.token);

      const expected = {
        credentialId: credential.id,
        organizationId: credential.organization_id,
        email: 'cleo@example.org',
      };
      expect(await checkClaimToken(s.ctx, s.ctx.db, link.token)).toEqual(expected);
      expect(await consumeClaimToken(s.ctx, s.ctx.db, link.token)).toEqual(expected);
      await expect(consumeClaimToken(s.ctx, s.ctx.db, link.token)).rejects.toMatchObject({
        code: 'CLAIM_USED',
      });
      await expect(checkClaimToken(s.ctx, s.ctx.db, link.token)).rejects.toMatchObject({
        code: 'CLAIM_USED',
      });
    });

    it('two uses at once: exactly one succeeds', async () => {
      now = new Date('2026-11-28T12:00:00.000Z');
      const credential = await issued('dario@example.org');
      const link = await withTransaction(s.ctx.db, (trx) => createClaimLink(s.ctx, trx, credential));
      const results = await Promise.allSettled([
        consumeClaimToken(s.ctx, s.ctx.db, link.token),
        consumeClaimToken(s.ctx, s.ctx.db, link.token),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({
        reason: { code: 'CLAIM_USED' },
      });
    });

    it('expires after the configured days: CLAIM_EXPIRED, and the credential is untouched', async () => {
      now = new Date('2026-11-28T12:00:00.000Z');
      const credential = await issued('eva@example.org');
      const link = await withTransaction(s.ctx.db, (trx) => createClaimLink(s.ctx, trx, credential));
      now = new Date(now.getTime() + 30 * DAY - 1000);
      expect((await checkClaimToken(s.ctx, s.ctx.db, link.token)).credentialId).toBe(credential.id);
      now = new Date(now.getTime() + 1000);
      await expect(consumeClaimToken(s.ctx, s.ctx.db, link.token)).rejects.toMatchObject({
        code: 'CLAIM_EXPIRED',
      });
      await expect(checkClaimToken(s.ctx, s.ctx.db, link.token)).rejects.toMatchObject({
        code: 'CLAIM_EXPIRED',
      });
      expect((await findCredential(s.ctx.db, credential.organization_id, credential.id))?.status).toBe(
        'active',
      );
    });

    it('an unknown token is NOT_FOUND; a credential issued to a DID only gets no link', async () => {
      await expect(consumeClaimToken(s.ctx, s.ctx.db, 'clm_nothing')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const credential = await issued('fay@example.org');
      await expect(
        withTransaction(s.ctx.db, (trx) =>
          createClaimLink(s.ctx, trx, { ...credential, recipient_email: null }),
        ),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
}
