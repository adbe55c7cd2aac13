/**
 * The claim page and the claim on both databases: the page shows the credential and uses nothing; the
 * click uses the link once (a second use is a clear 410 page and problem); not signed in, a sign-in link
 * goes to the address and opening it puts the credential in a new wallet; signed in, the address joins
 * the wallet; the issuer hears `credential.claimed`.
 */
import { expect, it } from 'vitest';
import { createClaimLink } from '../../../src/services/claims.js';
import { findCredential } from '../../../src/storage/credentials.repository.js';
import { unique } from '../../support/factories.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { issue } from '../../support/pathways.js';
import { issuingTenant } from '../../support/tenant.js';
import { mailedLinkToken, sessionFrom, signedInLearner, walletClient } from '../../support/wallet.js';

async function claimLinkFor(s: TestServer, organizationId: string, credentialId: string): Promise<string> {
  const row = await findCredential(s.ctx.db, organizationId, credentialId);
  const link = await s.ctx.db.transaction().execute((trx) => createClaimLink(s.ctx, trx, row!));
  return link.token;
}

forEachServer('claims', (server) => {
  it('the claim link works once: page, sign-in link to the address, the credential in the new wallet, the webhook event', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const hook = await s.request({
      method: 'POST',
      url: '/api/v1/webhooks',
      key: tenant.apiKey,
      payload: { url: 'https://hooks.example.org/cairn', events: ['credential.claimed'] },
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const address = `${unique('claimer')}@example.org`;
    const issued = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const token = await claimLinkFor(s, tenant.organization.id, issued.id);

    const page = await s.request({ method: 'GET', url: `/claim/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Add it to your wallet');
    expect(page.body).toContain(address);
    // Opening the page twice uses nothing.
    expect((await s.request({ method: 'GET', url: `/claim/${token}` })).statusCode).toBe(200);

    const claimed = await s.request({ method: 'POST', url: '/api/v1/wallet/claims', payload: { token } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toEqual({ credentialId: issued.id, added: false, linkSent: true });
    const deliveries = await s.ctx.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('organization_id', '=', tenant.organization.id)
      .execute();
    expect(deliveries.map((row) => row.event_type)).toEqual(['credential.claimed']);
    expect(JSON.parse(deliveries[0]!.payload).data).toMatchObject({
      credentialId: issued.id,
      learnerId: issued.learnerId,
    });

    // Second use: a clear page and problem.
    const used = await s.request({ method: 'GET', url: `/claim/${token}` });
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('This claim link was used already');
    const again = await s.request({ method: 'POST', url: '/api/v1/wallet/claims', payload: { token } });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('CLAIM_USED');
    expect((await s.request({ method: 'GET', url: '/claim/clm_nothing_like_it' })).statusCode).toBe(404);

    // The sign-in link creates the wallet, which holds the credential.
    const link = await mailedLinkToken(s, address);
    const done = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/link/complete',
      payload: { token: link.token },
    });
    expect(done.json()).toMatchObject({ created: true, next: `/wallet/credentials/${issued.id}` });
    const cards = (
      await walletClient(s, sessionFrom(done))({ method: 'GET', url: '/api/v1/wallet/credentials' })
    ).json().items;
    expect(cards.map((card: { id: string }) => card.id)).toEqual([issued.id]);
  });

  it('signed in, the claimed address joins the wallet with every credential sent to it; CSRF is required', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const address = `${unique('claimer')}@example.org`;
    const older = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const issued = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const token = await claimLinkFor(s, tenant.organization.id, issued.id);
    const learner = await signedInLearner(s, { emails: [`${unique('own')}@example.org`] });
    const page = await learner.request({ method: 'GET', url: `/claim/${token}` });
    expect(page.body).toContain('Add to my wallet');
    const forged = await s.app.inject({
      method: 'POST',
      url: '/api/v1/wallet/claims',
      headers: { cookie: `cairn_wallet=${learner.token}` },
      payload: { token },
    });
    expect(forged.json().code).toBe('CSRF_FAILED');
    const claimed = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/claims',
      payload: { token },
    });
    expect(claimed.json()).toEqual({ credentialId: issued.id, added: true, linkSent: false });
    const me = (await learner.request({ method: 'GET', url: '/api/v1/wallet/me' })).json();
    expect(me.identities.map((identity: { value: string }) => identity.value)).toContain(address);
    const cards = (await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(cards.map((card: { id: string }) => card.id).sort()).toEqual([older.id, issued.id].sort());
  });
});
