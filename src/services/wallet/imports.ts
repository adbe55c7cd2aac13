/**
 * Importing credentials from elsewhere into a wallet: a file (JSON, JWT, baked PNG or SVG, PDF), a URL
 * (fetched through the SSRF-guarded fetch, never directly) or pasted text. Whatever it is, it is read by
 * the verifier's own input reader and verified by the server's verifier — the same entry points as
 * `/api/v1/verify`, so every format the verifier learns is importable — and stored with its verdict,
 * good or bad: the learner sees what a verifier would say.
 */

import type { VerificationReport } from '../../core/verification/report.js';
import { AppError } from '../../errors.js';
import { type CredentialSummary, summarizeCredential } from '../../pages/credential-model.js';
import { toJsonText } from '../../storage/codec.js';
import type { LearnerAccount } from '../../storage/learner-accounts.repository.js';
import type { Page, PageRequest } from '../../storage/pagination.js';
import type { WalletImportSource } from '../../storage/tables.js';
import {
  deleteWalletImport,
  insertWalletImport,
  listWalletImportsPage,
  type WalletImport,
} from '../../storage/wallet-imports.repository.js';
import type { AppContext } from '../context.js';
import { type CredentialInput, readCredentialInput } from '../read-credential-input.js';
import { createServerVerifier } from '../server-verifier.js';

export type ImportInput =
  | { source: 'file'; bytes: Uint8Array }
  | { source: 'url'; url: string }
  | { source: 'paste'; text: string };

export type WalletImportView = {
  id: string;
  source: WalletImportSource;
  container: string;
  sourceUrl: string | null;
  verified: boolean;
  verdict: string;
  name: string | null;
  issuerName: string | null;
  importedAt: string;
  report: unknown;
};

export function importView(row: WalletImport): WalletImportView {
  return {
    id: row.id,
    source: row.source,
    container: row.container,
    sourceUrl: row.source_url,
    verified: row.verified,
    verdict: row.verdict,
    name: row.name,
    issuerName: row.issuer_name,
    importedAt: row.created_at,
    report: JSON.parse(row.report),
  };
}

const ACCEPT =
  'application/ld+json, application/vc+ld+json, application/vc+jwt, application/json, image/png, image/svg+xml, application/pdf, */*;q=0.5';

async function fetchInput(ctx: AppContext, url: string): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('INVALID_INPUT', 'The URL is not valid');
  }
  const response = await ctx.fetch(parsed.href, { accept: ACCEPT });
  if (response.status < 200 || response.status >= 300) {
    throw new AppError('FETCH_FAILED', `${parsed.origin} answered HTTP ${response.status}`);
  }
  return response.body;
}

async function readInput(
  ctx: AppContext,
  input: ImportInput,
): Promise<{ read: CredentialInput; bytes: Uint8Array }> {
  const bytes =
    input.source === 'file'
      ? input.bytes
      : input.source === 'url'
        ? await fetchInput(ctx, input.url)
        : new TextEncoder().encode(input.text);
  return { read: readCredentialInput(bytes), bytes };
}

export type VerifiedInput = {
  read: CredentialInput;
  bytes: Uint8Array;
  report: VerificationReport;
  summary: CredentialSummary | undefined;
};

/** Reads and verifies an input as an import does (also the OB 3.0 API's upsert): nothing is stored. */
export async function verifyImportInput(ctx: AppContext, input: ImportInput): Promise<VerifiedInput> {
  const { read, bytes } = await readInput(ctx, input);
  const report = await createServerVerifier(ctx)(read.text, { now: ctx.clock() });
  const summary = report.credential ? summarizeCredential(report.credential) : undefined;
  return { read, bytes, report, summary };
}

export async function importCredential(
  ctx: AppContext,
  account: LearnerAccount,
  input: ImportInput,
): Promise<WalletImportView> {
  const { read, bytes, report, summary } = await verifyImportInput(ctx, input);
  const binary = read.container === 'png' || read.container === 'svg' || read.container === 'pdf';
  const row = await insertWalletImport(ctx.db, {
    account_id: account.id,
    source: input.source,
    container: read.container,
    source_url: input.source === 'url' ? input.url : null,
    file: binary ? bytes : null,
    text: read.text,
    verified: report.verified,
    verdict: report.verdict,
    report: reportText(report),
    name: summary?.name ?? null,
    issuer_name: summary?.issuer.name ?? null,
    credential_id: credentialIdOf(report),
  });
  return importView(row);
}

/** The verification report as JSON text for its column. */
export function reportText(report: VerificationReport): string {
  return toJsonText(JSON.parse(JSON.stringify(report)));
}

/** The verified credential's own `id`, if it has a string one. */
export function credentialIdOf(report: VerificationReport): string | null {
  const id = (report.credential as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

/** One page of the account's imports, newest first (`cursor`: the previous page's `next`). */
export async function listImports(
  ctx: AppContext,
  account: LearnerAccount,
  page: PageRequest = {},
): Promise<Page<WalletImportView>> {
  const found = await listWalletImportsPage(ctx.db, account.id, page);
  return { items: found.items.map(importView), next: found.next };
}

export async function removeImport(ctx: AppContext, account: LearnerAccount, id: string): Promise<void> {
  if (!(await deleteWalletImport(ctx.db, account.id, id))) {
    throw new AppError('NOT_FOUND', 'No such import in your wallet');
  }
}
