/**
 * The wallet over HTTP on both databases: credentials issued to an account's identities (in any
 * organization, before or after the identity was added), filters, pathways, privacy enforced on every
 * public page and file, DID proof, merge, the DID-as-subject rule in issuing, export and delete.
 */
import { expect, it } from 'vitest';
import { exportKeyFile } from '../../../src/core/keys/key-pair.js';
import { attachIdentity } from '../../../src/services/wallet/identities.js';
import { findLearnerAccount } from '../../../src/storage/learner-accounts.repository.js';
import { unique } from '../../support/factories.js';
import { forEachServer, TEST_PUBLIC_URL } from '../../support/http.js';
import { createPathway, issue } from '../../support/pathways.js';
import { referenceSignPresentation } from '../../support/reference-stack.js';
import { newKeyPair } from '../../support/signing.js';
import { issuingTenant } from '../../support/tenant.js';
import { signedInLearner } from '../../support/wallet.js';

const email = () => `${unique('learner')}@example.org`;

forEachServer('wallet', (server) => {
  it('needs a wallet session (a console session or API key is not one), and CSRF on writes', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    expect((await s.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().code).toBe(
      'UNAUTHENTICATED',
    );
    const withKey = await s.request({ method: 'GET', url: '/api/v1/wallet/credentials', key: tenant.apiKey });
    expect(withKey.statusCode).toBe(401);
    const learner = await signedInLearner(s, { emails: [email()] });
    const noCsrf = await s.app.inject({
      method: 'PATCH',
      url: '/api/v1/wallet/profile',
      headers: { cookie: `cairn_wallet=${learner.token}` },
      payload: { displayName: 'X' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF_FAILED');
    const me = await learner.request({ method: 'GET', url: '/api/v1/wallet/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().identities).toHaveLength(1);
    // The wallet session is no console session either.
    const console = await s.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `cairn_session=${learner.token}` },
    });
    expect(console.statusCode).toBe(401);
  });

  it('holds the credentials of every identity, from every organization, also those issued before the identity was added', async () => {
    const s = server();
    const a = await issuingTenant(s);
    const b = await issuingTenant(s, { achievementName: 'Second Badge' });
    const first = email();
    const later = email();
    const fromA = await issue(s, a.apiKey, a.achievementId, first);
    const early = await issue(s, b.apiKey, b.achievementId, later);
    const stranger = await issue(s, a.apiKey, a.achievementId, email());
    const learner = await signedInLearner(s, { emails: [first] });

    const before = (await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(before.map((card: { id: string }) => card.id)).toEqual([fromA.id]);

    // The address is proven later: what was issued to it before joins the wallet.
    const account = await findLearnerAccount(s.ctx.db, learner.account.id);
    await attachIdentity(s.ctx.db, account!, 'email', later, s.ctx.clock());
    const after = (await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(after.map((card: { id: string }) => card.id).sort()).toEqual([fromA.id, early.id].sort());
    expect(after.map((card: { id: string }) => card.id)).not.toContain(stranger.id);
    const card = after.find((entry: { id: string }) => entry.id === early.id);
    expect(card).toMatchObject({
      name: 'Second Badge',
      status: 'active',
      visibility: 'link',
      url: `${TEST_PUBLIC_URL}/c/${early.id}`,
      recipient: { email: later },
    });

    // Filters: status, issuer, type.
    await s.request({
      method: 'POST',
      url: `/api/v1/credentials/${fromA.id}/revoke`,
      key: a.apiKey,
      payload: { reason: 'x' },
    });
    const revoked = await learner.request({
      method: 'GET',
      url: '/api/v1/wallet/credentials?status=revoked',
    });
    expect(revoked.json().items.map((entry: { id: string }) => entry.id)).toEqual([fromA.id]);
    const ofB = await learner.request({
      method: 'GET',
      url: `/api/v1/wallet/credentials?issuer=${encodeURIComponent(b.issuer.did)}`,
    });
    expect(ofB.json().items.map((entry: { id: string }) => entry.id)).toEqual([early.id]);
    const none = await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials?type=Diploma' });
    expect(none.json().items).toEqual([]);

    // Detail with the share links; another learner's credential is not found.
    const detail = await learner.request({ method: 'GET', url: `/api/v1/wallet/credentials/${early.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().share).toMatchObject({
      url: `${TEST_PUBLIC_URL}/c/${early.id}`,
      downloads: { png: `${TEST_PUBLIC_URL}/c/${early.id}.png` },
    });
    expect(detail.json().share.linkedin).toMatch(/^https:\/\/www\.linkedin\.com\//);
    const foreign = await learner.request({
      method: 'GET',
      url: `/api/v1/wallet/credentials/${stranger.id}`,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('privacy: a private credential is 404 on its page, JSON, images, PDF and card; the issuer still sees it; link-only is not on the portfolio', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const address = email();
    const issued = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const shown = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const learner = await signedInLearner(s, { emails: [address] });
    const paths = ['', '.json', '.png', '.svg', '.pdf', '/og.png'].map(
      (suffix) => `/c/${issued.id}${suffix}`,
    );
    for (const url of paths) {
      expect((await s.request({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    const set = await learner.request({
      method: 'PUT',
      url: `/api/v1/wallet/credentials/${issued.id}/visibility`,
      payload: { visibility: 'private' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().visibility).toBe('private');
    for (const url of paths) {
      expect((await s.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    const asJsonLd = await s.request({
      method: 'GET',
      url: `/c/${issued.id}`,
      headers: { accept: 'application/ld+json' },
    });
    expect(asJsonLd.statusCode).toBe(404);
    // The issuer's API still has it, and the learner's wallet.
    const console = await s.request({
      method: 'GET',
      url: `/api/v1/credentials/${issued.id}`,
      key: tenant.apiKey,
    });
    expect(console.statusCode).toBe(200);
    expect(
      (await learner.request({ method: 'GET', url: `/api/v1/wallet/credentials/${issued.id}` })).statusCode,
    ).toBe(200);
    // Another wallet cannot change it.
    const other = await signedInLearner(s, { emails: [email()] });
    const meddle = await other.request({
      method: 'PUT',
      url: `/api/v1/wallet/credentials/${issued.id}/visibility`,
      payload: { visibility: 'public' },
    });
    expect(meddle.statusCode).toBe(404);

    // The portfolio: off by default, then only public credentials.
    const handle = unique('ada')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-');
    const profile = await learner.request({
      method: 'PATCH',
      url: '/api/v1/wallet/profile',
      payload: { handle },
    });
    expect(profile.statusCode, profile.body).toBe(200);
    expect((await s.request({ method: 'GET', url: `/u/${handle}` })).statusCode).toBe(404);
    await learner.request({
      method: 'PATCH',
      url: '/api/v1/wallet/profile',
      payload: { portfolioPublic: true },
    });
    const linkOnly = await s.request({ method: 'GET', url: `/u/${handle}` });
    expect(linkOnly.statusCode).toBe(200);
    expect(linkOnly.body).not.toContain(shown.id);
    await learner.request({
      method: 'PUT',
      url: `/api/v1/wallet/credentials/${shown.id}/visibility`,
      payload: { visibility: 'public' },
    });
    const page = await s.request({ method: 'GET', url: `/u/${handle}` });
    expect(page.body).toContain(`/c/${shown.id}`);
    expect(page.body).not.toContain(issued.id);
    expect(page.body).not.toContain(address);
    expect(page.body).toContain('og:title');
    // Restoring link-only brings the private one back at its link.
    await learner.request({
      method: 'PUT',
      url: `/api/v1/wallet/credentials/${issued.id}/visibility`,
      payload: { visibility: 'link' },
    });
    expect((await s.request({ method: 'GET', url: `/c/${issued.id}.json` })).statusCode).toBe(200);
  });

  it('pathway progress for the pathways the credentials belong to', async () => {
    const s = server();
    const tenant = await issuingTenant(s, { achievementName: 'Unit A' });
    const second = await (await import('../../support/pathways.js')).addAchievement(s, tenant, 'Unit B');
    const target = await (await import('../../support/pathways.js')).addAchievement(
      s,
      tenant,
      'Course',
      'Certificate',
    );
    const pathway = await createPathway(s, tenant.apiKey, {
      targetAchievementId: target,
      requirements: { all: [{ achievement: tenant.achievementId }, { achievement: second }] },
    });
    const address = email();
    await issue(s, tenant.apiKey, tenant.achievementId, address);
    const learner = await signedInLearner(s, { emails: [address] });
    const items = (await learner.request({ method: 'GET', url: '/api/v1/wallet/pathways' })).json().items;
    expect(items).toEqual([
      expect.objectContaining({ pathwayId: pathway.id, completed: false, percent: 50 }),
    ]);
    expect(items[0].remaining.map((item: { name: string }) => item.name)).toEqual(['Unit B']);
  });

  it('proves a DID by a presentation signed for the challenge; new credentials to the e-mail name it', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const address = email();
    const learner = await signedInLearner(s, { emails: [address] });
    const holder = await newKeyPair();
    const challenge = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/identities/did/challenge',
      payload: { did: holder.controller },
    });
    expect(challenge.statusCode, challenge.body).toBe(200);
    const { challenge: nonce, domain } = challenge.json();
    expect(domain).toBe('localhost:3000');
    const presentation = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: holder.controller,
    };

    // Signed by another key: refused.
    const impostor = await newKeyPair();
    const forged = await referenceSignPresentation({ ...presentation }, exportKeyFile(impostor), {
      domain,
      challenge: nonce,
    });
    const refused = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/identities/did',
      payload: { presentation: forged },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('DID_PROOF_FAILED');
    // For another challenge: refused.
    const wrong = await referenceSignPresentation({ ...presentation }, exportKeyFile(holder), {
      domain,
      challenge: 'chal_other',
    });
    expect(
      (
        await learner.request({
          method: 'POST',
          url: '/api/v1/wallet/identities/did',
          payload: { presentation: wrong },
        })
      ).json().code,
    ).toBe('LINK_INVALID');

    const signed = await referenceSignPresentation({ ...presentation }, exportKeyFile(holder), {
      domain,
      challenge: nonce,
    });
    const proved = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/identities/did',
      payload: { presentation: signed },
    });
    expect(proved.statusCode, proved.body).toBe(200);
    expect(proved.json()).toMatchObject({ type: 'did', value: holder.controller });
    // The challenge works once.
    const replay = await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/identities/did',
      payload: { presentation: signed },
    });
    expect(replay.json().code).toBe('LINK_INVALID');
    const me = (await learner.request({ method: 'GET', url: '/api/v1/wallet/me' })).json();
    expect(me.account.subjectDid).toBe(holder.controller);

    // Issuing to the verified address now names the learner's DID as subject, and the wallet holds it.
    const issued = await issue(s, tenant.apiKey, tenant.achievementId, address);
    expect((issued.credential.credentialSubject as { id: string }).id).toBe(holder.controller);
    const cards = (await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(cards.map((card: { id: string }) => card.id)).toContain(issued.id);
    // A DID the issuer's request gives still wins.
    const explicit = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
    const named = await issue(s, tenant.apiKey, tenant.achievementId, address, {
      recipient: { email: address, did: explicit },
    });
    expect((named.credential.credentialSubject as { id: string }).id).toBe(explicit);
  });

  it('merges two accounts after proving both: identities and imports move, the other account is gone', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const one = email();
    const two = email();
    const c1 = await issue(s, tenant.apiKey, tenant.achievementId, one);
    const c2 = await issue(s, tenant.apiKey, tenant.achievementId, two);
    const a = await signedInLearner(s, { emails: [one] });
    const b = await signedInLearner(s, { emails: [two] });
    // B sets a password; A proves B with it.
    expect(
      (
        await b.request({
          method: 'PUT',
          url: '/api/v1/wallet/password',
          payload: { password: 'correct horse battery' },
        })
      ).statusCode,
    ).toBe(204);
    await b.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { text: '{"not":"a credential"}' },
    });
    // Adding B's address to A directly is refused: it is B's.
    const taken = await s.ctx.db
      .transaction()
      .execute(async (trx) =>
        attachIdentity(
          trx,
          (await findLearnerAccount(trx, a.account.id))!,
          'email',
          two,
          s.ctx.clock(),
        ).catch((error: unknown) => error),
      );
    expect((taken as { code: string }).code).toBe('IDENTITY_TAKEN');
    const wrong = await a.request({
      method: 'POST',
      url: '/api/v1/wallet/merge',
      payload: { email: two, password: 'wrong password!' },
    });
    expect(wrong.statusCode).toBe(401);
    const merged = await a.request({
      method: 'POST',
      url: '/api/v1/wallet/merge',
      payload: { email: two, password: 'correct horse battery' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(
      merged
        .json()
        .identities.map((identity: { value: string }) => identity.value)
        .sort(),
    ).toEqual([one, two].sort());
    expect(merged.json().account.hasPassword).toBe(true);
    const cards = (await a.request({ method: 'GET', url: '/api/v1/wallet/credentials' })).json().items;
    expect(cards.map((card: { id: string }) => card.id).sort()).toEqual([c1.id, c2.id].sort());
    expect((await a.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items).toHaveLength(1);
    expect(await findLearnerAccount(s.ctx.db, b.account.id)).toBeUndefined();
    // B's session went with B.
    expect((await b.request({ method: 'GET', url: '/api/v1/wallet/me' })).statusCode).toBe(401);
    // And A signs in with B's password and either address now.
    const login = await s.request({
      method: 'POST',
      url: '/api/v1/wallet/auth/login',
      payload: { email: one, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('exports everything and deletes the account; the issuer keeps its records', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const address = email();
    const issued = await issue(s, tenant.apiKey, tenant.achievementId, address);
    const learner = await signedInLearner(s, { emails: [address] });
    const handle = `h${unique('x')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`.slice(0, 30);
    await learner.request({
      method: 'PATCH',
      url: '/api/v1/wallet/profile',
      payload: { handle, portfolioPublic: true, displayName: 'Ada' },
    });
    await learner.request({
      method: 'PUT',
      url: `/api/v1/wallet/credentials/${issued.id}/visibility`,
      payload: { visibility: 'public' },
    });
    await learner.request({
      method: 'POST',
      url: '/api/v1/wallet/imports',
      payload: { text: '{"not":"a credential"}' },
    });

    const exported = await learner.request({ method: 'GET', url: '/api/v1/wallet/export' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const bundle = exported.json();
    expect(bundle).toMatchObject({
      format: 'cairn-wallet-export/1',
      account: { handle, displayName: 'Ada', portfolioPublic: true },
      identities: [{ type: 'email', value: address }],
    });
    expect(bundle.credentials).toHaveLength(1);
    const stored = await s.request({ method: 'GET', url: `/c/${issued.id}.json` });
    expect(bundle.credentials[0].file).toBe(stored.body);
    expect(bundle.imports).toHaveLength(1);
    expect(exported.body).not.toContain('password_hash');

    const deleted = await learner.request({ method: 'DELETE', url: '/api/v1/wallet/account' });
    expect(deleted.statusCode).toBe(204);
    expect(await findLearnerAccount(s.ctx.db, learner.account.id)).toBeUndefined();
    const leftovers = await Promise.all(
      (
        [
          'learner_account_identities',
          'wallet_imports',
          'learner_sessions',
          'learner_account_tokens',
        ] as const
      ).map((table) =>
        s.ctx.db
          .selectFrom(table)
          .select('account_id')
          .where('account_id', '=', learner.account.id)
          .execute(),
      ),
    );
    expect(leftovers.flat()).toEqual([]);
    expect((await s.request({ method: 'GET', url: `/u/${handle}` })).statusCode).toBe(404);
    // The issuer's credential stays, shareable by its link.
    expect(
      (await s.request({ method: 'GET', url: `/api/v1/credentials/${issued.id}`, key: tenant.apiKey }))
        .statusCode,
    ).toBe(200);
    expect((await s.request({ method: 'GET', url: `/c/${issued.id}.json` })).statusCode).toBe(200);
    expect((await learner.request({ method: 'GET', url: '/api/v1/wallet/me' })).statusCode).toBe(401);
  });
});
