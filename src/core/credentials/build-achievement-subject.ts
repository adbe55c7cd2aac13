/**
 * Builds an OB 3.0 AchievementSubject: the learner (by DID/URL or hashed e-mail) and what they achieved.
 */
import { failWithIssues } from './build-checks.js';
import {
  buildImage,
  buildRecipient,
  buildResult,
  cloneJson,
  type ImageInput,
  invalid,
  mapList,
  optionalDateTime,
  optionalNumber,
  optionalText,
  type RecipientInput,
  type ResultInput,
  withoutEmpty,
} from './build-parts.js';
import { checkResultReferences } from './credential-rules.js';
import type { Achievement, AchievementSubject, Profile } from './types.js';

export type AchievementSubjectInput = {
  /** The learner: `{ id }` (DID or URL) or `{ email, salt }` (hashed), optionally with `name`. */
  recipient: RecipientInput;
  /** The achievement awarded, built with `buildAchievement`. */
  achievement: Achievement;
  activityStartDate?: Date | string;
  activityEndDate?: Date | string;
  creditsEarned?: number;
  /** An image of the learner's own work or portrait for this award. */
  image?: ImageInput;
  licenseNumber?: string;
  /** Markdown narrative of how this learner met the criteria. */
  narrative?: string;
  /** Results; each `resultDescription` must be the id of one of the achievement's result descriptions. */
  result?: readonly ResultInput[];
  role?: string;
  /** The organisation that assessed the learner, when not the issuer; built with `buildProfile`. */
  source?: Profile;
  term?: string;
};

/**
 * Builds an AchievementSubject with `type: ["AchievementSubject"]`.
 *
 * Recipient: `{ id }` sets `credentialSubject.id`; `{ email, salt }` adds a hashed IdentityObject
 * (`sha256$…` of the trimmed, lower-cased address + salt) to `identifier`. A `name` is added as an
 * unhashed IdentityObject with `identityType: "name"` — AchievementSubject has no `name` property in
 * OB 3.0, and IdentityObject is the place OB defines for it (every term stays defined by the OB context).
 *
 * @throws AppError INVALID_INPUT when the recipient has neither id nor e-mail+salt, a date has no
 *   timezone, or a result points at a result description / rubric level the achievement lacks, or
 *   lacks the `status` a `Status` result description requires.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject
 * @example
 *   const subject = buildAchievementSubject({
 *     recipient: { email: 'ada@example.org', salt: 'c2f1e0…' },
 *     achievement,
 *   });
 */
export function buildAchievementSubject(input: AchievementSubjectInput): AchievementSubject {
  const field = 'credentialSubject';
  if (input.achievement === null || typeof input.achievement !== 'object') {
    invalid(`${field}.achievement`, 'is required (build it with buildAchievement)');
  }
  const recipient = buildRecipient(input.recipient, `${field}.recipient`);
  const subject = withoutEmpty<AchievementSubject>({
    id: recipient.id,
    type: ['AchievementSubject'],
    identifier: recipient.identifier,
    achievement: cloneJson(input.achievement),
    activityStartDate: optionalDateTime(input.activityStartDate, `${field}.activityStartDate`),
    activityEndDate: optionalDateTime(input.activityEndDate, `${field}.activityEndDate`),
    creditsEarned: optionalNumber(input.creditsEarned, `${field}.creditsEarned`),
    image: buildImage(input.image, `${field}.image`),
    licenseNumber: optionalText(input.licenseNumber, `${field}.licenseNumber`),
    narrative: optionalText(input.narrative, `${field}.narrative`),
    result: mapList(input.result, `${field}.result`, buildResult),
    role: optionalText(input.role, `${field}.role`),
    source: input.source === undefined ? undefined : cloneJson(input.source),
    term: optionalText(input.term, `${field}.term`),
  });
  if (
    subject.activityStartDate !== undefined &&
    subject.activityEndDate !== undefined &&
    subject.activityEndDate < subject.activityStartDate
  ) {
    invalid(`${field}.activityEndDate`, 'must not be before activityStartDate');
  }
  const referenceIssues = checkResultReferences(subject, field);
  if (referenceIssues.length > 0) {
    failWithIssues('The AchievementSubject', referenceIssues);
  }
  return subject;
}
