/**
 * TypeScript types for Open Badges 3.0 (AchievementCredential and everything it contains) and the
 * Verifiable Credentials 2.0 pieces OB uses (status, schema, refresh, terms of use, proof).
 *
 * The types describe the plain-JSON ("formal") form that Cairn issues: every 0..* / 1..* property is
 * an array, every `type` that the schema lists as a set is an array. Credentials received from others
 * may use the JSON-LD compacted form (single values instead of one-element arrays); run them through
 * `validateCredential(x, { mode: 'verify' })` rather than trusting these types.
 *
 * Normative source: the OB 3.0 data model (https://www.imsglobal.org/spec/ob/v3p0/#data-model) and the
 * formal JSON Schema in ./schemas/ob-v3p0-formal-achievementcredential.json.
 */
import type {
  AchievementType,
  AlignmentTargetType,
  IdentifierType,
  ResultStatusType,
  ResultType,
} from './vocabulary.js';

/** A `DateTimeZ`: an XML Schema dateTime with its timezone, e.g. `2026-11-28T10:00:00Z`. */
export type DateTimeZ = string;
/** A URI: `https://…`, `urn:uuid:…`, `did:…`, or (for images) a `data:` URI. */
export type Uri = string;
/** A compact JWS (`header.payload.signature`). */
export type CompactJws = string;

/** One item of a JSON-LD `@context`: a URL or an embedded context object. */
export type ContextEntry = string | Record<string, unknown>;

/**
 * An image: always an object, never a bare URL string (the OB schema rejects strings).
 * @see https://www.imsglobal.org/spec/ob/v3p0/#image
 */
export type Image = {
  /** The image URL or a `data:` URI. */
  id: Uri;
  type: 'Image';
  /** Alt text for the image. */
  caption?: string;
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#criteria */
export type Criteria = {
  /** URL of a page that describes the criteria. */
  id?: Uri;
  /** Markdown narrative of what it takes to earn the achievement. */
  narrative?: string;
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#alignment */
export type Alignment = {
  type: ['Alignment', ...string[]];
  targetName: string;
  targetUrl: Uri;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: AlignmentTargetType;
};

/** Another identifier of an achievement or profile. @see https://www.imsglobal.org/spec/ob/v3p0/#identifierentry */
export type IdentifierEntry = {
  type: 'IdentifierEntry';
  identifier: string;
  identifierType: IdentifierType;
};

/**
 * Identifies a recipient without a DID or URL, e.g. by a hashed e-mail address.
 * When `hashed` is true, `identityHash` is `"sha256$" + hex(sha256(value + salt))` (or `md5$…`);
 * when false, it is the plain value.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#identityobject
 */
export type IdentityObject = {
  type: 'IdentityObject';
  hashed: boolean;
  identityHash: string;
  identityType: IdentifierType;
  salt?: string;
};

/** The same achievement in another language or version. @see https://www.imsglobal.org/spec/ob/v3p0/#related */
export type Related = {
  id: Uri;
  type: ['Related', ...string[]];
  /** BCP 47 language tag, e.g. `en` or `pt-BR`. */
  inLanguage?: string;
  version?: string;
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#rubriccriterionlevel */
export type RubricCriterionLevel = {
  id: Uri;
  type: ['RubricCriterionLevel', ...string[]];
  name: string;
  description?: string;
  level?: string;
  points?: string;
  alignment?: Alignment[];
};

/** Describes a possible result of an achievement. @see https://www.imsglobal.org/spec/ob/v3p0/#resultdescription */
export type ResultDescription = {
  id: Uri;
  type: ['ResultDescription', ...string[]];
  name: string;
  resultType: ResultType;
  alignment?: Alignment[];
  allowedValue?: string[];
  /** Id of the RubricCriterionLevel required to pass. */
  requiredLevel?: Uri;
  requiredValue?: string;
  rubricCriterionLevel?: RubricCriterionLevel[];
  valueMax?: string;
  valueMin?: string;
};

/** A result the learner obtained. @see https://www.imsglobal.org/spec/ob/v3p0/#result */
export type Result = {
  type: ['Result', ...string[]];
  /** Id of a ResultDescription of the same achievement. */
  resultDescription?: Uri;
  /** Id of a RubricCriterionLevel of the linked ResultDescription. */
  achievedLevel?: Uri;
  /** Required when the linked ResultDescription has resultType `Status`. */
  status?: ResultStatusType;
  value?: string;
  alignment?: Alignment[];
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#geocoordinates */
export type GeoCoordinates = {
  type: 'GeoCoordinates';
  latitude: number;
  longitude: number;
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#address */
export type Address = {
  type: ['Address', ...string[]];
  addressCountry?: string;
  /** ISO 3166-1 alpha-2 country code. */
  addressCountryCode?: string;
  addressRegion?: string;
  addressLocality?: string;
  streetAddress?: string;
  postOfficeBoxNumber?: string;
  postalCode?: string;
  geo?: GeoCoordinates;
};

/**
 * An issuer, achievement creator, endorser or source organisation (or a person).
 * @see https://www.imsglobal.org/spec/ob/v3p0/#profile
 */
export type Profile = {
  id: Uri;
  type: ['Profile', ...string[]];
  name?: string;
  url?: Uri;
  phone?: string;
  description?: string;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: CompactJws[];
  image?: Image;
  email?: string;
  address?: Address;
  otherIdentifier?: IdentifierEntry[];
  /** The name of the official representative of the organisation. */
  official?: string;
  parentOrg?: Profile;
  familyName?: string;
  givenName?: string;
  additionalName?: string;
  patronymicName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
  familyNamePrefix?: string;
  /** An XML Schema date, e.g. `1990-04-01`. */
  dateOfBirth?: string;
};

/** A profile, or just its URI. A bare URI is legal but leaves displayers with no issuer name. */
export type ProfileRef = Uri | Profile;

/** @see https://www.imsglobal.org/spec/ob/v3p0/#achievement */
export type Achievement = {
  id: Uri;
  type: ['Achievement', ...string[]];
  name: string;
  description: string;
  criteria: Criteria;
  achievementType?: AchievementType;
  alignment?: Alignment[];
  creator?: Profile;
  creditsAvailable?: number;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: CompactJws[];
  fieldOfStudy?: string;
  /** A short code for the achievement, e.g. `CS-101`. */
  humanCode?: string;
  image?: Image;
  /** BCP 47 language tag of the achievement's texts. */
  inLanguage?: string;
  otherIdentifier?: IdentifierEntry[];
  related?: Related[];
  resultDescription?: ResultDescription[];
  specialization?: string;
  tag?: string[];
  version?: string;
};

/**
 * The learner and what they achieved. Either `id` or at least one `identifier` MUST be present.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject
 */
export type AchievementSubject = {
  id?: Uri;
  type: ['AchievementSubject', ...string[]];
  achievement: Achievement;
  identifier?: IdentityObject[];
  activityStartDate?: DateTimeZ;
  activityEndDate?: DateTimeZ;
  creditsEarned?: number;
  image?: Image;
  licenseNumber?: string;
  narrative?: string;
  result?: Result[];
  role?: string;
  source?: Profile;
  term?: string;
};

/** Evidence of the learner's work. @see https://www.imsglobal.org/spec/ob/v3p0/#evidence */
export type Evidence = {
  type: ['Evidence', ...string[]];
  id?: Uri;
  narrative?: string;
  name?: string;
  description?: string;
  genre?: string;
  audience?: string;
};

/** @see https://www.imsglobal.org/spec/ob/v3p0/#endorsementsubject */
export type EndorsementSubject = {
  /** The id of the endorsed entity: a credential, an achievement or a profile. */
  id: Uri;
  type: ['EndorsementSubject', ...string[]];
  endorsementComment?: string;
};

/**
 * A Bitstring Status List entry. OB's schema requires `id`; it MUST NOT be the list URL
 * (use `<list URL>#<index>`). `statusListIndex` is a decimal string.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 */
export type BitstringStatusListEntry = {
  id: Uri;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension' | 'refresh' | 'message';
  statusListIndex: string;
  statusListCredential: Uri;
  statusSize?: number;
  statusMessage?: Array<{ status: string; message: string }>;
  statusReference?: Uri | Uri[];
};

/**
 * The 1EdTech Revocation List status (needs the OB `extensions.json` context).
 * @see https://www.imsglobal.org/spec/vcrl/v1p0/
 */
export type RevocationListStatus = {
  id: Uri;
  type: '1EdTechRevocationList';
};

export type CredentialStatus = BitstringStatusListEntry | RevocationListStatus;

/**
 * A JSON Schema the credential claims to conform to. `1EdTechJsonSchemaValidator2019` needs the OB
 * `extensions.json` context; `JsonSchema` / `JsonSchemaCredential` are VCDM 2.0 types.
 */
export type CredentialSchema = {
  id: Uri;
  type: '1EdTechJsonSchemaValidator2019' | 'JsonSchema' | 'JsonSchemaCredential';
};

/** The 1EdTech Credential Refresh service (needs the OB `extensions.json` context). */
export type RefreshService = {
  id: Uri;
  type: '1EdTechCredentialRefresh';
};

/**
 * Terms of use. No bundled context defines a terms-of-use type, so `type` must be an absolute IRI
 * for the credential to stay signable.
 */
export type TermsOfUse = {
  type: Uri;
  id?: Uri;
};

/**
 * An embedded proof; Cairn signs with `DataIntegrityProof` + `eddsa-rdfc-2022`.
 * @see https://www.w3.org/TR/vc-data-integrity/#proofs
 */
export type Proof = {
  type: string;
  cryptosuite?: string;
  created?: DateTimeZ;
  expires?: DateTimeZ;
  verificationMethod?: Uri;
  proofPurpose?: string;
  proofValue?: string;
  challenge?: string;
  domain?: string;
  nonce?: string;
  id?: Uri;
  previousProof?: Uri | Uri[];
};

/** The properties shared by the OB/CLR credential classes. */
type CredentialBase = {
  '@context': ContextEntry[];
  id: Uri;
  name?: string;
  description?: string;
  image?: Image;
  issuer: ProfileRef;
  validFrom: DateTimeZ;
  validUntil?: DateTimeZ;
  /** When the credential was first awarded; kept unchanged when re-issuing with a newer validFrom. */
  awardedDate?: DateTimeZ;
  evidence?: Evidence[];
  credentialSchema?: CredentialSchema[];
  /** One entry (OB 3.0), or a list (VCDM 2.0: a revocation and a suspension entry). */
  credentialStatus?: CredentialStatus | CredentialStatus[];
  refreshService?: RefreshService;
  termsOfUse?: TermsOfUse[];
  proof?: Proof[];
};

/**
 * An awarded achievement. `AchievementCredential` and `OpenBadgeCredential` name the same class.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential
 */
export type AchievementCredential = CredentialBase & {
  type: ['VerifiableCredential', 'OpenBadgeCredential' | 'AchievementCredential', ...string[]];
  credentialSubject: AchievementSubject;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: CompactJws[];
};
export type OpenBadgeCredential = AchievementCredential;

/**
 * A third party's endorsement of a credential, achievement or profile; signed on its own.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#endorsementcredential
 */
export type EndorsementCredential = CredentialBase & {
  type: ['VerifiableCredential', 'EndorsementCredential', ...string[]];
  name: string;
  credentialSubject: EndorsementSubject;
};
