/**
 * Claiming a credential from the link in its "issued" e-mail (`/claim/{token}`, tokens by
 * `services/claims.ts`). Opening the page only looks (`checkClaimToken`): a mail scanner that follows the
 * link claims nothing. The learner's "add to my wallet" uses the token, once:
 *
 * - signed in to a wallet: the claim link proves the address it was sent to, so the address becomes a
 *   verified identity of the account (and with it every credential ever sent to it);
 * - not signed in: a sign-in link goes to that address; opening it creates the account (or signs in) with
 *   the address verified, and the credential is in the wallet.
 *
 * Either way the issuer hears `credential.claimed`. The credential was valid and shareable before; the
 * claim only puts it in a wallet.
 */

import { AppError } from '../../errors.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import { findCredential } from '../../storage/credentials.repository.js';
import { findLearnerAccount, type LearnerAccount } from '../../storage/learner-accounts.repository.js';
import { withTransaction } from '../../storage/transaction.js';
import { type ClaimTarget, consumeClaimToken } from '../claims.js';
import type { AppContext } from '../context.js';
import { emitEvent } from '../events.js';
import { urls } from '../urls.js';
import { sendAccountLink } from './account-mail.js';
import { issueAccountToken } from './account-tokens.js';
import { attachIdentity } from './identities.js';

export type ClaimResult = ClaimTarget & { added: boolean; linkSent: boolean };

export async function claimCredential(
  ctx: AppContext,
  token: string,
  learner: LearnerAccount | undefined,
  locale: string,
): Promise<ClaimResult> {
  const result = await withTransaction(ctx.db, async (trx) => {
    const claimed = await consumeClaimToken(ctx, trx, token);
    const row = await findCredential(trx, claimed.organizationId, claimed.credentialId);
    if (!row) {
      throw new AppError('NOT_FOUND', 'The credential is gone');
    }
    let added = false;
    if (learner) {
      const account = await findLearnerAccount(trx, learner.id);
      if (!account) {
        throw new AppError('UNAUTHENTICATED', 'Sign in to your wallet');
      }
      await attachIdentity(trx, account, 'email', claimed.email, ctx.clock());
      added = true;
    } else {
      const signIn = await issueAccountToken(trx, ctx.clock(), {
        purpose: 'sign-in',
        accountId: null,
        value: claimed.email,
        detail: { next: `/wallet/credentials/${encodeURIComponent(claimed.credentialId)}` },
      });
      await sendAccountLink(trx, ctx, { to: claimed.email, kind: 'sign-in', token: signIn, locale });
    }
    await emitEvent(trx, claimed.organizationId, 'credential.claimed', {
      credentialId: row.id,
      url: urls.credentialPage(ctx.config.publicUrl, row.id),
      achievementId: row.achievement_id,
      learnerId: row.learner_id,
    });
    return { ...claimed, added, linkSent: !learner };
  });
  notifyJobsQueued();
  return result;
}
