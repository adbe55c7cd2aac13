/**
 * A learner's public portfolio, `/u/{handle}`: off until the learner turns it on, and then only the
 * credentials they marked public (link-only and private ones are never listed), plus the progress on
 * those credentials' pathways when they chose to show it.
 */
import { AppError } from '../../errors.js';
import { summarizeCredential } from '../../pages/credential-model.js';
import { isUniqueViolation } from '../../storage/errors.js';
import {
  findLearnerAccountByHandle,
  type LearnerAccount,
  listAccountIdentities,
  updateLearnerAccount,
} from '../../storage/learner-accounts.repository.js';
import type { AppContext } from '../context.js';
import {
  accountCredentialRows,
  type WalletCard,
  type WalletPathway,
  walletCard,
  walletPathways,
} from './wallet-credentials.js';

export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export type Portfolio = {
  handle: string;
  displayName: string | null;
  url: string;
  credentials: WalletCard[];
  pathways: WalletPathway[] | null;
};

/** The public portfolio, or undefined when there is none to show (unknown handle, or not public). */
export async function publicPortfolio(ctx: AppContext, handle: string): Promise<Portfolio | undefined> {
  const account = await findLearnerAccountByHandle(ctx.db, handle);
  if (!account?.portfolio_public || !account.handle) {
    return undefined;
  }
  const rows = (await accountCredentialRows(ctx, account)).filter((row) => row.visibility === 'public');
  const credentials = rows.map((row) => walletCard(ctx, row, summarizeCredential(JSON.parse(row.document))));
  return {
    handle: account.handle,
    displayName: account.display_name,
    url: `${ctx.config.publicUrl}/u/${account.handle}`,
    // The recipient's addresses are the learner's, not the public's.
    credentials: credentials.map((card) => ({
      ...card,
      recipient: { email: null, did: card.recipient.did },
    })),
    pathways: account.portfolio_pathways ? await walletPathways(ctx, account, rows) : null,
  };
}

export type ProfileChanges = {
  handle?: string | null;
  displayName?: string | null;
  portfolioPublic?: boolean;
  portfolioPathways?: boolean;
  subjectDid?: string | null;
};

export async function updateProfile(
  ctx: AppContext,
  account: LearnerAccount,
  changes: ProfileChanges,
): Promise<LearnerAccount> {
  const handle =
    changes.handle === undefined || changes.handle === null ? changes.handle : changes.handle.toLowerCase();
  if (handle && !HANDLE_PATTERN.test(handle)) {
    throw new AppError(
      'INVALID_INPUT',
      'handle: 3 to 40 letters, digits or hyphens, not starting or ending with one',
    );
  }
  if (changes.portfolioPublic && !(handle ?? account.handle)) {
    throw new AppError('INVALID_INPUT', 'Choose a handle before making the portfolio public');
  }
  if (changes.subjectDid) {
    const identities = await listAccountIdentities(ctx.db, account.id);
    if (!identities.some((entry) => entry.type === 'did' && entry.value === changes.subjectDid)) {
      throw new AppError('INVALID_INPUT', 'subjectDid: prove control of the DID first');
    }
  }
  try {
    const updated = await updateLearnerAccount(ctx.db, account.id, {
      ...(handle !== undefined ? { handle } : {}),
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.portfolioPublic !== undefined ? { portfolio_public: changes.portfolioPublic } : {}),
      ...(changes.portfolioPathways !== undefined ? { portfolio_pathways: changes.portfolioPathways } : {}),
      ...(changes.subjectDid !== undefined ? { subject_did: changes.subjectDid } : {}),
    });
    if (!updated) {
      throw new AppError('NOT_FOUND', 'The account is gone');
    }
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('HANDLE_TAKEN');
    }
    throw error;
  }
}
