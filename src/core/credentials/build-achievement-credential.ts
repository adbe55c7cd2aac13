/**
 * Builds an unsigned OB 3.0 OpenBadgeCredential (AchievementCredential), exactly as Cairn issues it.
 */
import { type AchievementSubjectInput, buildAchievementSubject } from './build-achievement-subject.js';
import { assertSignableTerms, assertValidCredential } from './build-checks.js';
import { buildImage, cloneJson, optionalText, withoutEmpty } from './build-parts.js';
import { OB_CREDENTIAL_CONTEXT } from './constants.js';
import { buildCommonParts, type CommonCredentialInput, contextFor } from './credential-parts.js';
import type { AchievementCredential, EndorsementCredential } from './types.js';

export type AchievementCredentialInput = CommonCredentialInput & {
  /** The learner and the achievement; see `buildAchievementSubject`. */
  credentialSubject: AchievementSubjectInput;
  /** The credential's display name; defaults to the achievement's name. */
  name?: string;
  /** Endorsements of this credential: complete EndorsementCredentials, signed by their issuers. */
  endorsement?: readonly EndorsementCredential[];
};

/**
 * Builds an unsigned OpenBadgeCredential:
 * - `@context`: VCDM 2.0, OB 3.0.3, and OB `extensions.json` when a 1EdTech credentialSchema,
 *   credentialStatus or refreshService type is used;
 * - `type: ["VerifiableCredential", "OpenBadgeCredential"]`;
 * - `name` defaults to the achievement's name (displayers must show one);
 * - dates as `2026-11-28T10:00:00Z`; arrays for every list; empty values left out.
 *
 * Everything is injected: the caller supplies `id` (`urn:uuid:…` or https) and the dates; the builder
 * never reads the clock or draws randomness, so the same input always gives the same output.
 *
 * Re-issuing (e.g. to fix a typo or extend validity): keep `id` and `issuer.id`, pass a newer
 * `validFrom`, and pass the original award date as `awardedDate`. OB 3.0 treats credentials with equal
 * `id` and issuer `id` as one credential, and the newer `validFrom` wins.
 *
 * The output is checked with `validateCredential(…, { mode: 'issue' })` before it is returned.
 *
 * @throws AppError INVALID_INPUT when a date has no timezone, an id is not an absolute URI, the
 *   recipient is missing, or the credential would not pass the formal OB 3.0 schema (the detail lists
 *   every problem as `path: message`; `cause` holds the list).
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
 * @example
 *   const credential = buildAchievementCredential({
 *     id: 'urn:uuid:5f1d3c2e-8a4b-4c1e-9f7a-2b6d8e0c1a34',
 *     issuer: buildProfile({ id: 'did:web:cairn.example', name: 'Acme Academy' }),
 *     validFrom: '2026-11-28T10:00:00Z',
 *     credentialSubject: {
 *       recipient: { email: 'ada@example.org', salt: '0f3a9c…' },
 *       achievement: buildAchievement({
 *         id: 'https://cairn.example/achievements/intro-to-git',
 *         name: 'Introduction to Git',
 *         description: 'Can create, branch and merge a Git repository.',
 *         criteria: { narrative: 'Complete the three Git labs.' },
 *       }),
 *     },
 *   });
 *   // credential.name === 'Introduction to Git'; sign it next.
 */
export function buildAchievementCredential(input: AchievementCredentialInput): AchievementCredential {
  const common = buildCommonParts(input);
  const credentialSubject = buildAchievementSubject(input.credentialSubject);
  const body = {
    id: common.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'] satisfies AchievementCredential['type'],
    name: optionalText(input.name, 'name') ?? credentialSubject.achievement.name,
    description: optionalText(input.description, 'description'),
    image: buildImage(input.image, 'image'),
    issuer: common.issuer,
    validFrom: common.validFrom,
    validUntil: common.validUntil,
    awardedDate: common.awardedDate,
    credentialSubject,
    evidence: common.evidence,
    endorsement: input.endorsement === undefined ? undefined : cloneJson([...input.endorsement]),
    credentialSchema: common.credentialSchema,
    credentialStatus: common.credentialStatus,
    refreshService: common.refreshService,
    termsOfUse: common.termsOfUse,
  };
  const credential = withoutEmpty<AchievementCredential>({
    '@context': contextFor(OB_CREDENTIAL_CONTEXT, body),
    ...body,
  });
  assertSignableTerms(credential, '');
  assertValidCredential(credential, 'The OpenBadgeCredential');
  return credential;
}
