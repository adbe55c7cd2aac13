/**
 * The Open Badges 3.0 REST API on both databases, as a third-party wallet or host uses it: plain fetch
 * against a real server on 127.0.0.1 — discovery, dynamic registration, the learner's consent in a real
 * wallet session, code → tokens with PKCE, getCredentials (paged, every item verifying with Cairn's
 * verifier and the independent one), upsert, profile, refresh rotation and revocation; and what must be
 * refused: missing or plain PKCE, a wrong verifier, a reused code, a foreign redirect URI, no state, a
 * scope not granted, expired or revoked tokens, another learner's data.
 */

import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { DidDocument } from '../../../src/core/keys/did-document.js';
import { exportKeyFile } from '../../../src/core/keys/key-pair.js';
import { unique } from '../../support/factories.js';
import { readFixtureJson } from '../../support/fixtures.js';
import {
  ALL_SCOPES,
  authorizeUrl,
  basic,
  type Client,
  clientMetadata,
  connect,
  consent,
  forEachListeningServer,
  type ListeningServer,
  openApiErrors,
  pkce,
  register,
  registeredClient,
  SCOPE,
  tokenRequest,
} from '../../support/ob-api.js';
import { issue } from '../../support/pathways.js';
import { joseSignVcJwt, referenceSign, referenceVerify } from '../../support/reference-stack.js';
import { issuedBy, newKeyPair } from '../../support/signing.js';
import { issuingTenant } from '../../support/tenant.js';
import { signedInLearner } from '../../support/wallet.js';

const email = () => `${unique('ob')}@example.org`;

async function learnerWithCredentials(s: ListeningServer, count: number) {
  const address = email();
  const tenant = await issuingTenant(s);
  for (let index = 0; index < count; index += 1) {
    await issue(s, tenant.apiKey, tenant.achievementId, address);
  }
  const learner = await signedInLearner(s, { emails: [address] });
  return { tenant, learner, address, cookie: `cairn_wallet=${learner.token}` };
}

async function referenceCredential(): Promise<Record<string, unknown>> {
  const keyPair = await newKeyPair();
  const example = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
  return referenceSign(issuedBy(example, keyPair), exportKeyFile(keyPair), 'eddsa-rdfc-2022');
}

/** A VC-JWT made by jose (P-256, ES256), as another tool would make it. */
async function referenceJwt(): Promise<{ jwt: string; id: string }> {
  const keyPair = await newKeyPair('P-256');
  const example = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
  const credential = issuedBy(
    { ...example, id: `urn:uuid:${randomUUID()}` } as Record<string, unknown>,
    keyPair,
  );
  const jwt = await joseSignVcJwt(credential, keyPair);
  return { jwt, id: credential.id as string };
}

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.id) < String(b.id) ? -1 : 1;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

forEachListeningServer('Open Badges 3.0 API', (server) => {
  it('serves the Service Description Document, unprotected, valid against the official schema', async () => {
    const { base } = server();
    const response = await fetch(`${base}/ims/ob/v3p0/discovery`);
    expect(response.status).toBe(200);
    const sdd = await response.json();
    expect(openApiErrors('ServiceDescriptionDocument', sdd)).toEqual([]);
    const scheme = sdd.components.securitySchemes.OAuth2ACG;
    expect(scheme['x-imssf-registrationUrl']).toBe(`${base}/ims/ob/v3p0/auth/register`);
    expect(scheme.flows.authorizationCode).toMatchObject({
      authorizationUrl: `${base}/ims/ob/v3p0/auth/authorize`,
      tokenUrl: `${base}/ims/ob/v3p0/auth/token`,
      refreshUrl: `${base}/ims/ob/v3p0/auth/token`,
    });
    expect(Object.keys(scheme.flows.authorizationCode.scopes).sort()).toEqual(Object.values(SCOPE).sort());
    expect(sdd.info['x-imssf-privacyPolicyUrl']).toMatch(new RegExp(`^${base}/`));
    expect(sdd.info.title).toBeTruthy();
    expect(sdd.info.termsOfService).toMatch(new RegExp(`^${base}/`));
    // Both point at a page this server serves.
    for (const url of [sdd.info.termsOfService, sdd.info['x-imssf-privacyPolicyUrl']]) {
      const page = await fetch(url.split('#')[0]);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`id="${url.split('#')[1]}"`);
    }
  });

  it('runs the whole flow: register, consent, token, paged credentials that verify, upsert, profile, refresh, revoke', async () => {
    const s = server();
    const { base } = s;
    const { tenant, learner, cookie, address } = await learnerWithCredentials(s, 3);

    const registration = await register(base, clientMetadata());
    expect(registration.status).toBe(201);
    const client = (await registration.json()) as Client;
    expect(client).toMatchObject({
      client_name: 'Test Wallet',
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret_expires_at: 0,
    });
    expect(client.client_secret).toMatch(/^obsecret_/);
    expect(typeof client.client_id_issued_at).toBe('number');
    // The secret is stored only as its hash.
    const stored = await s.ctx.db
      .selectFrom('ob_api_clients')
      .selectAll()
      .where('id', '=', client.client_id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(client.client_secret);

    const tokens = await connect(base, client, cookie);
    expect(tokens.scope.split(' ').sort()).toEqual(ALL_SCOPES.split(' ').sort());
    const storedTokens = await s.ctx.db.selectFrom('ob_api_tokens').selectAll().execute();
    expect(JSON.stringify(storedTokens)).not.toContain(tokens.access_token);

    // getCredentials, two per page.
    const first = await fetch(`${base}/ims/ob/v3p0/credentials?limit=2`, {
      headers: bearer(tokens.access_token),
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe('3');
    const links = first.headers.get('link') as string;
    expect(links).toContain(`<${base}/ims/ob/v3p0/credentials?limit=2&offset=2>; rel="next"`);
    expect(links).toContain('rel="first"');
    expect(links).toContain(`<${base}/ims/ob/v3p0/credentials?limit=2&offset=2>; rel="last"`);
    const page1 = await first.json();
    expect(openApiErrors('GetOpenBadgeCredentialsResponse', page1)).toEqual([]);
    expect(page1.credential).toHaveLength(2);
    const next = await fetch(`${base}/ims/ob/v3p0/credentials?limit=2&offset=2`, {
      headers: bearer(tokens.access_token),
    });
    expect(next.headers.get('link')).toContain('rel="prev"');
    const page2 = await next.json();
    expect(page2.credential).toHaveLength(1);
    const all = [...page1.credential, ...page2.credential] as Record<string, unknown>[];
    expect(new Set(all.map((item) => item.id)).size).toBe(3);
    const didDocument = (await (
      await fetch(`${base}/i/${tenant.issuer.slug}/did.json`)
    ).json()) as DidDocument;
    for (const credential of all) {
      const cairn = await (
        await fetch(`${base}/api/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credential),
        })
      ).json();
      expect(cairn.verified).toBe(true);
      const reference = await referenceVerify(credential, { [tenant.issuer.did]: didDocument });
      expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
    }
    // Exactly the issuers' signed documents, byte for byte in meaning.
    const documents = await s.ctx.db
      .selectFrom('credentials')
      .select('document')
      .where('recipient_email', '=', address)
      .execute();
    expect(documents.map((row) => JSON.parse(row.document)).sort(byId)).toEqual([...all].sort(byId));
    const since = await fetch(`${base}/ims/ob/v3p0/credentials?since=2999-01-01T00:00:00Z`, {
      headers: bearer(tokens.access_token),
    });
    expect(since.headers.get('x-total-count')).toBe('0');

    // upsertCredential: 201, then 200 for the same id; the later GET returns it unchanged.
    const foreign = await referenceCredential();
    const created = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/vc+ld+json' },
      body: JSON.stringify(foreign),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual(foreign);
    const replaced = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
      body: JSON.stringify(foreign, null, 2),
    });
    expect(replaced.status).toBe(200);
    const afterUpsert = await (
      await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokens.access_token) })
    ).json();
    expect(afterUpsert.credential).toHaveLength(4);
    expect(afterUpsert.credential.filter((item: { id: string }) => item.id === foreign.id)).toEqual([
      foreign,
    ]);
    expect(
      (await referenceVerify(afterUpsert.credential.find((item: { id: string }) => item.id === foreign.id)))
        .verified,
    ).toBe(true);
    // The wallet shows it among its imports.
    const imports = (await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json().items;
    expect(imports).toHaveLength(1);
    // A tampered credential is refused, with an Imsx_StatusInfo that says why.
    const tampered = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
      body: JSON.stringify({ ...foreign, name: 'Forged' }),
    });
    expect(tampered.status).toBe(400);
    const refusal = await tampered.json();
    expect(openApiErrors('Imsx_StatusInfo', refusal)).toEqual([]);
    expect(refusal.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('invalid_data');
    expect(refusal.imsx_description).toContain('did not verify');
    // A VC-JWT goes in as text/plain and comes back in compactJwsString, as sent.
    const { jwt } = await referenceJwt();
    const jwtUpsert = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'text/plain' },
      body: jwt,
    });
    expect(jwtUpsert.status).toBe(201);
    expect(await jwtUpsert.text()).toBe(jwt);
    const withJwt = await (
      await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokens.access_token) })
    ).json();
    expect(withJwt.compactJwsString).toEqual([jwt]);
    // (Only the JWT part is judged here: the @digitalbazaar/vc credential above carries one proof object,
    // which VCDM allows and the formal OB schema does not; Cairn returns what it was given, unchanged.)
    expect(
      openApiErrors('GetOpenBadgeCredentialsResponse', { compactJwsString: withJwt.compactJwsString }),
    ).toEqual([]);
    const jwtAgain = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'text/plain' },
      body: jwt,
    });
    expect(jwtAgain.status).toBe(200);
    // Upserting a credential the wallet already holds as issued changes nothing.
    const again = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
      body: JSON.stringify(all[0]),
    });
    expect(again.status).toBe(200);

    // Profile.
    const profile = await (
      await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(tokens.access_token) })
    ).json();
    expect(openApiErrors('Profile', profile)).toEqual([]);
    expect(profile.type).toContain('Profile');
    expect(profile.email).toBe(address);
    const put = await fetch(`${base}/ims/ob/v3p0/profile`, {
      method: 'PUT',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/json' },
      body: JSON.stringify({ ...profile, name: 'Lee Learner' }),
    });
    expect(put.status).toBe(200);
    expect((await put.json()).name).toBe('Lee Learner');
    const me = (await learner.request({ method: 'GET', url: '/api/v1/wallet/me' })).json();
    expect(me.account.displayName).toBe('Lee Learner');

    // Refresh rotates: the new pair works, the old refresh token does not, and replaying it ends the family.
    const refreshed = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const rotated = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(
      (await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(tokens.access_token) })).status,
    ).toBe(401);
    expect(
      (await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(rotated.access_token) })).status,
    ).toBe(200);

    // The wallet lists the app; revocation (RFC 7009) ends access.
    const apps = (await learner.request({ method: 'GET', url: '/api/v1/wallet/connected-apps' })).json()
      .items;
    expect(apps).toMatchObject([{ clientId: client.client_id, name: 'Test Wallet' }]);
    const revoke = await fetch(`${base}/ims/ob/v3p0/auth/revoke`, {
      method: 'POST',
      headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: rotated.access_token, token_type_hint: 'access_token' }).toString(),
    });
    expect(revoke.status).toBe(200);
    const gone = await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(rotated.access_token) });
    expect(gone.status).toBe(401);
    expect(gone.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(openApiErrors('Imsx_StatusInfo', await gone.json())).toEqual([]);
    const refreshAfterRevoke = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: rotated.refresh_token,
    });
    expect((await refreshAfterRevoke.json()).error).toBe('invalid_grant');
    expect(
      (await learner.request({ method: 'GET', url: '/api/v1/wallet/connected-apps' })).json().items,
    ).toEqual([]);
  });

  it('refuses registrations that break the rules, with RFC 7591 errors', async () => {
    const { base } = server();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...clientMetadata(), client_name: undefined }, 'invalid_client_metadata'],
      [{ ...clientMetadata(), scope: 'openid' }, 'invalid_client_metadata'],
      [{ ...clientMetadata(), tos_uri: 'http://127.0.0.1:9.evil.example/tos' }, 'invalid_client_metadata'],
      [{ ...clientMetadata(), logo_uri: 'https://other.example/logo.png' }, 'invalid_client_metadata'],
      [{ ...clientMetadata(), token_endpoint_auth_method: 'client_secret_post' }, 'invalid_client_metadata'],
      [{ ...clientMetadata(), redirect_uris: [] }, 'invalid_redirect_uri'],
      [{ ...clientMetadata(), redirect_uris: ['http://example.com/callback'] }, 'invalid_redirect_uri'],
      [{ ...clientMetadata(), redirect_uris: ['http://127.0.0.1:9/cb#x'] }, 'invalid_redirect_uri'],
      [clientMetadata('wallet.example'), 'invalid_client_metadata'],
    ];
    for (const [metadata, error] of cases) {
      const response = await register(base, metadata);
      expect(response.status, JSON.stringify(metadata)).toBe(400);
      expect((await response.json()).error, JSON.stringify(metadata)).toBe(error);
    }
    // https on one host is what production wants.
    const https = await register(base, {
      ...clientMetadata(),
      client_uri: 'https://wallet.example/',
      logo_uri: 'https://wallet.example/logo.png',
      tos_uri: 'https://wallet.example/tos',
      policy_uri: 'https://wallet.example/privacy',
      redirect_uris: ['https://wallet.example/callback'],
    });
    expect(https.status).toBe(201);
  });

  it('stops on its own page for an unknown client or redirect URI, and redirects every other bad request with its error', async () => {
    const s = server();
    const { base } = s;
    const { cookie } = await learnerWithCredentials(s, 0);
    const client = await registeredClient(base);
    const { challenge } = pkce();
    const good = {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: client.redirect_uris[0],
      scope: SCOPE.read,
      state: 'xyz',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const get = (params: Record<string, string | undefined>) =>
      fetch(authorizeUrl(base, params), { headers: { cookie }, redirect: 'manual' });

    const unknown = await get({ ...good, client_id: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(await unknown.text()).toContain('not registered');
    const mismatch = await get({ ...good, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get('location')).toBeNull();

    const redirected = async (params: Record<string, string | undefined>) => {
      const response = await get(params);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') as string);
      expect(location.origin + location.pathname).toBe(client.redirect_uris[0]);
      return location.searchParams;
    };
    expect((await redirected({ ...good, code_challenge: undefined })).get('error')).toBe('invalid_request');
    const plain = await redirected({ ...good, code_challenge_method: 'plain' });
    expect(plain.get('error')).toBe('invalid_request');
    expect(plain.get('state')).toBe('xyz');
    expect((await redirected({ ...good, state: undefined })).get('error')).toBe('invalid_request');
    expect((await redirected({ ...good, response_type: 'token' })).get('error')).toBe(
      'unsupported_response_type',
    );
    expect(
      (await redirected({ ...good, scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/other' })).get(
        'error',
      ),
    ).toBe('invalid_scope');

    // Not signed in: to the wallet's sign-in, which comes back here.
    const anonymous = await fetch(authorizeUrl(base, good), { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    const signIn = new URL(anonymous.headers.get('location') as string, base);
    expect(signIn.pathname).toBe('/wallet');
    expect(signIn.searchParams.get('next')).toMatch(/^\/ims\/ob\/v3p0\/auth\/authorize\?/);

    // Deny: access_denied with the state.
    const denied = await consent(authorizeUrl(base, good), cookie, 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('xyz');

    // A forged consent (no valid token for this session) grants nothing.
    const forged = await fetch(`${base}/ims/ob/v3p0/auth/authorize`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...good, consent_token: 'x'.repeat(43), decision: 'allow' } as Record<
        string,
        string
      >).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
  });

  it('binds the code to its client, redirect URI and PKCE verifier, and uses it once', async () => {
    const s = server();
    const { base } = s;
    const { cookie } = await learnerWithCredentials(s, 1);
    const client = await registeredClient(base);
    const other = await registeredClient(base);
    const redirect = client.redirect_uris[0] as string;
    const codeFor = async (challenge: string) => {
      const location = await consent(
        authorizeUrl(base, {
          response_type: 'code',
          client_id: client.client_id,
          redirect_uri: redirect,
          scope: SCOPE.read,
          state: 's',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        cookie,
      );
      return location.searchParams.get('code') as string;
    };
    const exchange = (who: Client, code: string, verifier: string, redirectUri = redirect) =>
      tokenRequest(base, who, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });

    const wrong = pkce();
    const wrongCode = await codeFor(wrong.challenge);
    const badVerifier = await exchange(client, wrongCode, pkce().verifier);
    expect(badVerifier.status).toBe(400);
    expect((await badVerifier.json()).error).toBe('invalid_grant');

    const pair = pkce();
    const code = await codeFor(pair.challenge);
    expect((await (await exchange(other, code, pair.verifier)).json()).error).toBe('invalid_grant');
    const mismatch = pkce();
    const mismatchCode = await codeFor(mismatch.challenge);
    expect(
      (await (await exchange(client, mismatchCode, mismatch.verifier, 'http://127.0.0.1:9/other')).json())
        .error,
    ).toBe('invalid_grant');

    const pair2 = pkce();
    const code2 = await codeFor(pair2.challenge);
    const noAuth = await fetch(`${base}/ims/ob/v3p0/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code2,
        redirect_uri: redirect,
        code_verifier: pair2.verifier,
      }).toString(),
    });
    expect(noAuth.status).toBe(401);
    expect((await noAuth.json()).error).toBe('invalid_client');
    expect(noAuth.headers.get('www-authenticate')).toContain('Basic');
    const wrongSecret = await tokenRequest(
      base,
      { ...client, client_secret: 'obsecret_wrong' },
      {
        grant_type: 'authorization_code',
        code: code2,
        redirect_uri: redirect,
        code_verifier: pair2.verifier,
      },
    );
    expect(wrongSecret.status).toBe(401);

    const ok = await exchange(client, code2, pair2.verifier);
    expect(ok.status).toBe(200);
    const tokens = await ok.json();
    expect(
      (await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokens.access_token) })).status,
    ).toBe(200);
    // The code again: refused, and the tokens it gave are revoked (RFC 6749 §4.1.2).
    const reused = await exchange(client, code2, pair2.verifier);
    expect((await reused.json()).error).toBe('invalid_grant');
    expect(
      (await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokens.access_token) })).status,
    ).toBe(401);

    expect(
      (await (await tokenRequest(base, client, { grant_type: 'client_credentials' })).json()).error,
    ).toBe('unsupported_grant_type');
  });

  it('enforces scopes (403), expiry (401), and one learner never sees another learner’s data', async () => {
    const s = server();
    const { base } = s;
    const a = await learnerWithCredentials(s, 2);
    const b = await learnerWithCredentials(s, 1);
    const client = await registeredClient(base);
    const readOnly = await connect(base, client, a.cookie, SCOPE.read);
    const forbidden = await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(readOnly.access_token) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('insufficient_scope');
    const body = await forbidden.json();
    expect(openApiErrors('Imsx_StatusInfo', body)).toEqual([]);
    expect(body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('forbidden');
    const upsert = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(readOnly.access_token), 'content-type': 'application/json' },
      body: JSON.stringify(await referenceCredential()),
    });
    expect(upsert.status).toBe(403);
    // A refresh may narrow scopes, never widen them.
    const widened = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: readOnly.refresh_token,
      scope: ALL_SCOPES,
    });
    expect((await widened.json()).error).toBe('invalid_scope');

    const none = await fetch(`${base}/ims/ob/v3p0/credentials`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="Cairn"');

    const tokensA = await connect(base, client, a.cookie);
    const tokensB = await connect(base, client, b.cookie);
    const listA = await (
      await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensA.access_token) })
    ).json();
    const listB = await (
      await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensB.access_token) })
    ).json();
    expect(listA.credential).toHaveLength(2);
    expect(listB.credential).toHaveLength(1);
    const idsA = listA.credential.map((item: { id: string }) => item.id);
    expect(idsA).not.toContain(listB.credential[0].id);
    const upserted = await referenceCredential();
    await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokensA.access_token), 'content-type': 'application/json' },
      body: JSON.stringify(upserted),
    });
    const listBAfter = await (
      await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensB.access_token) })
    ).json();
    expect(listBAfter.credential.map((item: { id: string }) => item.id)).not.toContain(upserted.id);
    const profileA = await (
      await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(tokensA.access_token) })
    ).json();
    const profileB = await (
      await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(tokensB.access_token) })
    ).json();
    expect(profileA.email).not.toBe(profileB.email);
    // B cannot disconnect A's app from A's wallet, and the wallet API is per account.
    await b.learner.request({ method: 'DELETE', url: `/api/v1/wallet/connected-apps/${client.client_id}` });
    expect(
      (await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensA.access_token) })).status,
    ).toBe(200);
    expect(
      (await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensB.access_token) })).status,
    ).toBe(401);

    // An access token past its hour is refused.
    await s.ctx.db
      .updateTable('ob_api_tokens')
      .set({ access_expires_at: '2000-01-01T00:00:00.000Z' })
      .where('account_id', '=', a.learner.account.id)
      .execute();
    const expired = await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokensA.access_token) });
    expect(expired.status).toBe(401);
  });

  it('a replayed refresh token ends the whole family of tokens', async () => {
    const s = server();
    const { base } = s;
    const { cookie } = await learnerWithCredentials(s, 0);
    const client = await registeredClient(base);
    const tokens = await connect(base, client, cookie);
    const rotated = await (
      await tokenRequest(base, client, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json();
    expect(
      (await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(rotated.access_token) })).status,
    ).toBe(200);
    const replay = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toBe('invalid_grant');
    expect(
      (await fetch(`${base}/ims/ob/v3p0/profile`, { headers: bearer(rotated.access_token) })).status,
    ).toBe(401);
    const afterReplay = await tokenRequest(base, client, {
      grant_type: 'refresh_token',
      refresh_token: rotated.refresh_token,
    });
    expect((await afterReplay.json()).error).toBe('invalid_grant');
  });

  it('lets browser-based wallets call it across origins, PUT included, never with cookies', async () => {
    const { base } = server();
    const preflight = await fetch(`${base}/ims/ob/v3p0/profile`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://wallet.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://wallet.example');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    // The admin API keeps its methods.
    const admin = await fetch(`${base}/api/v1/issuers/x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://wallet.example', 'access-control-request-method': 'PUT' },
    });
    expect(admin.headers.get('access-control-allow-methods')).not.toContain('PUT');
  });

  it('answers bad requests to the resource endpoints with Imsx_StatusInfo', async () => {
    const s = server();
    const { base } = s;
    const { cookie } = await learnerWithCredentials(s, 0);
    const client = await registeredClient(base);
    const tokens = await connect(base, client, cookie);
    const badLimit = await fetch(`${base}/ims/ob/v3p0/credentials?limit=0`, {
      headers: bearer(tokens.access_token),
    });
    expect(badLimit.status).toBe(400);
    const badLimitBody = await badLimit.json();
    expect(openApiErrors('Imsx_StatusInfo', badLimitBody)).toEqual([]);
    expect(badLimitBody.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe(
      'invalid_query_parameter',
    );
    const xml = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'application/xml' },
      body: '<credential/>',
    });
    expect(xml.status).toBe(415);
    expect(openApiErrors('Imsx_StatusInfo', await xml.json())).toEqual([]);
    const notJws = await fetch(`${base}/ims/ob/v3p0/credentials`, {
      method: 'POST',
      headers: { ...bearer(tokens.access_token), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(notJws.status).toBe(400);
    const empty = await fetch(`${base}/ims/ob/v3p0/credentials`, { headers: bearer(tokens.access_token) });
    expect(await empty.json()).toEqual({ credential: [], compactJwsString: [] });
  });

  // Last: it spends this server's registration allowance.
  it('limits registrations per client address, answering 429 in the OAuth shape', async () => {
    const { base } = server();
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 25 && !limited; attempt += 1) {
      const response = await register(base, clientMetadata());
      if (response.status === 429) {
        limited = response;
      }
    }
    expect(limited?.status).toBe(429);
    expect(limited ? (await limited.json()).error : undefined).toBe('invalid_request');
  });
});
