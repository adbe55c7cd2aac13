/**
 * Small builders and input checks shared by the credential builders: images, alignments, related
 * achievements, result descriptions, results, evidence, identifier entries, addresses, recipients.
 *
 * Every builder drops `undefined` values and empty arrays (plain-JSON rule of OB 3.0 serialization)
 * and fills in the fixed `type` values, so callers never write `type` themselves.
 */
import { AppError } from '../../errors.js';
import { isAbsoluteUri } from './credential-rules.js';
import { formatDateTimeZ, isDate } from './dates.js';
import { hashIdentity, plainIdentity } from './identity.js';
import type {
  Address,
  Alignment,
  Evidence,
  IdentifierEntry,
  IdentityObject,
  Image,
  Related,
  Result,
  ResultDescription,
  RubricCriterionLevel,
} from './types.js';
import type { IdentifierType } from './vocabulary.js';

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/** `T` whose optional properties may also be `undefined` while building (see {@link withoutEmpty}). */
export type Draft<T> = Omit<T, OptionalKeys<T>> & { [K in OptionalKeys<T>]?: T[K] | undefined };

/**
 * Drops properties that are `undefined` or empty arrays, so that optional values are omitted rather
 * than serialized as `null`/`[]` (OB 3.0 serialization: omit empty values).
 */
export function withoutEmpty<T>(draft: Draft<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      out[key] = value;
    }
  }
  return out as T;
}

/** Throws INVALID_INPUT with `field: message`. */
export function invalid(field: string, message: string): never {
  throw new AppError('INVALID_INPUT', `${field}: ${message}`);
}

/** A required, non-blank string. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    invalid(field, 'is required and must be a non-empty string');
  }
  return value;
}

/** An optional string; blank counts as absent. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    invalid(field, 'must be a string');
  }
  return value.trim() === '' ? undefined : value;
}

/** A required absolute URI (`https:`, `urn:uuid:`, `did:`, `data:` …): relative ids break JSON-LD. */
export function requireUri(value: unknown, field: string): string {
  if (!isAbsoluteUri(value)) {
    invalid(field, `must be an absolute URI such as https://… or urn:uuid:…, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalUri(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireUri(value, field);
}

/** An optional finite number. */
export function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(field, 'must be a finite number');
  }
  return value;
}

/** An optional date-time, formatted as DateTimeZ (`2026-11-28T10:00:00Z`). */
export function optionalDateTime(value: Date | string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : formatDateTimeZ(value, field);
}

/** Maps an optional list; returns undefined for a missing or empty list. */
export function mapList<T, U>(
  list: readonly T[] | undefined,
  field: string,
  build: (item: T, field: string) => U,
): U[] | undefined {
  if (list === undefined) {
    return undefined;
  }
  if (!Array.isArray(list)) {
    invalid(field, 'must be an array');
  }
  const out = list.map((item, index) => build(item, `${field}[${index}]`));
  return out.length === 0 ? undefined : out;
}

/** A deep copy of a JSON value, so that a built credential never shares objects with its input. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** An image: a URL (or `data:` URI) string, or `{ id, caption? }`. Always built as an Image object. */
export type ImageInput = string | { id: string; caption?: string; type?: 'Image' };

export function buildImage(input: ImageInput | undefined, field: string): Image | undefined {
  if (input === undefined) {
    return undefined;
  }
  if (typeof input === 'string') {
    return { id: requireUri(input, field), type: 'Image' };
  }
  return withoutEmpty<Image>({
    id: requireUri(input.id, `${field}.id`),
    type: 'Image',
    caption: optionalText(input.caption, `${field}.caption`),
  });
}

/** An Alignment without its fixed `type`: `targetName` and `targetUrl` are required. */
export type AlignmentInput = Omit<Alignment, 'type'>;

export function buildAlignment(input: AlignmentInput, field: string): Alignment {
  return withoutEmpty<Alignment>({
    type: ['Alignment'],
    targetName: requireText(input.targetName, `${field}.targetName`),
    targetUrl: requireUri(input.targetUrl, `${field}.targetUrl`),
    targetCode: optionalText(input.targetCode, `${field}.targetCode`),
    targetDescription: optionalText(input.targetDescription, `${field}.targetDescription`),
    targetFramework: optionalText(input.targetFramework, `${field}.targetFramework`),
    targetType: input.targetType,
  });
}

/** Another identifier of an achievement or profile, e.g. `{ identifier: 'GIT101', identifierType: 'ext:CourseCode' }`. */
export type IdentifierEntryInput = { identifier: string; identifierType: IdentifierType };

export function buildIdentifierEntry(input: IdentifierEntryInput, field: string): IdentifierEntry {
  return {
    type: 'IdentifierEntry',
    identifier: requireText(input.identifier, `${field}.identifier`),
    identifierType: input.identifierType,
  };
}

/** The same achievement in another language or version: `{ id, inLanguage?, version? }`. */
export type RelatedInput = Omit<Related, 'type'>;

export function buildRelated(input: RelatedInput, field: string): Related {
  return withoutEmpty<Related>({
    id: requireUri(input.id, `${field}.id`),
    type: ['Related'],
    inLanguage: optionalText(input.inLanguage, `${field}.inLanguage`),
    version: optionalText(input.version, `${field}.version`),
  });
}

/** A rubric level of a ResultDescription: `id` and `name` required. */
export type RubricCriterionLevelInput = Omit<RubricCriterionLevel, 'type' | 'alignment'> & {
  alignment?: readonly AlignmentInput[];
};

export function buildRubricCriterionLevel(
  input: RubricCriterionLevelInput,
  field: string,
): RubricCriterionLevel {
  return withoutEmpty<RubricCriterionLevel>({
    id: requireUri(input.id, `${field}.id`),
    type: ['RubricCriterionLevel'],
    name: requireText(input.name, `${field}.name`),
    description: optionalText(input.description, `${field}.description`),
    level: optionalText(input.level, `${field}.level`),
    points: optionalText(input.points, `${field}.points`),
    alignment: mapList(input.alignment, `${field}.alignment`, buildAlignment),
  });
}

/** A possible result of an achievement: `id`, `name` and `resultType` required. */
export type ResultDescriptionInput = Omit<
  ResultDescription,
  'type' | 'alignment' | 'allowedValue' | 'rubricCriterionLevel'
> & {
  alignment?: readonly AlignmentInput[];
  allowedValue?: readonly string[];
  rubricCriterionLevel?: readonly RubricCriterionLevelInput[];
};

export function buildResultDescription(input: ResultDescriptionInput, field: string): ResultDescription {
  return withoutEmpty<ResultDescription>({
    id: requireUri(input.id, `${field}.id`),
    type: ['ResultDescription'],
    name: requireText(input.name, `${field}.name`),
    resultType: input.resultType,
    alignment: mapList(input.alignment, `${field}.alignment`, buildAlignment),
    allowedValue: mapList(input.allowedValue, `${field}.allowedValue`, requireText),
    requiredLevel: optionalUri(input.requiredLevel, `${field}.requiredLevel`),
    requiredValue: optionalText(input.requiredValue, `${field}.requiredValue`),
    rubricCriterionLevel: mapList(
      input.rubricCriterionLevel,
      `${field}.rubricCriterionLevel`,
      buildRubricCriterionLevel,
    ),
    valueMax: optionalText(input.valueMax, `${field}.valueMax`),
    valueMin: optionalText(input.valueMin, `${field}.valueMin`),
  });
}

/** A learner's result; `resultDescription` names one of the achievement's result descriptions. */
export type ResultInput = Omit<Result, 'type' | 'alignment'> & { alignment?: readonly AlignmentInput[] };

export function buildResult(input: ResultInput, field: string): Result {
  return withoutEmpty<Result>({
    type: ['Result'],
    resultDescription: optionalUri(input.resultDescription, `${field}.resultDescription`),
    achievedLevel: optionalUri(input.achievedLevel, `${field}.achievedLevel`),
    status: input.status,
    value: optionalText(input.value, `${field}.value`),
    alignment: mapList(input.alignment, `${field}.alignment`, buildAlignment),
  });
}

/** Evidence of the learner's work; needs an `id` (URL) or a `narrative`. */
export type EvidenceInput = Omit<Evidence, 'type'>;

export function buildEvidence(input: EvidenceInput, field: string): Evidence {
  const evidence = withoutEmpty<Evidence>({
    type: ['Evidence'],
    id: optionalUri(input.id, `${field}.id`),
    name: optionalText(input.name, `${field}.name`),
    description: optionalText(input.description, `${field}.description`),
    narrative: optionalText(input.narrative, `${field}.narrative`),
    genre: optionalText(input.genre, `${field}.genre`),
    audience: optionalText(input.audience, `${field}.audience`),
  });
  if (evidence.id === undefined && evidence.narrative === undefined) {
    invalid(field, 'needs an "id" (URL of the evidence) or a "narrative"');
  }
  return evidence;
}

/** A postal address, optionally with `geo` coordinates. */
export type AddressInput = Omit<Address, 'type' | 'geo'> & { geo?: { latitude: number; longitude: number } };

export function buildAddress(input: AddressInput, field: string): Address {
  const geo = input.geo;
  return withoutEmpty<Address>({
    type: ['Address'],
    addressCountry: optionalText(input.addressCountry, `${field}.addressCountry`),
    addressCountryCode: optionalText(input.addressCountryCode, `${field}.addressCountryCode`),
    addressRegion: optionalText(input.addressRegion, `${field}.addressRegion`),
    addressLocality: optionalText(input.addressLocality, `${field}.addressLocality`),
    streetAddress: optionalText(input.streetAddress, `${field}.streetAddress`),
    postOfficeBoxNumber: optionalText(input.postOfficeBoxNumber, `${field}.postOfficeBoxNumber`),
    postalCode: optionalText(input.postalCode, `${field}.postalCode`),
    geo:
      geo === undefined
        ? undefined
        : {
            type: 'GeoCoordinates',
            latitude:
              optionalNumber(geo.latitude, `${field}.geo.latitude`) ??
              invalid(`${field}.geo.latitude`, 'is required'),
            longitude:
              optionalNumber(geo.longitude, `${field}.geo.longitude`) ??
              invalid(`${field}.geo.longitude`, 'is required'),
          },
  });
}

/** An XML Schema date (`1990-04-01`), e.g. for `dateOfBirth`. */
export function optionalDate(value: unknown, field: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !isDate(value)) {
    invalid(field, 'must be a date like 1990-04-01');
  }
  return value;
}

/**
 * Who receives the credential:
 * - `{ id }`: a DID or URL the learner controls (becomes `credentialSubject.id`);
 * - `{ email, salt }`: a salted SHA-256 hash of the e-mail address (normalized: trimmed, lower-cased),
 *   as an IdentityObject in `credentialSubject.identifier`.
 *
 * `name`, if given, is added as a plain (unhashed) IdentityObject with `identityType: "name"`: OB 3.0
 * defines no `name` on AchievementSubject, and IdentityObject is where OB carries a recipient's name.
 * `identifier` adds further IdentityObjects (e.g. a hashed `sourcedId`). Both forms may be combined.
 */
export type RecipientInput =
  | { id: string; email?: undefined; name?: string; identifier?: readonly IdentityObject[] }
  | { email: string; salt: string; id?: string; name?: string; identifier?: readonly IdentityObject[] }
  /** The identifiers of a credential issued before, kept as they are when it is renewed. */
  | { identifier: readonly IdentityObject[]; id?: undefined; email?: undefined; name?: string };

export function buildRecipient(
  input: RecipientInput,
  field: string,
): { id?: string; identifier?: IdentityObject[] } {
  if (input === null || typeof input !== 'object') {
    invalid(field, 'must be { id } or { email, salt }');
  }
  const identifier: IdentityObject[] = [];
  if (input.email !== undefined) {
    const email = requireText(input.email, `${field}.email`);
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      invalid(`${field}.email`, 'must be an e-mail address');
    }
    identifier.push(hashIdentity(email, { salt: requireText(input.salt, `${field}.salt`) }));
  }
  const name = optionalText(input.name, `${field}.name`);
  if (name !== undefined) {
    identifier.push(plainIdentity(name, 'name'));
  }
  identifier.push(...cloneJson(input.identifier ?? []));
  const id = optionalUri(input.id, `${field}.id`);
  if (id === undefined && input.email === undefined && identifier.length === 0) {
    invalid(field, 'needs an "id" (DID or URL) or an "email" with a "salt"');
  }
  return withoutEmpty<{ id?: string; identifier?: IdentityObject[] }>({ id, identifier });
}
