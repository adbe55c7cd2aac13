/**
 * Learner accounts span organizations, so their tables are scoped by account instead: every repository
 * function that takes an account id, called with account B's id and A's rows, finds, lists and changes
 * nothing of A's. (tenant-isolation.test.ts lists these functions as account-scoped and points here.)
 */
import { beforeAll, expect, test } from 'vitest';
import * as tokens from '../../../src/storage/learner-account-tokens.repository.js';
import * as accounts from '../../../src/storage/learner-accounts.repository.js';
import * as sessions from '../../../src/storage/learner-sessions.repository.js';
import * as obApiClients from '../../../src/storage/ob-api-clients.repository.js';
import * as obApiTokens from '../../../src/storage/ob-api-tokens.repository.js';
import * as imports from '../../../src/storage/wallet-imports.repository.js';
import { forEachDialect } from '../../support/databases.js';
import { unique } from '../../support/factories.js';

forEachDialect('account isolation', (ctx) => {
  let a: accounts.LearnerAccount;
  let b: accounts.LearnerAccount;
  let identity: accounts.AccountIdentity;
  let item: imports.WalletImport;

  beforeAll(async () => {
    a = await accounts.insertLearnerAccount(ctx.db, { display_name: 'A' });
    b = await accounts.insertLearnerAccount(ctx.db, { display_name: 'B' });
    identity = await accounts.insertAccountIdentity(ctx.db, {
      account_id: a.id,
      type: 'email',
      value: `${unique('a')}@example.org`,
      verified_at: new Date().toISOString(),
    });
    item = await imports.insertWalletImport(ctx.db, {
      account_id: a.id,
      source: 'paste',
      container: 'json',
      source_url: null,
      file: null,
      text: '{}',
      verified: false,
      verdict: 'invalid',
      report: '{}',
      name: null,
      issuer_name: null,
    });
  });

  test("B's id lists none of A's identities or imports", async () => {
    expect(await accounts.listAccountIdentities(ctx.db, b.id)).toEqual([]);
    expect(await imports.listWalletImports(ctx.db, b.id)).toEqual([]);
    expect(await imports.listWalletImportsPage(ctx.db, b.id)).toEqual({ items: [], next: null });
    expect((await imports.listWalletImportsPage(ctx.db, a.id)).items.map((row) => row.id)).toEqual([item.id]);
    expect(await imports.findWalletImport(ctx.db, b.id, item.id)).toBeUndefined();
    expect(await imports.findWalletImport(ctx.db, a.id, item.id)).toBeDefined();
  });

  test("B's id finds, replaces, lists and revokes none of A's imports, connected apps or tokens", async () => {
    await ctx.db
      .updateTable('wallet_imports')
      .set({ credential_id: 'urn:uuid:a' })
      .where('id', '=', item.id)
      .execute();
    expect(await imports.findWalletImportByCredentialId(ctx.db, b.id, 'urn:uuid:a')).toBeUndefined();
    expect(await imports.findWalletImportByCredentialId(ctx.db, a.id, 'urn:uuid:a')).toBeDefined();
    const values = {
      container: 'json',
      text: '{"x":1}',
      verified: true,
      verdict: 'valid',
      report: '{}',
      name: null,
      issuer_name: null,
      api_client_id: null,
    };
    expect(await imports.replaceWalletImport(ctx.db, b.id, item.id, values)).toBe(false);
    expect((await imports.findWalletImport(ctx.db, a.id, item.id))?.text).toBe('{}');

    const client = await obApiClients.insertObApiClient(ctx.db, {
      id: unique('client'),
      secret_hash: 'x',
      client_name: 'App',
      client_uri: 'https://app.example/',
      logo_uri: 'https://app.example/logo.png',
      tos_uri: 'https://app.example/tos',
      policy_uri: 'https://app.example/privacy',
      software_id: 'app',
      software_version: '1',
      redirect_uris: '["https://app.example/cb"]',
      scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
    });
    const now = new Date();
    await obApiTokens.insertObApiToken(ctx.db, {
      id: unique('token'),
      client_id: client.id,
      account_id: a.id,
      grant_id: unique('grant'),
      access_token_hash: unique('access'),
      refresh_token_hash: unique('refresh'),
      scope: client.scope,
      access_expires_at: new Date(now.getTime() + 60_000),
      refresh_expires_at: new Date(now.getTime() + 60_000),
    });
    expect(await obApiTokens.listAccountConnections(ctx.db, b.id, now)).toEqual([]);
    expect(await obApiTokens.revokeAccountClientTokens(ctx.db, b.id, client.id, now)).toBe(false);
    expect(await obApiTokens.listAccountConnections(ctx.db, a.id, now)).toHaveLength(1);
  });

  test("B's id deletes none of A's identities or imports", async () => {
    expect(await accounts.deleteAccountIdentity(ctx.db, b.id, identity.id)).toBe(false);
    expect(await imports.deleteWalletImport(ctx.db, b.id, item.id)).toBe(false);
    expect(await accounts.listAccountIdentities(ctx.db, a.id)).toHaveLength(1);
    expect(await imports.listWalletImports(ctx.db, a.id)).toHaveLength(1);
  });

  test('an identity belongs to one account: a second account cannot hold it', async () => {
    const attempt = accounts.insertAccountIdentity(ctx.db, {
      account_id: b.id,
      type: 'email',
      value: identity.value.toUpperCase(),
      verified_at: new Date().toISOString(),
    });
    await expect(attempt).rejects.toBeDefined();
  });

  test("a token and a session are found only by their own id; B's session is not A's", async () => {
    await tokens.insertAccountToken(ctx.db, {
      id: unique('tok'),
      purpose: 'merge',
      account_id: a.id,
      value: identity.value,
      expires_at: new Date(Date.now() + 60_000),
    });
    const sessionId = unique('sess');
    await sessions.insertLearnerSession(ctx.db, {
      id: sessionId,
      account_id: b.id,
      csrf_token_hash: 'x',
      expires_at: new Date(Date.now() + 60_000),
    });
    expect((await sessions.findLiveLearnerSession(ctx.db, sessionId, new Date()))?.account_id).toBe(b.id);
    await sessions.deleteLearnerSession(ctx.db, sessionId);
    expect(await sessions.findLiveLearnerSession(ctx.db, sessionId, new Date())).toBeUndefined();
  });

  test("updating or deleting B leaves A whole; moving B's belongings moves none of A's", async () => {
    await accounts.updateLearnerAccount(ctx.db, b.id, { display_name: 'B2' });
    await accounts.moveAccountBelongings(ctx.db, b.id, a.id);
    expect(await accounts.listAccountIdentities(ctx.db, a.id)).toHaveLength(1);
    expect(await accounts.deleteLearnerAccount(ctx.db, b.id)).toBe(true);
    expect((await accounts.findLearnerAccount(ctx.db, a.id))?.display_name).toBe('A');
    expect(await imports.listWalletImports(ctx.db, a.id)).toHaveLength(1);
  });
});
