/**
 * Issuing one credential: the achievement and its issuer, the learner, the signed OB 3.0 credential,
 * stored exactly as signed with an audit entry, in one transaction. An idempotency key returns the
 * credential issued before under that key instead of a second one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { buildAchievementCredential } from '../core/credentials/build-achievement-credential.js';
import type { EvidenceInput, ResultInput } from '../core/credentials/build-parts.js';
import { buildProfile } from '../core/credentials/build-profile.js';
import type { Achievement } from '../core/credentials/types.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import { AppError } from '../errors.js';
import type { Locale } from '../i18n/index.js';
import { notifyJobsQueued } from '../jobs/queue.js';
import { type Achievement as AchievementRow, findAchievement } from '../storage/achievements.repository.js';
import {
  type Credential,
  credentialStatus,
  findCredentialByIdempotencyKey,
  findCredentialsByIdempotencyKeys,
  insertCredential,
} from '../storage/credentials.repository.js';
import { isUniqueViolation } from '../storage/errors.js';
import { findIssuer, type Issuer } from '../storage/issuers.repository.js';
import { insertStatusEntries } from '../storage/status-lists.repository.js';
import type { Database } from '../storage/tables.js';
import { withTransaction } from '../storage/transaction.js';
import { achievementDocument, achievementValidUntil } from './achievements.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoSeconds } from './context.js';
import { emitEvent } from './events.js';
import { issuerDid, loadSigningKey } from './issuers.js';
import { type RecipientInput, resolveLearner } from './learners.js';
import { notifyCredentialIssued, resolveMailLocale } from './mail/notify.js';
import { awardPathwaysAfterIssue } from './pathway-awards.js';
import { signCredential } from './sign-credential.js';
import {
  type AllocatedEntry,
  allocateStatusEntries,
  allocateStatusEntriesFor,
  credentialStatusOf,
} from './status-lists.js';
import { urls } from './urls.js';

export type IssueCredentialInput = {
  achievementId: string;
  recipient: RecipientInput;
  idempotencyKey?: string;
  evidence?: EvidenceInput[];
  results?: ResultInput[];
  narrative?: string;
  validFrom?: string;
  validUntil?: string;
  /** The language of the learner's mail (`en`, `es`); default: the organization's, else English. */
  locale?: string;
  /** False: no "you earned it" e-mail (the claim link can be sent some other way). Default true. */
  notify?: boolean;
};

export type IssuedCredential = {
  row: Credential;
  credential: Record<string, unknown>;
  /** False when an idempotency key returned an earlier credential. */
  created: boolean;
  /** Pathway targets this credential completed, issued in the same transaction (none on a replay). */
  awarded: IssuedCredential[];
};

export type IssueCredentialOptions = {
  /**
   * Called inside the issuing transaction once the credential is stored (not when an idempotency key
   * returns an earlier one, nor for the pathway targets it completes): work that must commit with the
   * credential, or not at all — a batch marks its row issued here.
   */
  onIssued?: (trx: Kysely<Database>, row: Credential) => Promise<void>;
  /** The pathway this credential is awarded for: the learner's e-mail says they completed it. */
  pathwayName?: string;
};

/**
 * The OB 3.0 Achievement as credentials embed it: the stored fields plus its public id, type and image
 * (the same document `/a/{id}` serves).
 */
export function achievementForCredential(ctx: AppContext, row: AchievementRow): Achievement {
  return achievementDocument(ctx, row);
}

/** The issuer as credentials name it: its did:web and its public profile. */
export function issuerProfile(ctx: AppContext, issuer: Issuer) {
  return buildProfile({
    id: issuerDid(ctx.config.publicUrl, issuer.slug),
    name: issuer.name,
    url: issuer.url ?? urls.issuerPage(ctx.config.publicUrl, issuer.slug),
    ...(issuer.email ? { email: issuer.email } : {}),
    ...(issuer.description ? { description: issuer.description } : {}),
    ...(issuer.image_id ? { image: { id: urls.image(ctx.config.publicUrl, issuer.image_id) } } : {}),
  });
}

function parseDate(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError(
      'INVALID_INPUT',
      `${field} must be a date-time with a time zone, e.g. 2026-01-01T00:00:00Z`,
    );
  }
  return new Date(value);
}

function sameRequest(row: Credential, input: IssueCredentialInput): boolean {
  const email = input.recipient.email?.trim().toLowerCase();
  return (
    row.achievement_id === input.achievementId &&
    (email === undefined || row.recipient_email === email) &&
    (input.recipient.did === undefined || row.recipient_did === input.recipient.did)
  );
}

/** Everything issuing reads and reserves before its transaction (no lock is held while it happens). */
export type PreparedIssue = {
  achievement: AchievementRow;
  issuer: Issuer;
  keyPair: KeyPair;
  statusEntries: AllocatedEntry[];
  validFrom: Date;
  validUntil: Date | undefined;
  now: Date;
  publicId: string;
  mailLocale: Locale;
};

/** How many pathway awards may stack on one issuance (a unit completes a course, which completes a diploma, …). */
const MAX_AWARD_DEPTH = 5;

/** Lookups shared by the issuances prepared together (a batch's rows name a few achievements). */
type PrepareCache = {
  achievements: Map<string, Promise<AchievementRow | undefined>>;
  issuers: Map<string, Promise<Issuer | undefined>>;
  keys: Map<string, Promise<KeyPair>>;
  /** The mail language by the locale asked for ('' for none: the organization's). */
  mailLocales: Map<string, Promise<Locale>>;
};

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}

function newPrepareCache(): PrepareCache {
  return { achievements: new Map(), issuers: new Map(), keys: new Map(), mailLocales: new Map() };
}

/** Everything but the status entries: the achievement (active), its issuer and key, the dates. */
async function prepareTarget(
  ctx: AppContext,
  actor: Actor,
  input: IssueCredentialInput,
  cache: PrepareCache,
): Promise<Omit<PreparedIssue, 'statusEntries'>> {
  const achievement = await cached(cache.achievements, input.achievementId, () =>
    findAchievement(ctx.db, actor.organizationId, input.achievementId),
  );
  if (!achievement) {
    throw new AppError('NOT_FOUND', `No achievement ${input.achievementId} in this organization`);
  }
  if (achievement.status !== 'active') {
    throw new AppError(
      'CONFLICT',
      `The achievement "${achievement.name}" is ${achievement.status}; only active achievements are issued`,
    );
  }
  const issuer = await cached(cache.issuers, achievement.issuer_id, () =>
    findIssuer(ctx.db, actor.organizationId, achievement.issuer_id),
  );
  if (!issuer) {
    throw new AppError('INTERNAL', 'The achievement has no issuer');
  }
  const now = ctx.clock();
  const validFrom = parseDate(input.validFrom, 'validFrom') ?? now;
  const validUntil =
    parseDate(input.validUntil, 'validUntil') ?? achievementValidUntil(achievement, validFrom);
  if (validUntil && validUntil <= validFrom) {
    throw new AppError('INVALID_INPUT', 'validUntil must be after validFrom');
  }
  const keyPair = await cached(cache.keys, issuer.id, () => loadSigningKey(ctx, issuer));
  const mailLocale = await cached(cache.mailLocales, input.locale ?? '', () =>
    resolveMailLocale(ctx.db, actor.organizationId, input.locale),
  );
  return { achievement, issuer, keyPair, validFrom, validUntil, now, publicId: randomUUID(), mailLocale };
}

function assertRecipient(input: IssueCredentialInput): void {
  if (!input.recipient.email && !input.recipient.did) {
    throw new AppError('INVALID_INPUT', 'recipient needs an email or a did');
  }
}

async function prepareIssue(
  ctx: AppContext,
  actor: Actor,
  input: IssueCredentialInput,
): Promise<PreparedIssue> {
  const target = await prepareTarget(ctx, actor, input, newPrepareCache());
  return { ...target, statusEntries: await allocateStatusEntries(ctx, target.issuer) };
}

/**
 * Prepares many issuances at once, outside any transaction (a batch's group of rows): each achievement,
 * issuer and key is read once, and each issuer's status entries are claimed in bulk. Each result is the
 * prepared issuance, or the AppError its input breaks (an unknown or archived achievement, bad dates).
 */
export async function prepareIssues(
  ctx: AppContext,
  actor: Actor,
  inputs: readonly IssueCredentialInput[],
): Promise<(PreparedIssue | AppError)[]> {
  const cache = newPrepareCache();
  const targets: (Omit<PreparedIssue, 'statusEntries'> | AppError)[] = [];
  for (const input of inputs) {
    try {
      assertRecipient(input);
      targets.push(await prepareTarget(ctx, actor, input, cache));
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'INTERNAL') {
        throw error;
      }
      targets.push(error);
    }
  }
  const byIssuer = new Map<string, { issuer: Issuer; indexes: number[] }>();
  for (const [index, target] of targets.entries()) {
    if (!(target instanceof AppError)) {
      const group = byIssuer.get(target.issuer.id) ?? { issuer: target.issuer, indexes: [] };
      group.indexes.push(index);
      byIssuer.set(target.issuer.id, group);
    }
  }
  const entries = new Map<number, AllocatedEntry[]>();
  for (const { issuer, indexes } of byIssuer.values()) {
    const allocated = await allocateStatusEntriesFor(ctx, issuer, indexes.length);
    for (const [position, index] of indexes.entries()) {
      entries.set(index, allocated[position] ?? []);
    }
  }
  return targets.map((target, index) =>
    target instanceof AppError ? target : { ...target, statusEntries: entries.get(index) ?? [] },
  );
}

/**
 * The part of issuing that runs inside the transaction: the learner, the signed credential, its row,
 * status entries and audit entry; then the pathways this credential completes are awarded in the same
 * transaction (`awardPathwaysAfterIssue`), each target credential issued through here again.
 */
async function issuePrepared(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: IssueCredentialInput,
  prepared: PreparedIssue,
  depth: number,
  options: IssueCredentialOptions = {},
): Promise<IssuedCredential> {
  const { achievement, issuer, keyPair, statusEntries, validFrom, validUntil, now, publicId, mailLocale } =
    prepared;
  const { learner, email, did } = await resolveLearner(trx, actor.organizationId, input.recipient);
  const unsigned = buildAchievementCredential({
    id: `urn:uuid:${publicId}`,
    issuer: issuerProfile(ctx, issuer),
    validFrom: isoSeconds(validFrom),
    ...(validUntil ? { validUntil: isoSeconds(validUntil) } : {}),
    awardedDate: isoSeconds(validFrom),
    credentialStatus: credentialStatusOf(ctx, statusEntries),
    ...(input.evidence?.length ? { evidence: input.evidence } : {}),
    credentialSubject: {
      recipient: did
        ? { id: did, ...(input.recipient.name ? { name: input.recipient.name } : {}) }
        : {
            email: email as string,
            salt: randomBytes(16).toString('hex'),
            ...(input.recipient.name ? { name: input.recipient.name } : {}),
          },
      achievement: achievementForCredential(ctx, achievement),
      ...(input.results?.length ? { result: input.results } : {}),
      ...(input.narrative ? { narrative: input.narrative } : {}),
    },
  });
  const signed = (await (ctx.signer ?? signCredential)(
    unsigned as unknown as Record<string, unknown>,
    { keyPair, format: 'eddsa-rdfc-2022', created: isoSeconds(now) },
    ctx,
  )) as Record<string, unknown>;
  const document = JSON.stringify(signed);
  const row = await insertCredential(trx, {
    id: publicId,
    organization_id: actor.organizationId,
    issuer_id: issuer.id,
    achievement_id: achievement.id,
    learner_id: learner.id,
    recipient_email: email ?? null,
    recipient_did: did ?? null,
    document,
    awarded_date: validFrom,
    valid_from: validFrom,
    valid_until: validUntil ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    mail_locale: mailLocale,
  });
  await insertStatusEntries(
    trx,
    statusEntries.map((entry) => ({ ...entry, credential_id: publicId, value: 0 })),
  );
  await audit(
    trx,
    actor,
    'credential.issue',
    { type: 'credential', id: publicId },
    { achievementId: achievement.id, learnerId: learner.id },
  );
  // Webhooks: the deliveries commit with the credential (transactional outbox, docs/webhooks.md).
  await emitEvent(
    trx,
    actor.organizationId,
    'credential.issued',
    {
      credentialId: row.id,
      url: urls.credentialPage(ctx.config.publicUrl, row.id),
      achievementId: row.achievement_id,
      issuerId: row.issuer_id,
      learnerId: row.learner_id,
      recipient: { email: row.recipient_email, did: row.recipient_did },
      validFrom: row.valid_from,
      validUntil: row.valid_until,
    },
    { now },
  );
  await options.onIssued?.(trx, row);
  // Pathways: awarded in this transaction, so the target exists the moment its last component does.
  // The target's mail follows this request's choices (silent when this one is, in the same language).
  const inherited = {
    ...(input.notify === false ? { notify: false } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
  };
  const { awarded, progressed } =
    depth < MAX_AWARD_DEPTH
      ? await awardPathwaysAfterIssue(ctx, trx, actor, row, (targetInput, targetOptions) =>
          issueInTransaction(ctx, trx, actor, { ...targetInput, ...inherited }, depth + 1, targetOptions),
        )
      : { awarded: [], progressed: [] };
  // The learner's e-mail (with its claim link, and how far it took them along their pathways) commits
  // with the credential too (docs/mail.md).
  if (input.notify !== false) {
    await notifyCredentialIssued(ctx, trx, row, {
      achievement,
      issuerName: issuer.name,
      learnerName: input.recipient.name ?? learner.name ?? null,
      ...(options.pathwayName ? { pathwayName: options.pathwayName } : {}),
      progressed,
    });
  }
  return { row, credential: signed, created: true, awarded };
}

/**
 * Issues inside a transaction the caller owns (a pathway's target credential, awarded with the component
 * that completes it). Reads and reserves through `trx` too: on SQLite the outer connection is the one
 * the transaction holds.
 */
export async function issueInTransaction(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: IssueCredentialInput,
  depth = 0,
  options: IssueCredentialOptions = {},
): Promise<IssuedCredential> {
  const prepared = await prepareIssue({ ...ctx, db: trx }, actor, input);
  return await issuePrepared(ctx, trx, actor, input, prepared, depth, options);
}

/**
 * Issues a credential prepared by `prepareIssues` inside the caller's transaction (a batch stores a group
 * of rows in one). The caller looks for an earlier issuance under the idempotency key first
 * (`earlierIssue`) and wakes the job queue after committing (`notifyJobsQueued`).
 */
export async function issuePreparedInTransaction(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  input: IssueCredentialInput,
  prepared: PreparedIssue,
  options: IssueCredentialOptions = {},
): Promise<IssuedCredential> {
  return await issuePrepared(ctx, trx, actor, input, prepared, 0, options);
}

/**
 * The credential issued before under the input's idempotency key, if any. Throws
 * IDEMPOTENCY_KEY_REUSED when that credential answered another request.
 */
export async function earlierIssue(
  db: Kysely<Database>,
  organizationId: string,
  input: IssueCredentialInput,
): Promise<IssuedCredential | undefined> {
  if (!input.idempotencyKey) {
    return undefined;
  }
  const earlier = await findCredentialByIdempotencyKey(db, organizationId, input.idempotencyKey);
  return earlier ? replay(earlier, input) : undefined;
}

/**
 * The earlier issuances of many inputs in one query (a batch's group), by input index: each the
 * credential issued before under its key, or the IDEMPOTENCY_KEY_REUSED error when it answered another
 * request. Inputs without a key, or whose key is new, are absent.
 */
export async function earlierIssues(
  db: Kysely<Database>,
  organizationId: string,
  inputs: readonly IssueCredentialInput[],
): Promise<Map<number, IssuedCredential | AppError>> {
  const keys = inputs.flatMap((input) => (input.idempotencyKey ? [input.idempotencyKey] : []));
  const found = await findCredentialsByIdempotencyKeys(db, organizationId, keys);
  const result = new Map<number, IssuedCredential | AppError>();
  for (const [index, input] of inputs.entries()) {
    const earlier = input.idempotencyKey ? found.get(input.idempotencyKey) : undefined;
    if (earlier) {
      try {
        result.set(index, replay(earlier, input));
      } catch (error) {
        result.set(index, error as AppError);
      }
    }
  }
  return result;
}

/** PostgreSQL's deadlock and serialization failures: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Throws NOT_FOUND (achievement), INVALID_INPUT (recipient, dates, evidence), CONFLICT (an archived or
 * draft achievement), IDEMPOTENCY_KEY_REUSED (the key named a different request).
 *
 * The result's `awarded` lists the pathway targets this credential completed (issued in the same
 * transaction).
 */
export async function issueCredential(
  ctx: AppContext,
  actor: Actor,
  input: IssueCredentialInput,
  options: IssueCredentialOptions = {},
): Promise<IssuedCredential> {
  assertRecipient(input);
  const earlier = await earlierIssue(ctx.db, actor.organizationId, input);
  if (earlier) {
    return earlier;
  }
  const prepared = await prepareIssue(ctx, actor, input);
  for (let attempt = 1; ; attempt++) {
    try {
      const issued = await withTransaction(ctx.db, (trx) =>
        issuePrepared(ctx, trx, actor, input, prepared, 0, options),
      );
      // Its e-mail and webhooks are committed: this process's workers start on them now.
      notifyJobsQueued();
      return issued;
    } catch (error) {
      // Two requests with one idempotency key at the same moment: the loser returns the winner's credential.
      if (isUniqueViolation(error)) {
        const winner = await earlierIssue(ctx.db, actor.organizationId, input);
        if (winner) {
          return winner;
        }
      }
      // Awards lock a learner's enrollment and take status-list slots inside the transaction; PostgreSQL
      // may pick this transaction as a deadlock's victim. Nothing outside the database happened: run it again.
      if (isRetryable(error) && attempt < 3) {
        continue;
      }
      throw error;
    }
  }
}

function replay(row: Credential, input: IssueCredentialInput): IssuedCredential {
  if (!sameRequest(row, input)) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      `The idempotency key "${input.idempotencyKey}" was used for another credential`,
    );
  }
  return {
    row,
    credential: JSON.parse(row.document) as Record<string, unknown>,
    created: false,
    awarded: [],
  };
}

/** What the API answers for a credential: DESIGN §7's shape. */
export function presentCredential(ctx: AppContext, row: Credential) {
  return {
    id: row.id,
    url: urls.credentialPage(ctx.config.publicUrl, row.id),
    status: credentialStatus(row, ctx.clock()),
    achievementId: row.achievement_id,
    issuerId: row.issuer_id,
    learnerId: row.learner_id,
    recipient: { email: row.recipient_email, did: row.recipient_did },
    awardedDate: row.awarded_date,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    statusReason: row.status_reason,
    issuedAt: row.created_at,
    credential: JSON.parse(row.document) as Record<string, unknown>,
  };
}
