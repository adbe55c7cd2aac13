/**
 * The learner's credentials as the Open Badges 3.0 API serves and receives them (getCredentials,
 * upsertCredential). The wallet holds two kinds: credentials issued on this installation to one of the
 * account's verified identities (the issuer's signed document, byte for byte), and credentials imported
 * from elsewhere. Only imports that verified are served, so every item a client receives verifies.
 *
 * An upsert is an import through the wallet's own reader and verifier (`verifyImportInput`), refused when
 * it does not verify. It replaces the import with the same credential `id` (200) or adds one (201); a
 * credential the learner already holds as issued here is answered 200 and not stored twice.
 */
import type { LearnerAccount } from '../../storage/learner-accounts.repository.js';
import {
  findWalletImportByCredentialId,
  insertWalletImport,
  listWalletImports,
  replaceWalletImport,
} from '../../storage/wallet-imports.repository.js';
import type { AppContext } from '../context.js';
import { credentialIdOf, reportText, verifyImportInput } from '../wallet/imports.js';
import { accountCredentialRows } from '../wallet/wallet-credentials.js';
import { ImsxError } from './oauth-error.js';

/** One credential as stored: JSON text or a compact JWS, with the moment it was issued. */
type StoredCredential = { text: string; issuedAt: number; key: string };

function issuedAtOf(credential: Record<string, unknown> | null, fallback: string): number {
  for (const value of [credential?.validFrom, credential?.issuanceDate, fallback]) {
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(time)) {
      return time;
    }
  }
  return 0;
}

async function storedCredentials(ctx: AppContext, account: LearnerAccount): Promise<StoredCredential[]> {
  const issued = (await accountCredentialRows(ctx, account)).map((row) => ({
    text: row.document,
    issuedAt: Date.parse(row.awarded_date),
    key: `a${row.id}`,
  }));
  const imported = (await listWalletImports(ctx.db, account.id))
    .filter((row) => row.verified)
    .map((row) => ({
      text: row.text,
      issuedAt: issuedAtOf(
        (JSON.parse(row.report) as { credential: Record<string, unknown> | null }).credential,
        row.created_at,
      ),
      key: `b${row.id}`,
    }));
  // Oldest first, ties by id: a stable order, so offset paging neither skips nor repeats.
  return [...issued, ...imported].sort((a, b) => a.issuedAt - b.issuedAt || (a.key < b.key ? -1 : 1));
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type CredentialsPage = {
  body: { credential: Record<string, unknown>[]; compactJwsString: string[] };
  total: number;
  limit: number;
  offset: number;
};

export async function credentialsPage(
  ctx: AppContext,
  account: LearnerAccount,
  query: { limit: number; offset: number; since: number | undefined },
): Promise<CredentialsPage> {
  const all = (await storedCredentials(ctx, account)).filter(
    (item) => query.since === undefined || item.issuedAt > query.since,
  );
  const page = all.slice(query.offset, query.offset + query.limit);
  const body: CredentialsPage['body'] = { credential: [], compactJwsString: [] };
  for (const item of page) {
    if (item.text.startsWith('{')) {
      body.credential.push(JSON.parse(item.text) as Record<string, unknown>);
    } else {
      body.compactJwsString.push(item.text);
    }
  }
  return { body, total: all.length, limit: query.limit, offset: query.offset };
}

export type UpsertResult = { created: boolean };

/** upsertCredential: `text` is the request body as sent (JSON text, or a compact JWS). */
export async function upsertCredential(
  ctx: AppContext,
  account: LearnerAccount,
  clientId: string,
  text: string,
): Promise<UpsertResult> {
  const { read, report, summary } = await verifyImportInput(ctx, { source: 'paste', text });
  if (read.container !== 'json' && read.container !== 'jwt') {
    throw new ImsxError(400, 'invalid_data', 'Send the credential as JSON or as a compact JWS');
  }
  if (!report.verified) {
    const failed = report.checks
      .filter((check) => check.status !== 'passed')
      .map((check) => `${check.check}: ${check.detail}`)
      .slice(0, 3);
    throw new ImsxError(
      400,
      'invalid_data',
      `The credential did not verify (${report.verdict})${failed.length > 0 ? `: ${failed.join('; ')}` : ''}`,
    );
  }
  const credentialId = credentialIdOf(report);
  if (credentialId !== null) {
    const issued = (await accountCredentialRows(ctx, account)).find(
      (row) => (JSON.parse(row.document) as { id?: unknown }).id === credentialId,
    );
    if (issued) {
      return { created: false };
    }
  }
  const values = {
    container: read.container,
    text: read.text,
    verified: true,
    verdict: report.verdict,
    report: reportText(report),
    name: summary?.name ?? null,
    issuer_name: summary?.issuer.name ?? null,
    api_client_id: clientId,
  };
  const existing =
    credentialId === null
      ? undefined
      : await findWalletImportByCredentialId(ctx.db, account.id, credentialId);
  if (existing) {
    await replaceWalletImport(ctx.db, account.id, existing.id, values);
    return { created: false };
  }
  await insertWalletImport(ctx.db, {
    ...values,
    account_id: account.id,
    source: 'paste',
    source_url: null,
    file: null,
    credential_id: credentialId,
  });
  return { created: true };
}
