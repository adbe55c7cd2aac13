/**
 * A learner is one person in an organization, known by several identifiers (e-mails, DIDs, external
 * ids). Issuing finds the learner by any identifier given and records the new ones, so credentials
 * follow the person, not one address.
 */
import type { Kysely } from 'kysely';
import { findSubjectDidForEmail } from '../storage/learner-accounts.repository.js';
import {
  findLearnerByIdentifier,
  insertLearner,
  insertLearnerIdentifier,
  type Learner,
  type LearnerIdentifier,
  listLearnerIdentifiers,
  updateLearnerName,
} from '../storage/learners.repository.js';
import type { Database, LearnerIdentifierType } from '../storage/tables.js';

export type RecipientInput = { email?: string; did?: string; name?: string; externalId?: string };

export type ResolvedLearner = { learner: Learner; email: string | undefined; did: string | undefined };

/** Finds (or creates) the learner; call inside the issuing transaction. */
export async function resolveLearner(
  db: Kysely<Database>,
  organizationId: string,
  recipient: RecipientInput,
): Promise<ResolvedLearner> {
  const given: GivenIdentifier[] = [];
  if (recipient.did) {
    given.push({ type: 'did', value: recipient.did });
  }
  if (recipient.email) {
    given.push({ type: 'email', value: recipient.email });
  }
  if (recipient.externalId) {
    given.push({ type: 'external', value: recipient.externalId });
  }
  let learner: Learner | undefined;
  for (const identifier of given) {
    learner = await findLearnerByIdentifier(db, organizationId, identifier.type, identifier.value);
    if (learner) {
      break;
    }
  }
  const identifiers = learner
    ? await addIdentifiers(db, organizationId, learner, given)
    : await newLearner(db, organizationId, recipient, given);
  learner = identifiers.learner;
  if (recipient.name && !learner.name) {
    learner = (await updateLearnerName(db, organizationId, learner.id, recipient.name)) ?? learner;
  }
  const email = recipient.email ?? identifiers.all.find((entry) => entry.type === 'email')?.value;
  // Who the credential names, first found wins: the DID the issuer's request gives; the DID the learner
  // proved in their wallet account and chose for the address it is sent to (docs/learners.md); a DID the
  // learner was given under before in this organization.
  const chosen =
    recipient.did === undefined && email !== undefined ? await findSubjectDidForEmail(db, email) : undefined;
  const did = recipient.did ?? chosen ?? identifiers.all.find((entry) => entry.type === 'did')?.value;
  return { learner, email, did };
}

type GivenIdentifier = { type: LearnerIdentifierType; value: string };
type LearnerWithIdentifiers = { learner: Learner; all: LearnerIdentifier[] };

/** Nobody holds any of the identifiers (each was just looked up): a new learner known by all of them. */
async function newLearner(
  db: Kysely<Database>,
  organizationId: string,
  recipient: RecipientInput,
  given: readonly GivenIdentifier[],
): Promise<LearnerWithIdentifiers> {
  const learner = await insertLearner(db, { organization_id: organizationId, name: recipient.name ?? null });
  const all: LearnerIdentifier[] = [];
  for (const identifier of given) {
    all.push(
      await insertLearnerIdentifier(db, {
        organization_id: organizationId,
        learner_id: learner.id,
        type: identifier.type,
        value: identifier.value,
      }),
    );
  }
  return { learner, all };
}

/** A known learner: the identifiers given that nobody holds yet become theirs too. */
async function addIdentifiers(
  db: Kysely<Database>,
  organizationId: string,
  learner: Learner,
  given: readonly GivenIdentifier[],
): Promise<LearnerWithIdentifiers> {
  const known = await listLearnerIdentifiers(db, organizationId, learner.id);
  let added = false;
  for (const identifier of given) {
    const normalized = identifier.type === 'email' ? identifier.value.trim().toLowerCase() : identifier.value;
    if (!known.some((entry) => entry.type === identifier.type && entry.value === normalized)) {
      // Another learner may hold this identifier already: then it stays theirs (merging is the learner's
      // own, proven act), and this learner is known by what else was given.
      const holder = await findLearnerByIdentifier(db, organizationId, identifier.type, identifier.value);
      if (!holder) {
        await insertLearnerIdentifier(db, {
          organization_id: organizationId,
          learner_id: learner.id,
          type: identifier.type,
          value: identifier.value,
        });
        added = true;
      }
    }
  }
  return { learner, all: added ? await listLearnerIdentifiers(db, organizationId, learner.id) : known };
}
