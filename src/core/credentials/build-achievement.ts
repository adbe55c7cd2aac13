/**
 * Builds an OB 3.0 Achievement: what a learner can earn (a badge, course, micro-credential, …).
 */
import { assertDefinition, assertSignableTerms, failWithIssues } from './build-checks.js';
import {
  type AlignmentInput,
  buildAlignment,
  buildIdentifierEntry,
  buildImage,
  buildRelated,
  buildResultDescription,
  cloneJson,
  type IdentifierEntryInput,
  type ImageInput,
  invalid,
  mapList,
  optionalNumber,
  optionalText,
  optionalUri,
  type RelatedInput,
  type ResultDescriptionInput,
  requireText,
  requireUri,
  withoutEmpty,
} from './build-parts.js';
import { checkAchievementReferences } from './credential-rules.js';
import type { Achievement, Criteria, EndorsementCredential, Profile } from './types.js';
import type { AchievementType } from './vocabulary.js';

export type AchievementInput = {
  /** The achievement's URI, stable across every credential that awards it. */
  id: string;
  name: string;
  description: string;
  /** How to earn it: a `narrative` (Markdown), an `id` (URL of a criteria page), or both. */
  criteria: Criteria;
  achievementType?: AchievementType;
  alignment?: readonly AlignmentInput[];
  /** Who defined the achievement, built with `buildProfile`. */
  creator?: Profile;
  creditsAvailable?: number;
  /** Endorsements of this achievement: complete EndorsementCredentials, signed by their issuers. */
  endorsement?: readonly EndorsementCredential[];
  fieldOfStudy?: string;
  humanCode?: string;
  image?: ImageInput;
  /** BCP 47 language tag of the texts, e.g. `en` or `pt-BR`. */
  inLanguage?: string;
  otherIdentifier?: readonly IdentifierEntryInput[];
  /** The same achievement in other languages or versions. */
  related?: readonly RelatedInput[];
  resultDescription?: readonly ResultDescriptionInput[];
  specialization?: string;
  tag?: readonly string[];
  version?: string;
};

/**
 * Builds an Achievement with `type: ["Achievement"]`, Image objects, arrays for every list, and
 * every empty value left out. `endorsementJwt` is not offered: the bundled OB 3.0.3 context does not
 * define it, so a credential carrying it could not be signed.
 *
 * @throws AppError INVALID_INPUT when a required text is blank, an id is not an absolute URI, the
 *   criteria have neither `id` nor `narrative`, a `requiredLevel` names no level of its result
 *   description, or the result does not match the OB 3.0 Achievement schema (e.g. a bad `inLanguage`).
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievement
 * @example
 *   const achievement = buildAchievement({
 *     id: 'https://cairn.example/achievements/intro-to-git',
 *     name: 'Introduction to Git',
 *     description: 'Can create, branch and merge a Git repository.',
 *     criteria: { narrative: 'Complete the three Git labs.' },
 *     achievementType: 'MicroCredential',
 *     image: { id: 'https://cairn.example/badges/git.png', caption: 'Git badge' },
 *   });
 */
export function buildAchievement(input: AchievementInput): Achievement {
  const field = 'achievement';
  const criteria = input.criteria;
  if (criteria === null || typeof criteria !== 'object') {
    invalid(`${field}.criteria`, 'is required: give a "narrative", an "id" (URL), or both');
  }
  const builtCriteria = withoutEmpty<Criteria>({
    id: optionalUri(criteria.id, `${field}.criteria.id`),
    narrative: optionalText(criteria.narrative, `${field}.criteria.narrative`),
  });
  if (builtCriteria.id === undefined && builtCriteria.narrative === undefined) {
    invalid(`${field}.criteria`, 'needs a "narrative", an "id" (URL), or both');
  }
  const achievement = withoutEmpty<Achievement>({
    id: requireUri(input.id, `${field}.id`),
    type: ['Achievement'],
    name: requireText(input.name, `${field}.name`),
    description: requireText(input.description, `${field}.description`),
    criteria: builtCriteria,
    achievementType: input.achievementType,
    alignment: mapList(input.alignment, `${field}.alignment`, buildAlignment),
    creator: input.creator === undefined ? undefined : cloneJson(input.creator),
    creditsAvailable: optionalNumber(input.creditsAvailable, `${field}.creditsAvailable`),
    endorsement: input.endorsement === undefined ? undefined : cloneJson([...input.endorsement]),
    fieldOfStudy: optionalText(input.fieldOfStudy, `${field}.fieldOfStudy`),
    humanCode: optionalText(input.humanCode, `${field}.humanCode`),
    image: buildImage(input.image, `${field}.image`),
    inLanguage: optionalText(input.inLanguage, `${field}.inLanguage`),
    otherIdentifier: mapList(input.otherIdentifier, `${field}.otherIdentifier`, buildIdentifierEntry),
    related: mapList(input.related, `${field}.related`, buildRelated),
    resultDescription: mapList(input.resultDescription, `${field}.resultDescription`, buildResultDescription),
    specialization: optionalText(input.specialization, `${field}.specialization`),
    tag: mapList(input.tag, `${field}.tag`, requireText),
    version: optionalText(input.version, `${field}.version`),
  });
  assertSignableTerms(achievement, field);
  assertDefinition(achievement, 'Achievement', field);
  const referenceIssues = checkAchievementReferences(achievement, field);
  if (referenceIssues.length > 0) {
    failWithIssues('The Achievement', referenceIssues);
  }
  return achievement;
}
