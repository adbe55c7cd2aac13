import type { Kysely, Selectable } from 'kysely';
import { normalizeEmail, nowTimestamp, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import type { Database, Timestamp, UserTable } from './tables.js';

/**
 * People who sign in to the console. Users are not tenant-owned: one user can belong to several
 * organizations (see memberships). E-mail addresses are stored and looked up normalized
 * (`normalizeEmail`), so `Ada@Example.org` and `ada@example.org` are one user.
 */
export type User = Selectable<UserTable>;

export type NewUser = {
  id?: string;
  email: string;
  password_hash: string;
  name: string;
  created_at?: Timestamp;
};

/** Fails with a unique violation (see `isUniqueViolation`) when the e-mail address is taken. */
export async function insertUser(db: Kysely<Database>, values: NewUser): Promise<User> {
  return await db
    .insertInto('users')
    .values({
      id: values.id ?? newId(),
      email: normalizeEmail(values.email),
      password_hash: values.password_hash,
      name: values.name,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUser(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

export type UserPatch = { email?: string; password_hash?: string; name?: string };

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  patch: UserPatch,
): Promise<User | undefined> {
  const values = patch.email === undefined ? patch : { ...patch, email: normalizeEmail(patch.email) };
  if (Object.keys(values).length === 0) {
    return await findUser(db, id);
  }
  return await db.updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}
