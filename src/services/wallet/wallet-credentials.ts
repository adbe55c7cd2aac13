/**
 * What the wallet shows of the credentials issued to an account's identities: cards (filtered by issuer,
 * status, type), one credential's detail with its share links and pathways, the learner's privacy choice,
 * and the progress on every pathway their credentials belong to.
 */
import { AppError } from '../../errors.js';
import { type CredentialSummary, summarizeCredential } from '../../pages/credential-model.js';
import { type Credential, credentialStatus } from '../../storage/credentials.repository.js';
import type { LearnerAccount } from '../../storage/learner-accounts.repository.js';
import { encodeCursor, type Page, type PageRequest, pageLimit } from '../../storage/pagination.js';
import type { CredentialVisibility } from '../../storage/tables.js';
import {
  listAccountCredentials,
  setCredentialVisibility,
} from '../../storage/wallet-credentials.repository.js';
import type { Actor, AppContext } from '../context.js';
import { credentialShareLinks, type ShareLinks } from '../credential-artifacts.js';
import { type CredentialPathways, credentialPathways, pathwayProgress } from '../pathways.js';
import { urls } from '../urls.js';
import { accountRecipients } from './identities.js';

export type WalletCard = {
  id: string;
  url: string;
  status: string;
  visibility: CredentialVisibility;
  name: string;
  description: string | null;
  achievementType: string | null;
  issuer: { id: string | null; name: string };
  imageUrl: string;
  awardedDate: string;
  validUntil: string | null;
  recipient: { email: string | null; did: string | null };
};

export type WalletFilters = { issuer?: string; status?: string; type?: string };

export function walletCard(ctx: AppContext, row: Credential, summary: CredentialSummary): WalletCard {
  const url = urls.credentialPage(ctx.config.publicUrl, row.id);
  return {
    id: row.id,
    url,
    status: credentialStatus(row, ctx.clock()),
    visibility: row.visibility,
    name: summary.name,
    description: summary.description ?? null,
    achievementType: summary.achievementType ?? null,
    issuer: { id: summary.issuer.id ?? null, name: summary.issuer.name },
    imageUrl: `${url}.png`,
    awardedDate: row.awarded_date,
    validUntil: row.valid_until,
    recipient: { email: row.recipient_email, did: row.recipient_did },
  };
}

/** Every credential issued to one of the account's identities, in any organization. */
export async function accountCredentialRows(ctx: AppContext, account: LearnerAccount): Promise<Credential[]> {
  return await listAccountCredentials(ctx.db, await accountRecipients(ctx.db, account.id));
}

function matches(card: WalletCard, filters: WalletFilters): boolean {
  return (
    (!filters.issuer || card.issuer.id === filters.issuer || card.issuer.name === filters.issuer) &&
    (!filters.status || card.status === filters.status) &&
    (!filters.type || card.achievementType === filters.type)
  );
}

/**
 * One page of the wallet's cards, newest first, filtered (the filters read the signed document and the
 * status as of now, so they are applied here, not in SQL: rows are read in batches after the cursor until
 * the page is full). `next` names the last card returned, so a page never skips or repeats a card.
 */
export async function listWalletCards(
  ctx: AppContext,
  account: LearnerAccount,
  filters: WalletFilters = {},
  page: PageRequest = {},
): Promise<Page<WalletCard>> {
  const limit = pageLimit(page.limit);
  const recipients = await accountRecipients(ctx.db, account.id);
  const found: { row: Credential; card: WalletCard }[] = [];
  let after = page.cursor;
  for (;;) {
    const rows = await listAccountCredentials(ctx.db, recipients, {
      ...(after !== undefined ? { after } : {}),
      limit: limit + 1,
    });
    for (const row of rows) {
      const card = walletCard(ctx, row, summarizeCredential(JSON.parse(row.document)));
      if (matches(card, filters)) {
        found.push({ row, card });
      }
    }
    const last = rows.at(-1);
    if (found.length > limit || rows.length <= limit || last === undefined) {
      break;
    }
    after = encodeCursor(last);
  }
  const shown = found.slice(0, limit);
  const lastShown = shown.at(-1);
  return {
    items: shown.map((entry) => entry.card),
    next: found.length > limit && lastShown ? encodeCursor(lastShown.row) : null,
  };
}

async function ownedRow(ctx: AppContext, account: LearnerAccount, id: string): Promise<Credential> {
  const row = (await accountCredentialRows(ctx, account)).find((entry) => entry.id === id);
  if (!row) {
    throw new AppError('NOT_FOUND', 'No such credential in your wallet');
  }
  return row;
}

export type WalletCredentialDetail = WalletCard & {
  credential: Record<string, unknown>;
  share: ShareLinks;
  pathways: CredentialPathways;
};

export async function walletCredential(
  ctx: AppContext,
  account: LearnerAccount,
  id: string,
): Promise<WalletCredentialDetail> {
  const row = await ownedRow(ctx, account, id);
  const credential = JSON.parse(row.document) as Record<string, unknown>;
  return {
    ...walletCard(ctx, row, summarizeCredential(credential)),
    credential,
    share: await credentialShareLinks(ctx, row),
    pathways: await credentialPathways(ctx, row),
  };
}

export async function setWalletVisibility(
  ctx: AppContext,
  account: LearnerAccount,
  id: string,
  visibility: CredentialVisibility,
): Promise<WalletCard> {
  const row = await ownedRow(ctx, account, id);
  await setCredentialVisibility(ctx.db, row.id, visibility);
  return { ...walletCard(ctx, row, summarizeCredential(JSON.parse(row.document))), visibility };
}

export type WalletPathway = {
  pathwayId: string;
  name: string;
  url: string;
  organizationId: string;
  completed: boolean;
  percent: number;
  done: { achievementId: string; name: string | null }[];
  remaining: { achievementId: string; name: string | null }[];
};

/**
 * Progress on every pathway one of the wallet's credentials belongs to (read as the issuing
 * organization's system, per learner record; a person known to one organization by two learner records
 * sees the better of the two).
 */
export async function walletPathways(
  ctx: AppContext,
  account: LearnerAccount,
  rows?: Credential[],
): Promise<WalletPathway[]> {
  const credentials = rows ?? (await accountCredentialRows(ctx, account));
  const best = new Map<string, WalletPathway>();
  for (const row of credentials) {
    const { partOf, awardFor } = await credentialPathways(ctx, row);
    for (const pathway of [...partOf, ...(awardFor ? [awardFor] : [])]) {
      const actor: Actor = { type: 'system', id: null, organizationId: row.organization_id, role: 'viewer' };
      const progress = await pathwayProgress(ctx, actor, pathway.id, { learnerId: row.learner_id });
      const previous = best.get(pathway.id);
      if (!previous || progress.percent > previous.percent) {
        best.set(pathway.id, {
          pathwayId: pathway.id,
          name: pathway.name,
          url: pathway.url,
          organizationId: row.organization_id,
          completed: progress.completed,
          percent: progress.percent,
          done: progress.done.map((item) => ({ achievementId: item.achievementId, name: item.name })),
          remaining: progress.remaining.map((item) => ({
            achievementId: item.achievementId,
            name: item.name,
          })),
        });
      }
    }
  }
  return [...best.values()];
}
