/**
 * The closed vocabularies (enumerations) of Open Badges 3.0 and CLR 2.0, as constant lists plus
 * string-literal union types. The extensible ones also accept an `ext:` term, which is how the spec
 * says an enumeration is extended.
 *
 * Values are copied from the formal JSON Schemas in `./schemas` (OB 3.0, 1EdTech build of 2024-07-30)
 * and the CLR 2.0 JSON-LD schema.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#enumerated-value-set-s
 * @see https://www.imsglobal.org/spec/ob/v3p0/#extending-enumerated-vocabularies
 */

/** An extension term of an extensible enumeration, e.g. `ext:CairnPathwayStep`. */
export type ExtensionTerm = `ext:${string}`;

/** OB 3.0 AchievementType: what kind of achievement an Achievement is. */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number] | ExtensionTerm;

/** OB 3.0 IdentifierTypeEnum: the kind of value in an IdentityObject or IdentifierEntry. */
export const IDENTIFIER_TYPES = [
  'name',
  'sourcedId',
  'systemId',
  'productId',
  'userName',
  'accountId',
  'emailAddress',
  'nationalIdentityNumber',
  'isbn',
  'issn',
  'lisSourcedId',
  'oneRosterSourcedId',
  'sisSourcedId',
  'ltiContextId',
  'ltiDeploymentId',
  'ltiToolId',
  'ltiPlatformId',
  'ltiUserId',
  'identifier',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number] | ExtensionTerm;

/** OB 3.0 AlignmentTargetType: the kind of framework node an Alignment points at. */
export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency',
  'ceterms:Credential',
  'CFItem',
  'CFRubric',
  'CFRubricCriterion',
  'CFRubricCriterionLevel',
  'CTDL',
] as const;
export type AlignmentTargetType = (typeof ALIGNMENT_TARGET_TYPES)[number] | ExtensionTerm;

/** OB 3.0 ResultType: what a ResultDescription (and the Results that use it) measures. */
export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const;
export type ResultType = (typeof RESULT_TYPES)[number] | ExtensionTerm;

/**
 * OB 3.0 ResultStatusType. Closed: the schema has no `ext:` branch here. When an achievement has no
 * status result, `Completed` is implied.
 */
export const RESULT_STATUS_TYPES = [
  'Completed',
  'Enrolled',
  'Failed',
  'InProgress',
  'OnHold',
  'Provisional',
  'Withdrew',
] as const;
export type ResultStatusType = (typeof RESULT_STATUS_TYPES)[number];

/**
 * CLR 2.0 AssociationType: how a source achievement relates to a target achievement. Closed (the
 * CLR schema has no `ext:` branch). For pathways Cairn links each component to the pathway with
 * `isPartOf` (component → pathway) and orders steps with `precedes`.
 */
export const ASSOCIATION_TYPES = [
  'exactMatchOf',
  'isChildOf',
  'isParentOf',
  'isPartOf',
  'isPeerOf',
  'isRelatedTo',
  'precedes',
  'replacedBy',
] as const;
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];
