/**
 * Open Badges 3.0 and CLR 2.0 credentials: types, builders for unsigned credentials exactly as Cairn
 * issues them, recipient identity hashing, and structural validation with readable messages.
 *
 * Pure and isomorphic: no I/O, no clock, no randomness, no Node built-ins; runs in a browser bundle.
 */
export { type AchievementInput, buildAchievement } from './build-achievement.js';
export {
  type AchievementCredentialInput,
  buildAchievementCredential,
} from './build-achievement-credential.js';
export { type AchievementSubjectInput, buildAchievementSubject } from './build-achievement-subject.js';
export {
  type AssociationInput,
  buildClrCredential,
  type ClrCredentialInput,
} from './build-clr-credential.js';
export {
  buildEndorsementCredential,
  type EndorsementCredentialInput,
} from './build-endorsement-credential.js';
export type {
  AddressInput,
  AlignmentInput,
  EvidenceInput,
  IdentifierEntryInput,
  ImageInput,
  RecipientInput,
  RelatedInput,
  ResultDescriptionInput,
  ResultInput,
  RubricCriterionLevelInput,
} from './build-parts.js';
export { buildProfile, type ProfileInput } from './build-profile.js';
export type { Association, ClrCredential, ClrSubject } from './clr-types.js';
export {
  CLR_CREDENTIAL_CONTEXT,
  CLR_CREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  OB_CREDENTIAL_CONTEXT,
  OB_ENDORSEMENT_CREDENTIAL_SCHEMA,
  OB_EXTENSIONS_CONTEXT,
} from './constants.js';
export type { CommonCredentialInput } from './credential-parts.js';
export { formatDateTimeZ, isDateTimeZ } from './dates.js';
export { hashIdentity, matchesIdentity, normalizeIdentityValue, plainIdentity } from './identity.js';
export { SCHEMA_IDS } from './schemas.js';
export type * from './types.js';
export {
  type CredentialKind,
  detectCredentialKind,
  type ValidationIssue,
  type ValidationMode,
  type ValidationResult,
  VCDM_MINIMAL_SCHEMA,
  validateCredential,
} from './validate-credential.js';
export * from './vocabulary.js';
