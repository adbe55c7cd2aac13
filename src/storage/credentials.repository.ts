import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../errors.js';
import { normalizeEmail, nowTimestamp, toTimestamp } from './codec.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { CredentialTable, Database, StoredCredentialStatus, Timestamp } from './tables.js';

/**
 * An issued credential. `document` is the credential exactly as signed (JSON text, byte for byte): parse
 * it to read it, never re-serialize it to store or serve it.
 */
export type Credential = Selectable<CredentialTable>;

/** The status a caller sees: the stored one, or `expired` once `valid_until` has passed. */
export type CredentialStatus = StoredCredentialStatus | 'expired';
export const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['active', 'revoked', 'suspended', 'expired'];

export type NewCredential = {
  /** The credential's public id, chosen by the issuing service (it is inside the signed document). */
  id: string;
  organization_id: string;
  issuer_id: string;
  achievement_id: string;
  learner_id: string;
  recipient_email?: string | null;
  recipient_did?: string | null;
  status?: StoredCredentialStatus;
  /** The signed credential, as the exact text to store and serve. */
  document: string;
  awarded_date: Timestamp | Date;
  valid_from: Timestamp | Date;
  valid_until?: Timestamp | Date | null;
  idempotency_key?: string | null;
  /** The language of the learner's mail about it (`en`, `es`). */
  mail_locale?: string | null;
  created_at?: Timestamp;
};

/**
 * Stores an issued credential. Timestamps are stored in canonical form (`toTimestamp`) for querying; the
 * document keeps whatever form was signed.
 *
 * Fails with a unique violation (see `isUniqueViolation`) when the organization already has a credential
 * with this idempotency key (read it with `findCredentialByIdempotencyKey`) or this id, and with a
 * foreign-key violation when the issuer, achievement or learner is not the organization's.
 */
export async function insertCredential(db: Kysely<Database>, values: NewCredential): Promise<Credential> {
  const now = values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at);
  return await db
    .insertInto('credentials')
    .values({
      id: values.id,
      organization_id: values.organization_id,
      issuer_id: values.issuer_id,
      achievement_id: values.achievement_id,
      learner_id: values.learner_id,
      recipient_email: values.recipient_email == null ? null : normalizeEmail(values.recipient_email),
      recipient_did: values.recipient_did ?? null,
      status: values.status ?? 'active',
      status_reason: null,
      document: values.document,
      awarded_date: toTimestamp(values.awarded_date),
      valid_from: toTimestamp(values.valid_from),
      valid_until: values.valid_until == null ? null : toTimestamp(values.valid_until),
      idempotency_key: values.idempotency_key ?? null,
      mail_locale: values.mail_locale ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCredential(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Credential | undefined> {
  return await db
    .selectFrom('credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Public lookup by id, whatever the organization: for `/c/{id}`, which shows a credential to anyone who
 * has its link (the id is unguessable and the credential is the learner's to share) — unless the learner
 * made it private: then it does not exist for the public (docs/learners.md).
 */
export async function findPublicCredential(
  db: Kysely<Database>,
  id: string,
): Promise<Credential | undefined> {
  return await db
    .selectFrom('credentials')
    .selectAll()
    .where('id', '=', id)
    .where('visibility', '!=', 'private')
    .executeTakeFirst();
}

export async function findCredentialByIdempotencyKey(
  db: Kysely<Database>,
  organizationId: string,
  idempotencyKey: string,
): Promise<Credential | undefined> {
  return await db
    .selectFrom('credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** The credentials issued under any of `keys` (one query), by idempotency key. */
export async function findCredentialsByIdempotencyKeys(
  db: Kysely<Database>,
  organizationId: string,
  keys: readonly string[],
): Promise<Map<string, Credential>> {
  if (keys.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('idempotency_key', 'in', keys)
    .execute();
  return new Map(rows.map((row) => [row.idempotency_key as string, row]));
}

export type CredentialFilters = {
  /** The recipient's e-mail address (compared normalized). */
  email?: string;
  achievementId?: string;
  learnerId?: string;
  /** `expired` and `active` are told apart by `valid_until` against `now`. */
  status?: CredentialStatus;
  /** Issued (stored) at or after this moment. */
  issuedAfter?: Timestamp | Date;
  /** Issued (stored) strictly before this moment. */
  issuedBefore?: Timestamp | Date;
  /** The moment `expired` is judged at (default: now). */
  now?: Timestamp | Date;
};

/**
 * The organization's credentials matching every given filter, newest first (by the time Cairn issued
 * them), one page at a time.
 *
 * Fails with INVALID_INPUT for a cursor not made by a previous page, or a filter date that is not a date.
 */
export async function listCredentials(
  db: Kysely<Database>,
  organizationId: string,
  filters: CredentialFilters = {},
  page: PageRequest = {},
): Promise<Page<Credential>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('credentials').selectAll().where('organization_id', '=', organizationId);
  if (filters.email !== undefined) {
    query = query.where('recipient_email', '=', normalizeEmail(filters.email));
  }
  if (filters.achievementId !== undefined) {
    query = query.where('achievement_id', '=', filters.achievementId);
  }
  if (filters.learnerId !== undefined) {
    query = query.where('learner_id', '=', filters.learnerId);
  }
  if (filters.issuedAfter !== undefined) {
    query = query.where('created_at', '>=', toTimestamp(filters.issuedAfter));
  }
  if (filters.issuedBefore !== undefined) {
    query = query.where('created_at', '<', toTimestamp(filters.issuedBefore));
  }
  const status = filters.status;
  if (status !== undefined) {
    const now = toTimestamp(filters.now ?? new Date());
    if (status === 'expired') {
      query = query.where('status', '=', 'active').where('valid_until', '<=', now);
    } else if (status === 'active') {
      query = query
        .where('status', '=', 'active')
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]));
    } else if (status === 'revoked' || status === 'suspended') {
      query = query.where('status', '=', status);
    } else {
      throw new AppError('INVALID_INPUT', `Unknown credential status: ${String(status)}`);
    }
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('credentials', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit);
}

/**
 * Sets the stored status (revoke, suspend, unsuspend) with an optional reason, and `updated_at`.
 * Undefined when the organization has no such credential. Whether the change is allowed (a revoked
 * credential stays revoked) is the service's rule, not the repository's.
 */
export async function updateCredentialStatus(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  status: StoredCredentialStatus,
  options: { reason?: string | null; now?: Timestamp | Date } = {},
): Promise<Credential | undefined> {
  return await db
    .updateTable('credentials')
    .set({
      status,
      status_reason: options.reason ?? null,
      updated_at: toTimestamp(options.now ?? new Date()),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** What a caller sees: `expired` for an active credential whose `valid_until` is at or before `now`. */
export function credentialStatus(
  credential: Pick<Credential, 'status' | 'valid_until'>,
  now: Timestamp | Date = new Date(),
): CredentialStatus {
  if (
    credential.status === 'active' &&
    credential.valid_until !== null &&
    credential.valid_until <= toTimestamp(now)
  ) {
    return 'expired';
  }
  return credential.status;
}
