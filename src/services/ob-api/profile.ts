/**
 * The learner's Open Badges 3.0 `Profile` (getProfile, putProfile), mapped onto the account: `name` is
 * the display name (the one field a client may change), `email` and `otherIdentifier` list the verified
 * e-mail addresses and DIDs (verified identities change only through the wallet's own proofs, never
 * through this API), `id` is the DID the learner chose, or another verified DID, or a stable URN.
 */
import {
  type LearnerAccount,
  listAccountIdentities,
  updateLearnerAccount,
} from '../../storage/learner-accounts.repository.js';
import type { AppContext } from '../context.js';
import { ImsxError } from './oauth-error.js';

const CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];
const MAX_NAME = 200;

export type ObProfile = Record<string, unknown> & { id: string; type: string[] };

export async function learnerProfile(ctx: AppContext, account: LearnerAccount): Promise<ObProfile> {
  const identities = await listAccountIdentities(ctx.db, account.id);
  const emails = identities.filter((identity) => identity.type === 'email').map((identity) => identity.value);
  const dids = identities.filter((identity) => identity.type === 'did').map((identity) => identity.value);
  const id = account.subject_did ?? dids[0] ?? `urn:cairn:learner:${account.id}`;
  return {
    '@context': CONTEXT,
    id,
    type: ['Profile'],
    ...(account.display_name ? { name: account.display_name } : {}),
    ...(emails[0] ? { email: emails[0] } : {}),
    ...(account.handle && account.portfolio_public
      ? { url: `${ctx.config.publicUrl}/u/${account.handle}` }
      : {}),
    otherIdentifier: [
      ...emails.map((email) => ({
        type: 'IdentifierEntry',
        identifier: email,
        identifierType: 'emailAddress',
      })),
      ...dids.map((did) => ({ type: 'IdentifierEntry', identifier: did, identifierType: 'identifier' })),
    ],
  };
}

/** putProfile: a full Profile; its `name` becomes the display name (absent: none). */
export async function replaceLearnerProfile(
  ctx: AppContext,
  account: LearnerAccount,
  body: unknown,
): Promise<ObProfile> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ImsxError(400, 'invalid_data', 'Send the Profile as a JSON object');
  }
  const profile = body as Record<string, unknown>;
  const type = profile.type;
  const types = Array.isArray(type) ? type : [type];
  if (!types.includes('Profile')) {
    throw new ImsxError(400, 'invalid_data', "A Profile's type must include Profile");
  }
  const name = profile.name;
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME)) {
    throw new ImsxError(400, 'invalid_data', `name must be text of at most ${MAX_NAME} characters`);
  }
  const displayName = typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
  const updated = await updateLearnerAccount(ctx.db, account.id, { display_name: displayName });
  return await learnerProfile(ctx, updated ?? account);
}
