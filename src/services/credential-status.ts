/**
 * Revoke, suspend, unsuspend, renew — one credential or many. Each change updates the credential and its
 * status-list bit in one transaction with an audit entry; the affected lists are re-signed right after,
 * once per list however many credentials changed.
 */
import { buildAchievementCredential } from '../core/credentials/build-achievement-credential.js';
import { AppError } from '../errors.js';
import { notifyJobsQueued } from '../jobs/queue.js';
import { findAchievement } from '../storage/achievements.repository.js';
import { toDbBoolean } from '../storage/codec.js';
import {
  type Credential,
  type CredentialFilters,
  findCredential,
  listCredentials,
} from '../storage/credentials.repository.js';
import { findIssuer } from '../storage/issuers.repository.js';
import { bumpStatusListVersions, setStatusEntryValue } from '../storage/status-lists.repository.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoSeconds } from './context.js';
import { achievementForCredential, issuerProfile } from './issue-credential.js';
import { loadSigningKey } from './issuers.js';
import { notifyStatusChange } from './mail/notify.js';
import { pathwayEffectsOfStatusChange } from './pathway-awards.js';
import { signCredential } from './sign-credential.js';
import { signedStatusList } from './status-lists.js';

export type StatusAction = 'revoke' | 'suspend' | 'unsuspend';

export type StatusChangeInput = { reason?: string; reasonPublic?: boolean };

const NEXT_STATUS: Record<StatusAction, 'revoked' | 'suspended' | 'active'> = {
  revoke: 'revoked',
  suspend: 'suspended',
  unsuspend: 'active',
};

function checkTransition(credential: Credential, action: StatusAction): void {
  if (credential.status === 'revoked') {
    throw new AppError('CONFLICT', 'The credential is revoked; revocation is final');
  }
  if (action === 'unsuspend' && credential.status !== 'suspended') {
    throw new AppError('CONFLICT', 'The credential is not suspended');
  }
  if (action === 'suspend' && credential.status === 'suspended') {
    throw new AppError('CONFLICT', 'The credential is already suspended');
  }
}

/** Applies one change inside a transaction; returns the lists whose bits changed. */
async function applyChange(
  ctx: AppContext,
  trx: AppContext['db'],
  actor: Actor,
  credential: Credential,
  action: StatusAction,
  input: StatusChangeInput,
): Promise<string[]> {
  checkTransition(credential, action);
  const lists: string[] = [];
  if (action === 'revoke') {
    const list = await setStatusEntryValue(trx, actor.organizationId, credential.id, 'revocation', 1);
    if (list) {
      lists.push(list);
    }
    // A revoked credential is no longer suspended: its suspension bit is cleared so the lists agree.
    const suspension = await setStatusEntryValue(trx, actor.organizationId, credential.id, 'suspension', 0);
    if (suspension) {
      lists.push(suspension);
    }
  } else {
    const list = await setStatusEntryValue(
      trx,
      actor.organizationId,
      credential.id,
      'suspension',
      action === 'suspend' ? 1 : 0,
    );
    if (!list) {
      throw new AppError(
        'CONFLICT',
        'This credential has no suspension entry (its issuer did not enable suspension when it was issued): revoke it, or enable suspension for future credentials',
      );
    }
    lists.push(list);
  }
  await trx
    .updateTable('credentials')
    .set({
      status: NEXT_STATUS[action],
      status_reason: action === 'unsuspend' ? null : (input.reason ?? null),
      status_reason_public: toDbBoolean(action !== 'unsuspend' && input.reasonPublic === true),
      updated_at: ctx.clock().toISOString(),
    })
    .where('organization_id', '=', actor.organizationId)
    .where('id', '=', credential.id)
    .execute();
  // The learner hears of it, with the reason only if the issuer made it public (docs/mail.md).
  await notifyStatusChange(ctx, trx, credential, action, input);
  await audit(
    trx,
    actor,
    `credential.${action}`,
    { type: 'credential', id: credential.id },
    {
      ...(input.reason ? { reason: input.reason } : {}),
      reasonPublic: input.reasonPublic === true,
    },
  );
  // Pathways this credential helped complete: each one's policy decides (keep, flag, or revoke the
  // target credential, here, in the same transaction; a revoked target may itself complete another).
  for (const targetId of await pathwayEffectsOfStatusChange(ctx, trx, actor, credential, action)) {
    const target = await findCredential(trx, actor.organizationId, targetId);
    if (target && target.status !== 'revoked') {
      lists.push(
        ...(await applyChange(ctx, trx, actor, target, 'revoke', {
          reason: 'A credential it was awarded for was revoked',
          reasonPublic: true,
        })),
      );
    }
  }
  return lists;
}

async function resign(ctx: AppContext, lists: string[]): Promise<void> {
  for (const id of new Set(lists)) {
    await signedStatusList(ctx, id);
  }
}

/** Throws NOT_FOUND, CONFLICT (revoked is final; nothing to suspend), INVALID_INPUT (revoke needs a reason). */
export async function changeCredentialStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: StatusAction,
  input: StatusChangeInput = {},
): Promise<Credential> {
  if (action === 'revoke' && !input.reason?.trim()) {
    throw new AppError(
      'INVALID_INPUT',
      'reason: a revocation needs a reason (shown to verifiers only if you choose)',
    );
  }
  const lists = await withTransaction(ctx.db, async (trx) => {
    const credential = await findCredential(trx, actor.organizationId, id);
    if (!credential) {
      throw new AppError('NOT_FOUND', 'No such credential');
    }
    const changed = await applyChange(ctx, trx, actor, credential, action, input);
    await bumpStatusListVersions(trx, actor.organizationId, changed);
    return changed;
  });
  notifyJobsQueued();
  await resign(ctx, lists);
  return (await findCredential(ctx.db, actor.organizationId, id)) as Credential;
}

/** Whether a bulk change applies to a credential in this status (the others are left out, not refused). */
const ELIGIBLE: Record<StatusAction, (status: Credential['status']) => boolean> = {
  revoke: (status) => status !== 'revoked',
  suspend: (status) => status !== 'revoked' && status !== 'suspended',
  unsuspend: (status) => status === 'suspended',
};

export type BulkFilter = CredentialFilters & { ids?: string[] };

/** The credentials a bulk change would change: those the filter (or `ids`) names that it applies to. */
export async function bulkStatusTargets(
  ctx: AppContext,
  organizationId: string,
  filter: BulkFilter,
  action: StatusAction,
): Promise<Credential[]> {
  if (
    !filter.ids &&
    !filter.achievementId &&
    !filter.email &&
    !filter.learnerId &&
    !filter.issuedAfter &&
    !filter.issuedBefore
  ) {
    throw new AppError(
      'INVALID_INPUT',
      `Name the credentials to ${action}: ids, achievementId, email, learnerId or a date range`,
    );
  }
  const eligible = ELIGIBLE[action];
  const targets: Credential[] = [];
  if (filter.ids) {
    for (const id of new Set(filter.ids)) {
      const credential = await findCredential(ctx.db, organizationId, id);
      if (credential && eligible(credential.status)) {
        targets.push(credential);
      }
    }
    return targets;
  }
  let cursor: string | undefined;
  do {
    const page = await listCredentials(
      ctx.db,
      organizationId,
      { ...filter, now: ctx.clock() },
      { limit: 200, ...(cursor ? { cursor } : {}) },
    );
    targets.push(...page.items.filter((credential) => eligible(credential.status)));
    cursor = page.next ?? undefined;
  } while (cursor);
  return targets;
}

/** A credential a bulk change left as it was, and why (e.g. no suspension entry to set). */
export type BulkSkip = { id: string; reason: string };

/**
 * Revokes, suspends or lifts the suspension of every credential the filter (or `ids`) names that the
 * change applies to. A credential the change cannot be made to (one issued without a suspension entry)
 * is skipped with the reason; the others change. Returns how many changed, and the skipped ones.
 */
export async function bulkChangeStatus(
  ctx: AppContext,
  actor: Actor,
  filter: BulkFilter,
  action: StatusAction,
  input: StatusChangeInput,
): Promise<{ changed: number; skipped: BulkSkip[] }> {
  if (action === 'revoke' && !input.reason?.trim()) {
    throw new AppError('INVALID_INPUT', 'reason: a revocation needs a reason');
  }
  const targets = await bulkStatusTargets(ctx, actor.organizationId, filter, action);
  const lists: string[] = [];
  const skipped: BulkSkip[] = [];
  let changed = 0;
  // In chunks, so one failure does not hold a transaction over thousands of rows.
  for (let start = 0; start < targets.length; start += 200) {
    const chunk = targets.slice(start, start + 200);
    const result = await withTransaction(ctx.db, async (trx) => {
      const chunkLists: string[] = [];
      const chunkSkipped: BulkSkip[] = [];
      let chunkChanged = 0;
      for (const listed of chunk) {
        // Read again: an earlier change may have changed this one (a pathway's target revoked).
        const credential = await findCredential(trx, actor.organizationId, listed.id);
        if (!credential || !ELIGIBLE[action](credential.status)) {
          continue;
        }
        try {
          chunkLists.push(...(await applyChange(ctx, trx, actor, credential, action, input)));
          chunkChanged++;
        } catch (error) {
          // A CONFLICT is raised before anything is written (no suspension entry): skip, keep going.
          if (!(error instanceof AppError) || error.code !== 'CONFLICT') {
            throw error;
          }
          chunkSkipped.push({ id: credential.id, reason: error.detail ?? error.message });
        }
      }
      await bumpStatusListVersions(trx, actor.organizationId, chunkLists);
      return { chunkLists, chunkSkipped, chunkChanged };
    });
    lists.push(...result.chunkLists);
    skipped.push(...result.chunkSkipped);
    changed += result.chunkChanged;
  }
  notifyJobsQueued();
  await resign(ctx, lists);
  return { changed, skipped };
}

/**
 * Renewal: the same credential (same id, same status entries, same awardedDate) signed again with a new
 * validity, so links and shares keep working (OB 3.0 equality: same id and issuer, newer validFrom wins).
 */
export async function renewCredential(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { validUntil?: string } = {},
): Promise<Credential> {
  const credential = await findCredential(ctx.db, actor.organizationId, id);
  if (!credential) {
    throw new AppError('NOT_FOUND', 'No such credential');
  }
  if (credential.status === 'revoked') {
    throw new AppError('CONFLICT', 'A revoked credential cannot be renewed');
  }
  const [achievement, issuer] = await Promise.all([
    findAchievement(ctx.db, actor.organizationId, credential.achievement_id),
    findIssuer(ctx.db, actor.organizationId, credential.issuer_id),
  ]);
  if (!achievement || !issuer) {
    throw new AppError('INTERNAL', 'The credential lost its achievement or issuer');
  }
  const previous = JSON.parse(credential.document) as Record<string, unknown>;
  const now = ctx.clock();
  let validUntil: Date | undefined;
  if (input.validUntil) {
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(input.validUntil) || Number.isNaN(Date.parse(input.validUntil))) {
      throw new AppError('INVALID_INPUT', 'validUntil must be a date-time with a time zone');
    }
    validUntil = new Date(input.validUntil);
  } else if (achievement.validity_months) {
    validUntil = new Date(now.getTime());
    validUntil.setUTCMonth(validUntil.getUTCMonth() + achievement.validity_months);
  }
  if (validUntil && validUntil <= now) {
    throw new AppError('INVALID_INPUT', 'validUntil must be in the future');
  }
  const subject = previous.credentialSubject as Record<string, unknown>;
  const { achievement: _achievement, type: _type, ...recipient } = subject;
  const unsigned = buildAchievementCredential({
    id: previous.id as string,
    issuer: issuerProfile(ctx, issuer),
    validFrom: isoSeconds(now),
    ...(validUntil ? { validUntil: isoSeconds(validUntil) } : {}),
    awardedDate: credential.awarded_date.replace(/\.\d{3}Z$/, 'Z'),
    ...(previous.evidence ? { evidence: previous.evidence as never } : {}),
    ...(previous.credentialStatus ? { credentialStatus: previous.credentialStatus as never } : {}),
    credentialSubject: {
      recipient: (recipient.id
        ? { id: recipient.id, ...(recipient.identifier ? { identifier: recipient.identifier } : {}) }
        : { identifier: recipient.identifier }) as never,
      achievement: achievementForCredential(ctx, achievement),
      ...(subject.result ? { result: subject.result as never } : {}),
      ...(subject.narrative ? { narrative: subject.narrative as string } : {}),
    },
  });
  const keyPair = await loadSigningKey(ctx, issuer);
  const signed = await signCredential(
    unsigned as unknown as Record<string, unknown>,
    { keyPair, format: 'eddsa-rdfc-2022', created: isoSeconds(now) },
    ctx,
  );
  await withTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('credentials')
      .set({
        document: JSON.stringify(signed),
        valid_from: now.toISOString(),
        valid_until: validUntil ? validUntil.toISOString() : null,
        updated_at: now.toISOString(),
      })
      .where('organization_id', '=', actor.organizationId)
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      'credential.renew',
      { type: 'credential', id },
      { validUntil: validUntil ? isoSeconds(validUntil) : null },
    );
  });
  return (await findCredential(ctx.db, actor.organizationId, id)) as Credential;
}
