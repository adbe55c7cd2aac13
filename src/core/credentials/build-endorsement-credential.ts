/**
 * Builds an unsigned OB 3.0 EndorsementCredential: a third party vouching for a credential, an
 * achievement or a profile.
 */
import { assertSignableTerms, assertValidCredential } from './build-checks.js';
import { buildImage, invalid, optionalText, requireText, requireUri, withoutEmpty } from './build-parts.js';
import { OB_CREDENTIAL_CONTEXT } from './constants.js';
import { buildCommonParts, type CommonCredentialInput, contextFor } from './credential-parts.js';
import type { EndorsementCredential, EndorsementSubject } from './types.js';

export type EndorsementCredentialInput = CommonCredentialInput & {
  /** Required by OB 3.0 for endorsements, e.g. "Endorsement of Introduction to Git". */
  name: string;
  credentialSubject: {
    /** The id of what is endorsed: a credential, an achievement or a profile. */
    id: string;
    /** The endorser's comment (Markdown). */
    endorsementComment?: string;
  };
};

/**
 * Builds an unsigned EndorsementCredential with `type: ["VerifiableCredential",
 * "EndorsementCredential"]`, the OB 3.0.3 `@context` (plus `extensions.json` when a 1EdTech type is
 * used) and a subject `{ id, type: ["EndorsementSubject"], endorsementComment? }`.
 *
 * The endorser signs it with their own key; the signed result is then embedded in the `endorsement`
 * list of the credential, achievement or profile it endorses.
 *
 * @throws AppError INVALID_INPUT when `name` is blank, an id is not an absolute URI, a date has no
 *   timezone, or the result does not pass the formal OB 3.0 EndorsementCredential schema.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential
 * @example
 *   const endorsement = buildEndorsementCredential({
 *     id: 'urn:uuid:0b7e4d1a-93c2-4f57-8d0e-6a1c2b3d4e5f',
 *     name: 'Endorsement of Introduction to Git',
 *     issuer: buildProfile({ id: 'https://guild.example', name: 'Software Guild' }),
 *     validFrom: new Date('2026-11-28T10:00:00Z'),
 *     credentialSubject: {
 *       id: 'https://cairn.example/achievements/intro-to-git',
 *       endorsementComment: 'Covers what our members need on day one.',
 *     },
 *   });
 */
export function buildEndorsementCredential(input: EndorsementCredentialInput): EndorsementCredential {
  const common = buildCommonParts(input);
  const subjectInput = input.credentialSubject;
  if (subjectInput === null || typeof subjectInput !== 'object') {
    invalid('credentialSubject', 'is required: { id, endorsementComment? }');
  }
  const credentialSubject = withoutEmpty<EndorsementSubject>({
    id: requireUri(subjectInput.id, 'credentialSubject.id'),
    type: ['EndorsementSubject'],
    endorsementComment: optionalText(subjectInput.endorsementComment, 'credentialSubject.endorsementComment'),
  });
  const body = {
    id: common.id,
    type: ['VerifiableCredential', 'EndorsementCredential'] satisfies EndorsementCredential['type'],
    name: requireText(input.name, 'name'),
    description: optionalText(input.description, 'description'),
    image: buildImage(input.image, 'image'),
    issuer: common.issuer,
    validFrom: common.validFrom,
    validUntil: common.validUntil,
    awardedDate: common.awardedDate,
    credentialSubject,
    evidence: common.evidence,
    credentialSchema: common.credentialSchema,
    credentialStatus: common.credentialStatus,
    refreshService: common.refreshService,
    termsOfUse: common.termsOfUse,
  };
  const credential = withoutEmpty<EndorsementCredential>({
    '@context': contextFor(OB_CREDENTIAL_CONTEXT, body),
    ...body,
  });
  assertSignableTerms(credential, '');
  assertValidCredential(credential, 'The EndorsementCredential');
  return credential;
}
