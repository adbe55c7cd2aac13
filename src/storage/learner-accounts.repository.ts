/**
 * Learner accounts and their verified identities. Not tenant-owned: an account spans organizations, so
 * these functions take an account id (or an identity's value) instead of an organization id.
 */
import type { Kysely, Selectable } from 'kysely';
import { fromDbBoolean, normalizeEmail, nowTimestamp, toDbBoolean } from './codec.js';
import { newId } from './ids.js';
import type {
  AccountIdentityType,
  Database,
  LearnerAccountIdentityTable,
  LearnerAccountTable,
} from './tables.js';

export type LearnerAccount = Omit<
  Selectable<LearnerAccountTable>,
  'portfolio_public' | 'portfolio_pathways'
> & {
  portfolio_public: boolean;
  portfolio_pathways: boolean;
};

export type AccountIdentity = Selectable<LearnerAccountIdentityTable>;

function toAccount(row: Selectable<LearnerAccountTable>): LearnerAccount {
  return {
    ...row,
    portfolio_public: fromDbBoolean(row.portfolio_public),
    portfolio_pathways: fromDbBoolean(row.portfolio_pathways),
  };
}

/** The stored form of an identity: e-mail addresses normalized, DIDs trimmed. */
export function normalizeAccountIdentity(type: AccountIdentityType, value: string): string {
  return type === 'email' ? normalizeEmail(value) : value.trim();
}

export async function insertLearnerAccount(
  db: Kysely<Database>,
  values: { id?: string; display_name?: string | null; password_hash?: string | null },
): Promise<LearnerAccount> {
  const now = nowTimestamp();
  const row = await db
    .insertInto('learner_accounts')
    .values({
      id: values.id ?? newId(),
      handle: null,
      display_name: values.display_name ?? null,
      password_hash: values.password_hash ?? null,
      subject_did: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function findLearnerAccount(
  db: Kysely<Database>,
  id: string,
): Promise<LearnerAccount | undefined> {
  const row = await db.selectFrom('learner_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

/** For `/u/{handle}`: the account behind a handle, whether or not its portfolio is public (the caller decides). */
export async function findLearnerAccountByHandle(
  db: Kysely<Database>,
  handle: string,
): Promise<LearnerAccount | undefined> {
  const row = await db
    .selectFrom('learner_accounts')
    .selectAll()
    .where('handle', '=', handle.toLowerCase())
    .executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

export type AccountChanges = {
  handle?: string | null;
  display_name?: string | null;
  password_hash?: string | null;
  subject_did?: string | null;
  portfolio_public?: boolean;
  portfolio_pathways?: boolean;
};

/** Fails with a unique violation when the handle is taken. */
export async function updateLearnerAccount(
  db: Kysely<Database>,
  id: string,
  changes: AccountChanges,
): Promise<LearnerAccount | undefined> {
  const { portfolio_public, portfolio_pathways, ...rest } = changes;
  const row = await db
    .updateTable('learner_accounts')
    .set({
      ...rest,
      ...(portfolio_public === undefined ? {} : { portfolio_public: toDbBoolean(portfolio_public) }),
      ...(portfolio_pathways === undefined ? {} : { portfolio_pathways: toDbBoolean(portfolio_pathways) }),
      updated_at: nowTimestamp(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toAccount(row);
}

/** Removes the account; its identities, tokens, sessions and imports go with it (cascade). */
export async function deleteLearnerAccount(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('learner_accounts').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Fails with a unique violation when another account (or this one) holds the identity already. */
export async function insertAccountIdentity(
  db: Kysely<Database>,
  values: { account_id: string; type: AccountIdentityType; value: string; verified_at: string },
): Promise<AccountIdentity> {
  return await db
    .insertInto('learner_account_identities')
    .values({
      id: newId(),
      account_id: values.account_id,
      type: values.type,
      value: normalizeAccountIdentity(values.type, values.value),
      verified_at: values.verified_at,
      created_at: nowTimestamp(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The account holding this verified identity, if any. */
export async function findAccountIdentity(
  db: Kysely<Database>,
  type: AccountIdentityType,
  value: string,
): Promise<AccountIdentity | undefined> {
  return await db
    .selectFrom('learner_account_identities')
    .selectAll()
    .where('type', '=', type)
    .where('value', '=', normalizeAccountIdentity(type, value))
    .executeTakeFirst();
}

export async function listAccountIdentities(
  db: Kysely<Database>,
  accountId: string,
): Promise<AccountIdentity[]> {
  return await db
    .selectFrom('learner_account_identities')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deleteAccountIdentity(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('learner_account_identities')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Moves every identity and import of `fromId` to `toId` (a merge). */
export async function moveAccountBelongings(
  db: Kysely<Database>,
  fromId: string,
  toId: string,
): Promise<void> {
  await db
    .updateTable('learner_account_identities')
    .set({ account_id: toId })
    .where('account_id', '=', fromId)
    .execute();
  await db.updateTable('wallet_imports').set({ account_id: toId }).where('account_id', '=', fromId).execute();
}

/**
 * For issuing, in any organization: the DID the account holding this verified e-mail address chose to be
 * named by (docs/learners.md, "A DID of your own"). Deliberately unscoped: accounts span organizations.
 */
export async function findSubjectDidForEmail(
  db: Kysely<Database>,
  email: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('learner_account_identities')
    .innerJoin('learner_accounts', 'learner_accounts.id', 'learner_account_identities.account_id')
    .select('learner_accounts.subject_did')
    .where('learner_account_identities.type', '=', 'email')
    .where('learner_account_identities.value', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row?.subject_did ?? undefined;
}
