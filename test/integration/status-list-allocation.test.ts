/**
 * Status-list slots claimed in bulk (a batch's group of rows), on both databases: every credential gets
 * its own slot, a list that fills up mid-claim hands out what it has left, and a new list takes the rest.
 */
import { expect, it } from 'vitest';
import { allocateStatusEntries, allocateStatusEntriesFor } from '../../src/services/status-lists.js';
import { findIssuer } from '../../src/storage/issuers.repository.js';
import { forEachServer } from '../support/http.js';
import { issuingTenant } from '../support/tenant.js';

forEachServer('status-list allocation', (server) => {
  it('claims many slots at once, across a list that fills up, each slot once', async () => {
    const s = server();
    const tenant = await issuingTenant(s);
    const issuer = await findIssuer(s.ctx.db, tenant.organization.id, tenant.issuer.id);
    if (!issuer) {
      throw new Error('no issuer');
    }
    const [firstEntry] = await allocateStatusEntries(s.ctx, issuer);
    const list = await s.ctx.db
      .selectFrom('status_lists')
      .selectAll()
      .where('id', '=', firstEntry?.list_id ?? '')
      .executeTakeFirstOrThrow();
    // Leave 3 free slots in the open list, then ask for 10.
    await s.ctx.db
      .updateTable('status_lists')
      .set({ allocated: Number(list.size) - 3 })
      .where('id', '=', list.id)
      .execute();
    const claimed = await allocateStatusEntriesFor(s.ctx, issuer, 10);
    expect(claimed).toHaveLength(10);
    const entries = claimed.map((credential) => {
      expect(credential).toHaveLength(issuer.suspension_enabled ? 2 : 1);
      return credential[0];
    });
    expect(entries.filter((entry) => entry?.list_id === list.id)).toHaveLength(3);
    const second = entries.filter((entry) => entry?.list_id !== list.id);
    expect(second).toHaveLength(7);
    expect(new Set(second.map((entry) => entry?.list_id)).size).toBe(1);
    const slots = new Set(
      [firstEntry, ...entries].map((entry) => `${entry?.list_id}:${entry?.status_index}`),
    );
    expect(slots.size).toBe(11);
    const lists = await s.ctx.db
      .selectFrom('status_lists')
      .select(['id', 'allocated', 'size'])
      .where('issuer_id', '=', issuer.id)
      .where('purpose', '=', 'revocation')
      .execute();
    expect(lists.find((row) => row.id === list.id)?.allocated).toBe(list.size);
    expect(lists.find((row) => row.id !== list.id)?.allocated).toBe(7);
  });
});
