/**
 * TypeBox schemas of the achievements API (they are also its OpenAPI description). Requests are typed
 * closely and refuse unknown properties: a property no JSON-LD context defines would make every
 * credential awarding the achievement unsignable. The extensible OB vocabularies take an `ext:` term
 * besides their listed values, as the spec allows. `type` on nested objects is accepted and ignored,
 * so an achievement read from the API can be sent back as it is.
 */
import { Type } from 'typebox';
import {
  ACHIEVEMENT_TYPES,
  ALIGNMENT_TARGET_TYPES,
  type ExtensionTerm,
  IDENTIFIER_TYPES,
  RESULT_TYPES,
} from '../../core/credentials/vocabulary.js';
import { MAX_VALIDITY_MONTHS } from '../../services/achievements.js';

const Extension = Type.String({
  pattern: '^ext:[A-Za-z0-9._|-]+$',
  description: 'An extension term, e.g. ext:ProgramOfStudy',
});

/** One of `values`, or an `ext:` term: OB's extensible enumerations. */
function vocabulary<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number] | ExtensionTerm>(
    Type.Union([Type.Enum([...values]), Extension], { description }),
  );
}

const Uri = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });
const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** Read back from the API, nested objects carry their `type`; it may be sent again and is ignored. */
const IgnoredType = Type.Optional(
  Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Ignored: Cairn writes the type' }),
);

const Alignment = Type.Object(
  {
    type: IgnoredType,
    targetName: Name(500),
    targetUrl: Uri('The node in the framework, e.g. a competency URL'),
    targetCode: Type.Optional(Text(200)),
    targetDescription: Type.Optional(Text(5000)),
    targetFramework: Type.Optional(Text(500)),
    targetType: Type.Optional(vocabulary(ALIGNMENT_TARGET_TYPES, 'The kind of framework node')),
  },
  { additionalProperties: false, description: 'An alignment to a skill, competency or standard' },
);

const RubricCriterionLevel = Type.Object(
  {
    type: IgnoredType,
    id: Type.Optional(Uri('Made (urn:uuid:…) when left out')),
    name: Name(500),
    description: Type.Optional(Text(5000)),
    level: Type.Optional(Text(200)),
    points: Type.Optional(Text(50)),
    alignment: Type.Optional(Type.Array(Alignment, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const ResultDescription = Type.Object(
  {
    type: IgnoredType,
    id: Type.Optional(Uri('Made (urn:uuid:…) when left out; results in credentials point at it')),
    name: Name(500),
    resultType: vocabulary(RESULT_TYPES, 'What the result measures'),
    alignment: Type.Optional(Type.Array(Alignment, { maxItems: 50 })),
    allowedValue: Type.Optional(Type.Array(Name(200), { maxItems: 100 })),
    requiredLevel: Type.Optional(Uri('The id of one of rubricCriterionLevel')),
    requiredValue: Type.Optional(Text(200)),
    rubricCriterionLevel: Type.Optional(Type.Array(RubricCriterionLevel, { maxItems: 50 })),
    valueMax: Type.Optional(Text(50)),
    valueMin: Type.Optional(Text(50)),
  },
  {
    additionalProperties: false,
    description: 'A possible result of the achievement (a grade, a score, a status)',
  },
);

const IdentifierEntry = Type.Object(
  {
    type: IgnoredType,
    identifier: Name(500),
    identifierType: vocabulary(IDENTIFIER_TYPES, 'The kind of identifier'),
  },
  { additionalProperties: false },
);

const Related = Type.Object(
  {
    type: IgnoredType,
    id: Uri('The related achievement'),
    inLanguage: Type.Optional(Text(35)),
    version: Type.Optional(Text(100)),
  },
  { additionalProperties: false, description: 'The same achievement in another language or version' },
);

const Criteria = Type.Object(
  {
    id: Type.Optional(Uri('URL of a page describing the criteria')),
    narrative: Type.Optional(Text(20000, 'Markdown')),
  },
  { additionalProperties: false, description: 'How to earn it: a narrative, a URL, or both' },
);

const optionalFields = {
  achievementType: vocabulary(ACHIEVEMENT_TYPES, 'Badge when not given'),
  alignment: Type.Array(Alignment, { maxItems: 100 }),
  tag: Type.Array(Name(100), { maxItems: 100 }),
  resultDescription: Type.Array(ResultDescription, { maxItems: 50 }),
  creditsAvailable: Type.Number({ minimum: 0 }),
  fieldOfStudy: Text(500),
  inLanguage: Text(35, 'BCP 47 language tag, e.g. en or pt-BR'),
  version: Text(100),
  humanCode: Text(100),
  specialization: Text(500),
  otherIdentifier: Type.Array(IdentifierEntry, { maxItems: 50 }),
  related: Type.Array(Related, { maxItems: 50 }),
  imageCaption: Text(1000, "The image's alt text"),
};

const ValidityMonths = Type.Integer({
  minimum: 1,
  maximum: MAX_VALIDITY_MONTHS,
  description: 'Credentials awarding it expire this many months after their validFrom',
});

export const CreateAchievementBody = Type.Object(
  {
    issuerId: Type.String({ minLength: 1, maxLength: 200, description: 'One of the organization’s issuers' }),
    name: Name(500),
    description: Name(20000),
    criteria: Criteria,
    achievementType: Type.Optional(optionalFields.achievementType),
    alignment: Type.Optional(optionalFields.alignment),
    tag: Type.Optional(optionalFields.tag),
    resultDescription: Type.Optional(optionalFields.resultDescription),
    creditsAvailable: Type.Optional(optionalFields.creditsAvailable),
    fieldOfStudy: Type.Optional(optionalFields.fieldOfStudy),
    inLanguage: Type.Optional(optionalFields.inLanguage),
    version: Type.Optional(optionalFields.version),
    humanCode: Type.Optional(optionalFields.humanCode),
    specialization: Type.Optional(optionalFields.specialization),
    otherIdentifier: Type.Optional(optionalFields.otherIdentifier),
    related: Type.Optional(optionalFields.related),
    imageCaption: Type.Optional(optionalFields.imageCaption),
    imageId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'From POST /api/v1/images' }),
    ),
    validityMonths: Type.Optional(ValidityMonths),
    status: Type.Optional(
      Type.Union([Type.Literal('draft'), Type.Literal('active')], { description: 'draft when not given' }),
    ),
  },
  { additionalProperties: false },
);

const nullable = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

export const UpdateAchievementBody = Type.Object(
  {
    issuerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    name: Type.Optional(Name(500)),
    description: Type.Optional(Name(20000)),
    criteria: Type.Optional(Criteria),
    achievementType: nullable(optionalFields.achievementType),
    alignment: nullable(optionalFields.alignment),
    tag: nullable(optionalFields.tag),
    resultDescription: nullable(optionalFields.resultDescription),
    creditsAvailable: nullable(optionalFields.creditsAvailable),
    fieldOfStudy: nullable(optionalFields.fieldOfStudy),
    inLanguage: nullable(optionalFields.inLanguage),
    version: nullable(optionalFields.version),
    humanCode: nullable(optionalFields.humanCode),
    specialization: nullable(optionalFields.specialization),
    otherIdentifier: nullable(optionalFields.otherIdentifier),
    related: nullable(optionalFields.related),
    imageCaption: nullable(optionalFields.imageCaption),
    imageId: nullable(Type.String({ minLength: 1, maxLength: 200 })),
    validityMonths: nullable(ValidityMonths),
  },
  {
    additionalProperties: false,
    description: 'Only the properties given change; null removes an optional one',
  },
);

const Open = Type.Object({}, { additionalProperties: true });

/** The Open Badges 3.0 Achievement as credentials embed it (typed where Cairn writes it, open beyond). */
export const ObAchievement = Type.Object(
  {
    id: Type.String({ description: 'Its URI: {publicUrl}/a/{id}' }),
    type: Type.Array(Type.String()),
    name: Type.String(),
    description: Type.String(),
    criteria: Type.Object({ id: Type.Optional(Type.String()), narrative: Type.Optional(Type.String()) }),
    achievementType: Type.Optional(Type.String()),
    alignment: Type.Optional(Type.Array(Open)),
    creditsAvailable: Type.Optional(Type.Number()),
    fieldOfStudy: Type.Optional(Type.String()),
    humanCode: Type.Optional(Type.String()),
    image: Type.Optional(
      Type.Object({ id: Type.String(), type: Type.String(), caption: Type.Optional(Type.String()) }),
    ),
    inLanguage: Type.Optional(Type.String()),
    otherIdentifier: Type.Optional(Type.Array(Open)),
    related: Type.Optional(Type.Array(Open)),
    resultDescription: Type.Optional(Type.Array(Open)),
    specialization: Type.Optional(Type.String()),
    tag: Type.Optional(Type.Array(Type.String())),
    version: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'An Open Badges 3.0 Achievement' },
);

export const AchievementStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('active'),
  Type.Literal('archived'),
]);

export const AchievementItem = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The achievement URI (its public page), the id of the OB Achievement' }),
  name: Type.String(),
  achievementType: Type.String(),
  status: AchievementStatus,
  issuerId: Type.String(),
  imageId: Type.Union([Type.String(), Type.Null()]),
  validityMonths: Type.Union([Type.Integer(), Type.Null()]),
  achievement: ObAchievement,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ListAchievementsQuery = Type.Object(
  {
    status: Type.Optional(AchievementStatus),
    issuerId: Type.Optional(Type.String({ maxLength: 200 })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name, any case' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: '50 when not given' })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'The next of the previous page' })),
  },
  { additionalProperties: false },
);
