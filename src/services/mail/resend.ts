/**
 * Sending a failed e-mail again (`POST /api/v1/mail/{id}/resend`, docs/mail.md). A failed message has
 * lost its bodies (they may carry a claim link), so the e-mail is written afresh from the credential as
 * it stands — an issued mail with a new claim link — and queued as a new message; the failed one stays
 * in the log as it was. Only the newest mail of its kind about its credential can be resent, so two
 * clicks never send two copies.
 */

import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import { notifyJobsQueued } from '../../jobs/queue.js';
import { type Credential, findCredential } from '../../storage/credentials.repository.js';
import {
  findMailMessage,
  latestMailOfCredentialKind,
  latestMailOfCredentials,
  type MailMessage,
} from '../../storage/mail.repository.js';
import { findAwardByCredential, findPathway } from '../../storage/pathways.repository.js';
import type { Database } from '../../storage/tables.js';
import { withTransaction } from '../../storage/transaction.js';
import type { Actor, AppContext } from '../context.js';
import { notifyCredentialIssued, notifyStatusChange } from './notify.js';

/** The status a credential must still have for its status mail to be sent again. */
const STATUS_OF_MAIL: Record<string, { action: 'revoke' | 'suspend' | 'unsuspend'; status: string }> = {
  'credential.revoked': { action: 'revoke', status: 'revoked' },
  'credential.suspended': { action: 'suspend', status: 'suspended' },
  'credential.unsuspended': { action: 'unsuspend', status: 'active' },
};

async function requeue(
  ctx: AppContext,
  trx: Kysely<Database>,
  message: MailMessage,
  credential: Credential,
): Promise<void> {
  if (message.kind === 'credential.issued') {
    await notifyCredentialIssued(ctx, trx, credential);
    return;
  }
  if (message.kind === 'pathway.completed') {
    const award = await findAwardByCredential(trx, credential.organization_id, credential.id);
    const pathway = award ? await findPathway(trx, credential.organization_id, award.pathway_id) : undefined;
    await notifyCredentialIssued(ctx, trx, credential, pathway ? { pathwayName: pathway.name } : {});
    return;
  }
  const status = STATUS_OF_MAIL[message.kind];
  if (status) {
    if (credential.status !== status.status) {
      throw new AppError(
        'MAIL_NOT_RESENDABLE',
        `The credential is ${credential.status} now: this e-mail would no longer be true`,
      );
    }
    await notifyStatusChange(ctx, trx, credential, status.action, {
      ...(credential.status_reason ? { reason: credential.status_reason } : {}),
      reasonPublic: Boolean(credential.status_reason_public),
    });
    return;
  }
  throw new AppError(
    'MAIL_NOT_RESENDABLE',
    `A ${message.kind} e-mail is not sent again: the next one goes by itself`,
  );
}

/**
 * Queues a fresh copy of a failed e-mail of the actor's organization and returns the new message.
 * Throws NOT_FOUND (no such e-mail here), MAIL_NOT_FAILED (queued, retrying or sent) or
 * MAIL_NOT_RESENDABLE (resent already, its credential gone or changed, or a kind that is not resent).
 */
export async function resendMail(ctx: AppContext, actor: Actor, messageId: string): Promise<MailMessage> {
  const resent = await withTransaction(ctx.db, async (trx) => {
    // Locked: two clicks at once resend once (the second then finds the newer e-mail).
    const message = await findMailMessage(trx, actor.organizationId, messageId, {
      forUpdate: ctx.dialect === 'postgres',
    });
    if (!message) {
      throw new AppError('NOT_FOUND', 'No such e-mail');
    }
    if (message.status !== 'failed') {
      throw new AppError('MAIL_NOT_FAILED', `This e-mail is ${message.status}, not failed`);
    }
    const credential = message.credential_id
      ? await findCredential(trx, actor.organizationId, message.credential_id)
      : undefined;
    if (!credential?.recipient_email) {
      throw new AppError('MAIL_NOT_RESENDABLE', 'The credential this e-mail was about is gone');
    }
    const latest = await latestMailOfCredentialKind(trx, actor.organizationId, credential.id, message.kind);
    if (latest?.id !== message.id) {
      throw new AppError('MAIL_NOT_RESENDABLE', 'This e-mail was sent again already: see the newer one');
    }
    await requeue(ctx, trx, message, credential);
    const fresh = (await latestMailOfCredentials(trx, actor.organizationId, [credential.id])).get(
      credential.id,
    );
    if (!fresh || fresh.id === message.id) {
      throw new AppError('INTERNAL', 'The e-mail was not queued');
    }
    return fresh;
  });
  notifyJobsQueued();
  return resent;
}
