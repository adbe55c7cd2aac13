/**
 * The credentials of a learner account: every credential, in any organization, whose recipient is one
 * of the account's verified identities (its e-mail addresses and DIDs). Found by recipient, not stored
 * as links, so a credential issued before an identity was added joins the wallet the moment it is, and
 * removing an identity (or the account) removes nothing of the issuer's.
 */
import type { Kysely } from 'kysely';
import type { Credential } from './credentials.repository.js';
import { afterCursor } from './pagination.js';
import type { CredentialVisibility, Database } from './tables.js';

export type AccountRecipients = { emails: string[]; dids: string[] };

/**
 * The account's credentials, newest first (issued credentials only; imports are separate). With
 * `after` (a cursor, see pagination.ts) only those after it; with `limit`, at most that many.
 */
export async function listAccountCredentials(
  db: Kysely<Database>,
  recipients: AccountRecipients,
  range: { after?: string; limit?: number } = {},
): Promise<Credential[]> {
  if (recipients.emails.length === 0 && recipients.dids.length === 0) {
    return [];
  }
  let query = db
    .selectFrom('credentials')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(recipients.emails.length > 0 ? [eb('recipient_email', 'in', recipients.emails)] : []),
        ...(recipients.dids.length > 0 ? [eb('recipient_did', 'in', recipients.dids)] : []),
      ]),
    );
  if (range.after !== undefined) {
    query = query.where(afterCursor('credentials', range.after));
  }
  query = query.orderBy('created_at', 'desc').orderBy('id', 'desc');
  return await (range.limit !== undefined ? query.limit(range.limit) : query).execute();
}

/** Sets a credential's visibility (the caller has checked it is the account's). */
export async function setCredentialVisibility(
  db: Kysely<Database>,
  credentialId: string,
  visibility: CredentialVisibility,
): Promise<void> {
  // updated_at moves too: the public page's ETag follows it, so a cached copy is not served after a change.
  await db
    .updateTable('credentials')
    .set({ visibility, updated_at: new Date().toISOString() })
    .where('id', '=', credentialId)
    .execute();
}
