/**
 * The wallet's lists are paged like the admin API (`{ items, next }`, `cursor` + `limit`), on both
 * databases: walking the pages gives every credential (and every import) once, newest first; a filter
 * holds across pages (matches are gathered after the cursor until a page is full); a bad cursor is a
 * problem+json 400; another account's imports never show.
 */
import { expect, it } from 'vitest';
import { insertWalletImport } from '../../../src/storage/wallet-imports.repository.js';
import { forEachServer } from '../../support/http.js';
import { issueTo, issuingTenant } from '../../support/tenant.js';
import { signedInLearner, type WalletClient } from '../../support/wallet.js';

async function walk(
  learner: WalletClient,
  path: string,
  limit: number,
): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await learner.request({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: { id: string }[]; next: string | null };
    pages.push(page.items.length);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next;
  } while (cursor && pages.length < 20);
  return { pages, ids };
}

forEachServer('wallet pages', (server) => {
  it('pages the credentials: every one once, newest first; a filter holds across pages', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issued: string[] = [];
    for (let i = 0; i < 5; i++) {
      issued.push((await issueTo(s, tenant, 'pages@example.org', { notify: false })).id);
    }
    const learner = await signedInLearner(s, { emails: ['pages@example.org'] });
    const all = await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials' });
    const newestFirst = (all.json().items as { id: string }[]).map((card) => card.id);
    expect([...newestFirst].sort()).toEqual([...issued].sort());
    expect(all.json().next).toBeNull();

    const walked = await walk(learner, '/api/v1/wallet/credentials', 2);
    expect(walked.pages).toEqual([2, 2, 1]);
    expect(walked.ids).toEqual(newestFirst);

    // Revoke the 1st, 3rd and 5th: two pages of revoked ones, none of the others.
    const revoked = [newestFirst[0], newestFirst[2], newestFirst[4]] as string[];
    for (const id of revoked) {
      const response = await s.request({
        method: 'POST',
        url: `/api/v1/credentials/${id}/revoke`,
        key: tenant.apiKey,
        payload: { reason: 'Test' },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const filtered = await walk(learner, '/api/v1/wallet/credentials?status=revoked', 2);
    expect(filtered.pages).toEqual([2, 1]);
    expect(filtered.ids).toEqual(revoked);
    const active = await walk(learner, '/api/v1/wallet/credentials?status=active', 1);
    expect(active.ids).toEqual([newestFirst[1], newestFirst[3]]);

    const bad = await learner.request({ method: 'GET', url: '/api/v1/wallet/credentials?cursor=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('INVALID_INPUT');
  });

  it("pages the imports: every one once, newest first; another account's never show", async () => {
    const s = server();
    const learner = await signedInLearner(s, { emails: ['imports-pages@example.org'] });
    const other = await signedInLearner(s, { emails: ['someone-else@example.org'] });
    const values = (accountId: string, name: string) => ({
      account_id: accountId,
      source: 'paste' as const,
      container: 'json',
      source_url: null,
      file: null,
      text: '{}',
      verified: false,
      verdict: 'unknown',
      report: '{}',
      name,
      issuer_name: null,
    });
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await insertWalletImport(s.ctx.db, values(learner.account.id, `Import ${i}`))).id);
    }
    await insertWalletImport(s.ctx.db, values(other.account.id, 'Not yours'));

    const walked = await walk(learner, '/api/v1/wallet/imports', 2);
    expect(walked.pages).toEqual([2, 1]);
    expect([...walked.ids].sort()).toEqual([...made].sort());
    const first = (await learner.request({ method: 'GET', url: '/api/v1/wallet/imports' })).json();
    expect(first.items.map((item: { id: string }) => item.id)).toEqual(walked.ids);
    expect(first.next).toBeNull();
  });
});
