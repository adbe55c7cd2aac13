import type { Kysely, Selectable } from 'kysely';
import { fromDbBoolean, normalizeEmail, nowTimestamp, toDbBoolean, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type {
  Database,
  LearnerIdentifierTable,
  LearnerIdentifierType,
  LearnerTable,
  Timestamp,
} from './tables.js';

/** A person an organization awards credentials to, known by one or more identifiers. */
export type Learner = Selectable<LearnerTable>;

/** An e-mail address, DID or external id that names a learner within one organization. */
export type LearnerIdentifier = Omit<Selectable<LearnerIdentifierTable>, 'verified'> & { verified: boolean };

export type NewLearner = {
  id?: string;
  organization_id: string;
  name?: string | null;
  created_at?: Timestamp;
};

export async function insertLearner(db: Kysely<Database>, values: NewLearner): Promise<Learner> {
  return await db
    .insertInto('learners')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      name: values.name ?? null,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findLearner(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<Learner | undefined> {
  return await db
    .selectFrom('learners')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organization's learners, newest first, one page at a time. */
export async function listLearners(
  db: Kysely<Database>,
  organizationId: string,
  page: PageRequest = {},
): Promise<Page<Learner>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('learners').selectAll().where('organization_id', '=', organizationId);
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('learners', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit);
}

export async function updateLearnerName(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  name: string | null,
): Promise<Learner | undefined> {
  return await db
    .updateTable('learners')
    .set({ name })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The one stored form of an identifier: e-mail addresses normalized (`normalizeEmail`), others trimmed. */
export function normalizeIdentifier(type: LearnerIdentifierType, value: string): string {
  return type === 'email' ? normalizeEmail(value) : value.trim();
}

export type NewLearnerIdentifier = {
  id?: string;
  organization_id: string;
  learner_id: string;
  type: LearnerIdentifierType;
  value: string;
  verified?: boolean;
  created_at?: Timestamp;
};

/**
 * Fails with a unique violation when the organization already has this identifier (on this or another
 * learner), and with a foreign-key violation when the learner is not the organization's.
 */
export async function insertLearnerIdentifier(
  db: Kysely<Database>,
  values: NewLearnerIdentifier,
): Promise<LearnerIdentifier> {
  const row = await db
    .insertInto('learner_identifiers')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      learner_id: values.learner_id,
      type: values.type,
      value: normalizeIdentifier(values.type, values.value),
      verified: toDbBoolean(values.verified ?? false),
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIdentifier(row);
}

export async function findLearnerIdentifier(
  db: Kysely<Database>,
  organizationId: string,
  type: LearnerIdentifierType,
  value: string,
): Promise<LearnerIdentifier | undefined> {
  const row = await db
    .selectFrom('learner_identifiers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('type', '=', type)
    .where('value', '=', normalizeIdentifier(type, value))
    .executeTakeFirst();
  return row === undefined ? undefined : toIdentifier(row);
}

/** The learner this identifier names in the organization. */
export async function findLearnerByIdentifier(
  db: Kysely<Database>,
  organizationId: string,
  type: LearnerIdentifierType,
  value: string,
): Promise<Learner | undefined> {
  return await db
    .selectFrom('learner_identifiers')
    .innerJoin('learners', (join) =>
      join
        .onRef('learners.id', '=', 'learner_identifiers.learner_id')
        .onRef('learners.organization_id', '=', 'learner_identifiers.organization_id'),
    )
    .selectAll('learners')
    .where('learner_identifiers.organization_id', '=', organizationId)
    .where('learner_identifiers.type', '=', type)
    .where('learner_identifiers.value', '=', normalizeIdentifier(type, value))
    .executeTakeFirst();
}

/** The learner's identifiers, oldest first. */
export async function listLearnerIdentifiers(
  db: Kysely<Database>,
  organizationId: string,
  learnerId: string,
): Promise<LearnerIdentifier[]> {
  const rows = await db
    .selectFrom('learner_identifiers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toIdentifier);
}

export async function setLearnerIdentifierVerified(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  verified: boolean,
): Promise<LearnerIdentifier | undefined> {
  const row = await db
    .updateTable('learner_identifiers')
    .set({ verified: toDbBoolean(verified) })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toIdentifier(row);
}

function toIdentifier(row: Selectable<LearnerIdentifierTable>): LearnerIdentifier {
  return { ...row, verified: fromDbBoolean(row.verified) };
}
