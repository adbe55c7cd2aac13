/**
 * The mail a change sends to its learner, queued inside the change's transaction (the outbox): issued
 * (with a claim link and the pathways it counts toward), revoked / suspended / active again. Expiry reminders are
 * `expiry-reminders.ts`. Each function gathers what the template names (achievement, issuer, learner,
 * language) and queues the e-mail; a credential issued to a DID only gets none.
 *
 * The language: the `locale` of the issue request, else the organization's `mail_locale`, else English;
 * it is kept on the credential (`mail_locale`), so every later mail about it speaks the same language.
 */
import type { Kysely } from 'kysely';
import { isLocale, type Locale } from '../../i18n/index.js';
import {
  type CredentialMailData,
  credentialIssuedMail,
  credentialStatusMail,
  type PathwayProgressNote,
  type RenderedMail,
  type StatusMailKind,
} from '../../rendering/mail/templates.js';
import {
  type Achievement,
  findAchievement,
  findAchievementNames,
} from '../../storage/achievements.repository.js';
import type { Credential } from '../../storage/credentials.repository.js';
import { findIssuer } from '../../storage/issuers.repository.js';
import { findLearner } from '../../storage/learners.repository.js';
import { findOrganization } from '../../storage/organizations.repository.js';
import type { Database } from '../../storage/tables.js';
import { createClaimLink } from '../claims.js';
import type { AppContext } from '../context.js';
import { urls } from '../urls.js';
import { enqueueMail, type MailKind } from './outbox.js';
import { unsubscribeHeaders } from './unsubscribe.js';

/** The language of a learner's mail: the one asked for, else the organization's default, else English. */
export async function resolveMailLocale(
  db: Kysely<Database>,
  organizationId: string,
  requested?: string | null,
): Promise<Locale> {
  if (isLocale(requested)) {
    return requested;
  }
  const organization = await findOrganization(db, organizationId);
  return isLocale(organization?.mail_locale) ? organization.mail_locale : 'en';
}

function localeOfCredential(credential: Credential): Locale {
  return isLocale(credential.mail_locale) ? credential.mail_locale : 'en';
}

/** What every credential mail names, read from the credential's rows. */
export async function credentialMailData(
  ctx: AppContext,
  db: Kysely<Database>,
  credential: Credential,
  known: { achievement?: Achievement; issuerName?: string; learnerName?: string | null } = {},
): Promise<CredentialMailData> {
  const achievement =
    known.achievement ?? (await findAchievement(db, credential.organization_id, credential.achievement_id));
  const issuerName =
    known.issuerName ?? (await findIssuer(db, credential.organization_id, credential.issuer_id))?.name ?? '';
  const learnerName =
    known.learnerName !== undefined
      ? known.learnerName
      : ((await findLearner(db, credential.organization_id, credential.learner_id))?.name ?? null);
  return {
    locale: localeOfCredential(credential),
    learnerName,
    achievementName: achievement?.name ?? '',
    issuerName,
    credentialUrl: urls.credentialPage(ctx.config.publicUrl, credential.id),
    imageUrl: achievement?.image_id ? urls.image(ctx.config.publicUrl, achievement.image_id) : null,
  };
}

/** Queues a rendered e-mail about a credential to its learner (`unsubscribe`: non-essential mail's link). */
export async function queueCredentialMail(
  ctx: AppContext,
  trx: Kysely<Database>,
  credential: Credential,
  message: { to: string; mail: RenderedMail; locale: string; kind: MailKind; unsubscribe?: string },
): Promise<void> {
  await enqueueMail(
    trx,
    credential.organization_id,
    {
      to: message.to,
      ...message.mail,
      locale: message.locale,
      kind: message.kind,
      credentialId: credential.id,
      ...(message.unsubscribe ? { headers: unsubscribeHeaders(message.unsubscribe) } : {}),
    },
    { now: ctx.clock() },
  );
}

/** A pathway a new credential moved its learner along without completing it. */
export type ProgressedPathway = {
  pathway: { id: string; name: string };
  percent: number;
  remainingAchievementIds: readonly string[];
};

async function progressNotes(
  ctx: AppContext,
  db: Kysely<Database>,
  organizationId: string,
  progressed: readonly ProgressedPathway[],
): Promise<PathwayProgressNote[]> {
  const notes: PathwayProgressNote[] = [];
  for (const { pathway, percent, remainingAchievementIds } of progressed) {
    const names = await findAchievementNames(db, organizationId, remainingAchievementIds.slice(0, 10));
    const remaining = remainingAchievementIds.flatMap((id) => names.get(id) ?? []);
    notes.push({
      pathwayName: pathway.name,
      percent,
      remaining,
      pathwayUrl: `${ctx.config.publicUrl}/p/${encodeURIComponent(pathway.id)}`,
    });
  }
  return notes;
}

/**
 * "You earned …" with a claim link, for a credential just stored (same transaction). Nothing for a
 * credential issued to a DID only. With `pathwayName`, the credential was awarded for that pathway; with
 * `progressed`, the mail tells how far it took the learner along those pathways and what is left.
 */
export async function notifyCredentialIssued(
  ctx: AppContext,
  trx: Kysely<Database>,
  credential: Credential,
  known: {
    achievement?: Achievement;
    issuerName?: string;
    learnerName?: string | null;
    pathwayName?: string;
    progressed?: readonly ProgressedPathway[];
  } = {},
): Promise<void> {
  const to = credential.recipient_email;
  if (!to) {
    return;
  }
  const data = await credentialMailData(ctx, trx, credential, known);
  const claim = await createClaimLink(ctx, trx, credential);
  const progress = await progressNotes(ctx, trx, credential.organization_id, known.progressed ?? []);
  const mail = credentialIssuedMail({
    ...data,
    claimUrl: claim.url,
    claimExpiresAt: claim.expiresAt,
    ...(known.pathwayName ? { pathwayName: known.pathwayName } : {}),
    ...(progress.length > 0 ? { progress } : {}),
  });
  await queueCredentialMail(ctx, trx, credential, {
    to,
    mail,
    locale: data.locale,
    kind: known.pathwayName ? 'pathway.completed' : 'credential.issued',
  });
}

const STATUS_MAIL: Record<'revoke' | 'suspend' | 'unsuspend', StatusMailKind> = {
  revoke: 'revoked',
  suspend: 'suspended',
  unsuspend: 'unsuspended',
};

/** Revoked, suspended, active again: with the reason only when the issuer made it public. */
export async function notifyStatusChange(
  ctx: AppContext,
  trx: Kysely<Database>,
  credential: Credential,
  action: 'revoke' | 'suspend' | 'unsuspend',
  input: { reason?: string; reasonPublic?: boolean },
): Promise<void> {
  const to = credential.recipient_email;
  if (!to) {
    return;
  }
  const kind = STATUS_MAIL[action];
  const data = await credentialMailData(ctx, trx, credential);
  const mail = credentialStatusMail(kind, {
    ...data,
    publicReason: input.reasonPublic === true ? (input.reason ?? null) : null,
  });
  await queueCredentialMail(ctx, trx, credential, {
    to,
    mail,
    locale: data.locale,
    kind: `credential.${kind}`,
  });
}
