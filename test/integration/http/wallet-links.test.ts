/**
 * The wallet's mailed links on both databases, read from the real outbox: sign-in by magic link (which
 * creates the account; works once), password sign-in, adding an address by its verification link (which
 * pulls in credentials issued to it before), and merging two accounts by a merge link.
 */
import { expect, it } from 'vitest';
import { unique } from '../../support/factories.js';
import { forEachServer, type TestServer } from '../../support/http.js';
import { issue } from '../../support/pathways.js';
import { issuingTenant } from '../../support/tenant.js';
import { mailedLinkToken, sessionFrom, walletClient } from '../../support/wallet.js';

const email = () => `${unique('link')}@example.org`;

async function signUp(s: TestServer, address: string, extra: Record<string, unknown> = {}) {
  const asked = await s.request({
    method: 'POST',
    url: '/api/v1/wallet/auth/link',
    payload: { email: address, ...extra },
  });
  expect(asked.statusCode, asked.body).toBe(202);
  const { token, url } = await mailedLinkToken(s, address);
  const done = await s.request({
    method: 'POST',
    url: '/api/v1/wallet/auth/link/complete',
    payload: { token },
  });
  return { done, token, url };
}

forEachServer('wallet links', (server) => {
  it('a magic link creates the account with its address verified, signs in, and works once', async () => {
    const s = server();
    const address = email();
    const { done, token, url } = await signUp(s, address, {
      password: 'a long enough password',
      next: '/wallet',
    });
    expect(url).toMatch(/^http:\/\/localhost:3000\/wallet\/sign-in#token=/);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      created: true,
      next: '/wallet',
      account: { hasPassword: true },
      identities: [{ type: 'email', value: address }],
    });
    const me = await walletClient(s, sessionFrom(done))({ method: 'GET', url: '/api/v1/wallet/me' });
    expect(me.statusCode).toBe(200);
    const again = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/link/complete',
      payload: { token },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('LINK_INVALID');
    // The password given with the first link signs in now; a second link signs in to the same account.
    const login = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/login',
      payload: { email: address, password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().account.id).toBe(done.json().account.id);
    const second = await signUp(s, address);
    expect(second.done.json()).toMatchObject({ created: false, account: { id: done.json().account.id } });
    // An unknown address gets the same answer as a known one (nobody learns who has an account).
    const unknown = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/link',
      payload: { email: email() },
    });
    expect(unknown.statusCode).toBe(202);
    const wrong = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/login',
      payload: { email: address, password: 'not it at all' },
    });
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    // The mail is the installation's own, essential, in the outbox; the token is not stored in clear.
    const rows = await s.ctx.db.selectFrom('learner_account_tokens').select('id').execute();
    expect(rows.map((row) => row.id)).not.toContain(token);
  });

  it('an address added later by its verification link pulls in the credentials issued to it before', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const first = email();
    const later = email();
    const earlier = await issue(s, tenant.apiKey, tenant.achievementId, later);
    const { done } = await signUp(s, first);
    const wallet = walletClient(s, sessionFrom(done));
    expect((await wallet({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items).toEqual([]);
    const asked = await wallet({
      method: 'POST',
      url: '/api/v1/wallet/identities/email',
      payload: { email: later },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const { token, url } = await mailedLinkToken(s, later);
    expect(url).toContain('/wallet/verify-email#token=');
    // Another account cannot use this link.
    const intruder = await signUp(s, email());
    const stolen = await walletClient(
      s,
      sessionFrom(intruder.done),
    )({
      method: 'POST',
      url: '/api/v1/wallet/identities/email/verify',
      payload: { token },
    });
    expect(stolen.json().code).toBe('LINK_INVALID');
    const verified = await wallet({
      method: 'POST',
      url: '/api/v1/wallet/identities/email/verify',
      payload: { token },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ type: 'email', value: later });
    const items = (await wallet({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([earlier.id]);
    // The address is now this account's: another account asking for it is told to merge.
    const taken = await walletClient(
      s,
      sessionFrom(intruder.done),
    )({
      method: 'POST',
      url: '/api/v1/wallet/identities/email',
      payload: { email: later },
    });
    expect(taken.json().code).toBe('IDENTITY_TAKEN');
  });

  it('merges by a merge link opened in the session that asked for it', async () => {
    const s = server();
    const one = email();
    const two = email();
    const a = walletClient(s, sessionFrom((await signUp(s, one)).done));
    const bDone = (await signUp(s, two)).done;
    const asked = await a({ method: 'POST', url: '/api/v1/wallet/merge/link', payload: { email: two } });
    expect(asked.statusCode, asked.body).toBe(202);
    const { token } = await mailedLinkToken(s, two);
    // B's own session cannot use A's merge link.
    const b = walletClient(s, sessionFrom(bDone));
    expect(
      (await b({ method: 'POST', url: '/api/v1/wallet/merge/complete', payload: { token } })).json().code,
    ).toBe('LINK_INVALID');
    const merged = await a({ method: 'POST', url: '/api/v1/wallet/merge/complete', payload: { token } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(
      merged
        .json()
        .identities.map((identity: { value: string }) => identity.value)
        .sort(),
    ).toEqual([one, two].sort());
    expect((await b({ method: 'GET', url: '/api/v1/wallet/me' })).statusCode).toBe(401);
  });
});
