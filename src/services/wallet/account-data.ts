/**
 * A learner's own data (GDPR): the export of everything the wallet holds, and deleting the account.
 *
 * Deleting removes the account, its identities, sessions, pending links and imports. Credentials are the
 * issuers' records and stay: the wallet only ever found them by identity, so nothing links them to the
 * account any more. A credential the learner made public goes back to link-only (the portfolio is gone);
 * one made private stays private (un-hiding it is not the deletion's business).
 */

import { summarizeCredential } from '../../pages/credential-model.js';
import type { LearnerAccount } from '../../storage/learner-accounts.repository.js';
import { deleteLearnerAccount, listAccountIdentities } from '../../storage/learner-accounts.repository.js';
import { withTransaction } from '../../storage/transaction.js';
import { setCredentialVisibility } from '../../storage/wallet-credentials.repository.js';
import { listWalletImports } from '../../storage/wallet-imports.repository.js';
import type { AppContext } from '../context.js';
import { importView } from './imports.js';
import { accountCredentialRows, walletCard } from './wallet-credentials.js';

/** What a learner (and only they) sees of their account: never the password hash. */
export function accountView(account: LearnerAccount) {
  return {
    id: account.id,
    handle: account.handle,
    displayName: account.display_name,
    hasPassword: account.password_hash !== null,
    subjectDid: account.subject_did,
    portfolioPublic: account.portfolio_public,
    portfolioPathways: account.portfolio_pathways,
  };
}

export const EXPORT_FORMAT = 'cairn-wallet-export/1';

export async function exportAccountData(ctx: AppContext, account: LearnerAccount) {
  const identities = await listAccountIdentities(ctx.db, account.id);
  const rows = await accountCredentialRows(ctx, account);
  const imports = await listWalletImports(ctx.db, account.id);
  return {
    format: EXPORT_FORMAT,
    exportedAt: ctx.clock().toISOString(),
    account: { ...accountView(account), createdAt: account.created_at },
    identities: identities.map((identity) => ({
      type: identity.type,
      value: identity.value,
      verifiedAt: identity.verified_at,
    })),
    // Each credential as its file: the exact signed text, which verifies on its own anywhere.
    credentials: rows.map((row) => {
      const card = walletCard(ctx, row, summarizeCredential(JSON.parse(row.document)));
      return { ...card, filename: `${row.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`, file: row.document };
    }),
    imports: imports.map((row) => ({
      ...importView(row),
      text: row.text,
      ...(row.file ? { file: Buffer.from(row.file).toString('base64'), fileEncoding: 'base64' } : {}),
    })),
  };
}

export async function deleteAccount(ctx: AppContext, account: LearnerAccount): Promise<void> {
  const rows = await accountCredentialRows(ctx, account);
  await withTransaction(ctx.db, async (trx) => {
    for (const row of rows.filter((entry) => entry.visibility === 'public')) {
      await setCredentialVisibility(trx, row.id, 'link');
    }
    await deleteLearnerAccount(trx, account.id);
  });
}
