/**
 * Builds an unsigned CLR 2.0 ClrCredential: a learner's record bundling their signed
 * OpenBadgeCredentials with the achievements involved and how those achievements relate (e.g. the
 * micro-credentials that make up a certificate).
 */
import { assertSignableTerms, assertValidCredential } from './build-checks.js';
import {
  buildImage,
  buildRecipient,
  cloneJson,
  invalid,
  mapList,
  optionalText,
  type RecipientInput,
  requireText,
  requireUri,
  withoutEmpty,
} from './build-parts.js';
import type { Association, ClrCredential, ClrSubject } from './clr-types.js';
import { CLR_CREDENTIAL_CONTEXT } from './constants.js';
import { buildCommonParts, type CommonCredentialInput, contextFor } from './credential-parts.js';
import type { Achievement, AchievementCredential, EndorsementCredential } from './types.js';
import { ASSOCIATION_TYPES, type AssociationType } from './vocabulary.js';

export type AssociationInput = {
  associationType: AssociationType;
  /** Id of the source achievement (for `isPartOf`: the component). */
  sourceId: string;
  /** Id of the target achievement (for `isPartOf`: the pathway / larger credential). */
  targetId: string;
};

export type ClrCredentialInput = CommonCredentialInput & {
  /** Required by CLR 2.0, e.g. "Ada Lovelace — Cloud Engineering record". */
  name: string;
  /** True when the record does not include all of the learner's assertions. */
  partial?: boolean;
  credentialSubject: {
    /** The learner: `{ id }` (DID or URL) or `{ email, salt }` (hashed), optionally with `name`. */
    recipient: RecipientInput;
    /** The learner's signed OpenBadgeCredentials (at least one), embedded as they are. */
    verifiableCredential: readonly AchievementCredential[];
    /** Achievement definitions involved, including ones not (yet) awarded, e.g. the pathway itself. */
    achievement?: readonly Achievement[];
    /** How the achievements relate, e.g. `{ associationType: 'isPartOf', sourceId: component, targetId: pathway }`. */
    association?: readonly AssociationInput[];
  };
  /** Endorsements of this CLR: complete EndorsementCredentials, signed by their issuers. */
  endorsement?: readonly EndorsementCredential[];
};

function buildAssociation(input: AssociationInput, field: string): Association {
  if (!(ASSOCIATION_TYPES as readonly string[]).includes(input.associationType)) {
    invalid(`${field}.associationType`, `must be one of: ${ASSOCIATION_TYPES.join(', ')}`);
  }
  return {
    type: 'Association',
    associationType: input.associationType,
    sourceId: requireUri(input.sourceId, `${field}.sourceId`),
    targetId: requireUri(input.targetId, `${field}.targetId`),
  };
}

/**
 * Builds an unsigned ClrCredential:
 * - `@context`: VCDM 2.0, CLR 2.0.1, OB 3.0.3 (that order), plus OB `extensions.json` when a 1EdTech
 *   credentialSchema, credentialStatus or refreshService type is used;
 * - `type: ["VerifiableCredential", "ClrCredential"]`;
 * - subject `{ type: ["ClrSubject"], id | identifier, verifiableCredential[], achievement[], association[] }`.
 *
 * Pathways: put the pathway Achievement and its components in `achievement`, link each component to
 * the pathway with `isPartOf` (component → pathway), order steps with `precedes`, and embed the earned
 * credentials in `verifiableCredential`. Embedded credentials are copied unchanged (they are signed).
 *
 * @throws AppError INVALID_INPUT when `name` is blank, `verifiableCredential` is empty, an association
 *   type is unknown, an id is not an absolute URI, a date has no timezone, or the result does not pass
 *   the CLR 2.0 schema (embedded OB credentials are checked with the OB JSON-LD schema).
 * @see https://www.imsglobal.org/spec/clr/v2p0/#clrcredential
 * @example
 *   const clr = buildClrCredential({
 *     id: 'urn:uuid:7d2c9e4f-1b3a-4c5d-8e6f-0a1b2c3d4e5f',
 *     name: 'Cloud Engineering record',
 *     issuer,
 *     validFrom: '2026-11-28T10:00:00Z',
 *     credentialSubject: {
 *       recipient: { id: 'did:key:z6Mk…' },
 *       verifiableCredential: [signedGitBadge, signedDockerBadge],
 *       achievement: [pathway, gitAchievement, dockerAchievement],
 *       association: [
 *         { associationType: 'isPartOf', sourceId: gitAchievement.id, targetId: pathway.id },
 *         { associationType: 'isPartOf', sourceId: dockerAchievement.id, targetId: pathway.id },
 *       ],
 *     },
 *   });
 */
export function buildClrCredential(input: ClrCredentialInput): ClrCredential {
  const common = buildCommonParts(input);
  const subjectInput = input.credentialSubject;
  if (subjectInput === null || typeof subjectInput !== 'object') {
    invalid('credentialSubject', 'is required');
  }
  const verifiableCredential = mapList(
    subjectInput.verifiableCredential,
    'credentialSubject.verifiableCredential',
    (credential) => cloneJson(credential),
  );
  if (verifiableCredential === undefined) {
    invalid('credentialSubject.verifiableCredential', 'must contain at least one AchievementCredential');
  }
  if (input.partial !== undefined && typeof input.partial !== 'boolean') {
    invalid('partial', 'must be true or false');
  }
  const recipient = buildRecipient(subjectInput.recipient, 'credentialSubject.recipient');
  const credentialSubject = withoutEmpty<ClrSubject>({
    id: recipient.id,
    type: ['ClrSubject'],
    identifier: recipient.identifier,
    achievement: mapList(subjectInput.achievement, 'credentialSubject.achievement', (achievement) =>
      cloneJson(achievement),
    ),
    verifiableCredential,
    association: mapList(subjectInput.association, 'credentialSubject.association', buildAssociation),
  });
  const body = {
    id: common.id,
    type: ['VerifiableCredential', 'ClrCredential'] satisfies ClrCredential['type'],
    name: requireText(input.name, 'name'),
    description: optionalText(input.description, 'description'),
    image: buildImage(input.image, 'image'),
    partial: input.partial,
    issuer: common.issuer,
    validFrom: common.validFrom,
    validUntil: common.validUntil,
    awardedDate: common.awardedDate,
    credentialSubject,
    endorsement: input.endorsement === undefined ? undefined : cloneJson([...input.endorsement]),
    evidence: common.evidence,
    credentialSchema: common.credentialSchema,
    credentialStatus: common.credentialStatus,
    refreshService: common.refreshService,
    termsOfUse: common.termsOfUse,
  };
  const credential = withoutEmpty<ClrCredential>({
    '@context': contextFor(CLR_CREDENTIAL_CONTEXT, body),
    ...body,
  });
  assertSignableTerms(credential, '');
  assertValidCredential(credential, 'The ClrCredential');
  return credential;
}
