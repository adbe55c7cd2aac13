/**
 * TypeScript types for CLR 2.0 (Comprehensive Learner Record): a credential that bundles a learner's
 * AchievementCredentials with the achievements involved and the associations between them.
 *
 * Source: the CLR 2.0 JSON Schema (./schemas/clr-v2p0-jsonld-clrcredential.json) and the CLR 2.0.1
 * JSON-LD context; the CLR spec document itself: https://www.imsglobal.org/spec/clr/v2p0/
 */
import type {
  Achievement,
  AchievementCredential,
  CompactJws,
  ContextEntry,
  CredentialSchema,
  CredentialStatus,
  DateTimeZ,
  EndorsementCredential,
  Evidence,
  IdentityObject,
  Image,
  ProfileRef,
  Proof,
  RefreshService,
  TermsOfUse,
  Uri,
} from './types.js';
import type { AssociationType } from './vocabulary.js';

/**
 * A relationship between two achievements, e.g. a micro-credential `isPartOf` a certificate.
 * `sourceId` and `targetId` are Achievement ids. `type` is a single string here, not an array
 * (the CLR schema allows no array).
 * @see https://www.imsglobal.org/spec/clr/v2p0/#association
 */
export type Association = {
  type: 'Association';
  associationType: AssociationType;
  sourceId: Uri;
  targetId: Uri;
};

/**
 * The learner of a CLR. Either `id` or at least one `identifier` MUST be present.
 * @see https://www.imsglobal.org/spec/clr/v2p0/#clrsubject
 */
export type ClrSubject = {
  id?: Uri;
  type: ['ClrSubject', ...string[]];
  identifier?: IdentityObject[];
  /** Achievement definitions involved, including ones not (yet) awarded on their own. */
  achievement?: Achievement[];
  /** Complete, independently signed AchievementCredentials (1..*). */
  verifiableCredential: AchievementCredential[];
  association?: Association[];
};

/** @see https://www.imsglobal.org/spec/clr/v2p0/#clrcredential */
export type ClrCredential = {
  '@context': ContextEntry[];
  id: Uri;
  type: ['VerifiableCredential', 'ClrCredential', ...string[]];
  name: string;
  description?: string;
  image?: Image;
  /** True when the CLR does not include all of the learner's assertions. */
  partial?: boolean;
  issuer: ProfileRef;
  validFrom: DateTimeZ;
  validUntil?: DateTimeZ;
  awardedDate?: DateTimeZ;
  credentialSubject: ClrSubject;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: CompactJws[];
  evidence?: Evidence[];
  credentialSchema?: CredentialSchema[];
  credentialStatus?: CredentialStatus | CredentialStatus[];
  refreshService?: RefreshService;
  termsOfUse?: TermsOfUse[];
  proof?: Proof[];
};
