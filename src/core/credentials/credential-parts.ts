/**
 * The parts every credential builder shares: the common input fields, the `@context` choice, dates,
 * and the status/schema/refresh/terms-of-use entries with their signability checks.
 */
import {
  buildEvidence,
  cloneJson,
  type EvidenceInput,
  type ImageInput,
  invalid,
  mapList,
  optionalUri,
  requireText,
  requireUri,
  withoutEmpty,
} from './build-parts.js';
import { findExtensionContextReason, OB_EXTENSIONS_CONTEXT } from './constants.js';
import { formatDateTimeZ } from './dates.js';
import type {
  BitstringStatusListEntry,
  CredentialSchema,
  CredentialStatus,
  Evidence,
  Profile,
  RefreshService,
  TermsOfUse,
} from './types.js';

/** Input fields shared by the AchievementCredential, EndorsementCredential and ClrCredential builders. */
export type CommonCredentialInput = {
  /**
   * The credential's id: a `urn:uuid:…` or https URL the caller generates (builders draw no randomness).
   * Keep it when re-issuing: OB 3.0 treats credentials with the same `id` and issuer `id` as the same
   * credential, and the one with the newer `validFrom` wins.
   */
  id: string;
  /** The issuer, built with `buildProfile` (so `type` includes "Profile"); its `id` must be the key controller. */
  issuer: Profile;
  /**
   * When the credential becomes valid. A `Date`, or a string with a timezone. Written as
   * `2026-11-28T10:00:00Z` (UTC, whole seconds). When re-issuing, pass the new date here.
   */
  validFrom: Date | string;
  validUntil?: Date | string;
  /**
   * When the achievement was first awarded. When re-issuing (same `id`, newer `validFrom`), pass the
   * original award date here so that it survives the update.
   * @see https://www.imsglobal.org/spec/ob/v3p0/#equality-and-comparison
   */
  awardedDate?: Date | string;
  description?: string;
  image?: ImageInput;
  evidence?: readonly EvidenceInput[];
  /** E.g. `OB_ACHIEVEMENT_CREDENTIAL_SCHEMA`; a 1EdTech type adds the `extensions.json` context. */
  credentialSchema?: readonly CredentialSchema[];
  /**
   * A BitstringStatusListEntry (its `id` must not be the list URL) or a 1EdTechRevocationList entry; a
   * list of entries (revocation and suspension) is VCDM 2.0, beyond OB 3.0's single entry.
   */
  credentialStatus?: CredentialStatus | readonly CredentialStatus[];
  refreshService?: RefreshService;
  /** Each `type` must be an absolute IRI: no bundled context defines a terms-of-use type. */
  termsOfUse?: readonly TermsOfUse[];
};

/** The base `@context`, plus `extensions.json` when the credential uses a 1EdTech extension type. */
export function contextFor(base: readonly string[], credential: Readonly<Record<string, unknown>>): string[] {
  return findExtensionContextReason(credential) === undefined ? [...base] : [...base, OB_EXTENSIONS_CONTEXT];
}

export type CommonCredentialParts = {
  id: string;
  issuer: Profile;
  validFrom: string;
  validUntil: string | undefined;
  awardedDate: string | undefined;
  evidence: Evidence[] | undefined;
  credentialSchema: CredentialSchema[] | undefined;
  credentialStatus: CredentialStatus | CredentialStatus[] | undefined;
  refreshService: RefreshService | undefined;
  termsOfUse: TermsOfUse[] | undefined;
};

const CREDENTIAL_SCHEMA_TYPES: readonly string[] = [
  '1EdTechJsonSchemaValidator2019',
  'JsonSchema',
  'JsonSchemaCredential',
];
const STATUS_PURPOSES: readonly string[] = ['revocation', 'suspension', 'refresh', 'message'];

// Status, schema, refresh and terms-of-use entries are rebuilt from their known properties only, so
// that nothing the JSON-LD contexts do not define can slip into a credential.

function buildCredentialStatus(status: CredentialStatus | undefined): CredentialStatus | undefined {
  if (status === undefined) {
    return undefined;
  }
  const id = requireUri(status.id, 'credentialStatus.id');
  if (status.type === '1EdTechRevocationList') {
    return { id, type: '1EdTechRevocationList' };
  }
  if (status.type !== 'BitstringStatusListEntry') {
    invalid('credentialStatus.type', 'must be "BitstringStatusListEntry" or "1EdTechRevocationList"');
  }
  const statusListCredential = requireUri(
    status.statusListCredential,
    'credentialStatus.statusListCredential',
  );
  if (id === statusListCredential) {
    invalid('credentialStatus.id', 'must not be the status list URL; use "<list URL>#<index>"');
  }
  if (typeof status.statusListIndex !== 'string' || !/^\d+$/.test(status.statusListIndex)) {
    invalid('credentialStatus.statusListIndex', 'must be a decimal string, e.g. "94567"');
  }
  if (!STATUS_PURPOSES.includes(status.statusPurpose)) {
    invalid('credentialStatus.statusPurpose', `must be one of: ${STATUS_PURPOSES.join(', ')}`);
  }
  if (status.statusSize !== undefined && (!Number.isInteger(status.statusSize) || status.statusSize < 1)) {
    invalid('credentialStatus.statusSize', 'must be a positive whole number');
  }
  return withoutEmpty<BitstringStatusListEntry>({
    id,
    type: 'BitstringStatusListEntry',
    statusPurpose: status.statusPurpose,
    statusListIndex: status.statusListIndex,
    statusListCredential,
    statusSize: status.statusSize,
    statusMessage: status.statusMessage?.map(({ status: value, message }) => ({
      status: requireText(value, 'credentialStatus.statusMessage.status'),
      message: requireText(message, 'credentialStatus.statusMessage.message'),
    })),
    statusReference:
      status.statusReference === undefined
        ? undefined
        : Array.isArray(status.statusReference)
          ? status.statusReference.map((uri) => requireUri(uri, 'credentialStatus.statusReference'))
          : requireUri(status.statusReference, 'credentialStatus.statusReference'),
  });
}

function buildCredentialSchema(schema: CredentialSchema, field: string): CredentialSchema {
  if (!CREDENTIAL_SCHEMA_TYPES.includes(schema.type)) {
    invalid(`${field}.type`, `must be one of: ${CREDENTIAL_SCHEMA_TYPES.join(', ')}`);
  }
  return { id: requireUri(schema.id, `${field}.id`), type: schema.type };
}

function buildRefreshService(service: RefreshService | undefined): RefreshService | undefined {
  if (service === undefined) {
    return undefined;
  }
  if (service.type !== '1EdTechCredentialRefresh') {
    invalid('refreshService.type', 'must be "1EdTechCredentialRefresh"');
  }
  return { id: requireUri(service.id, 'refreshService.id'), type: service.type };
}

function buildTermsOfUse(terms: TermsOfUse, field: string): TermsOfUse {
  return withoutEmpty<TermsOfUse>({
    type: requireUri(terms.type, `${field}.type`),
    id: optionalUri(terms.id, `${field}.id`),
  });
}

/** Checks and formats the fields every credential shares. */
export function buildCommonParts(input: CommonCredentialInput): CommonCredentialParts {
  if (input.issuer === null || typeof input.issuer !== 'object') {
    invalid('issuer', 'is required (build it with buildProfile)');
  }
  const validFrom = formatDateTimeZ(input.validFrom, 'validFrom');
  const validUntil =
    input.validUntil === undefined ? undefined : formatDateTimeZ(input.validUntil, 'validUntil');
  if (validUntil !== undefined && validUntil <= validFrom) {
    invalid('validUntil', 'must be after validFrom');
  }
  return {
    id: requireUri(input.id, 'id'),
    issuer: cloneJson(input.issuer),
    validFrom,
    validUntil,
    awardedDate:
      input.awardedDate === undefined ? undefined : formatDateTimeZ(input.awardedDate, 'awardedDate'),
    evidence: mapList(input.evidence, 'evidence', buildEvidence),
    credentialSchema: mapList(input.credentialSchema, 'credentialSchema', buildCredentialSchema),
    credentialStatus: Array.isArray(input.credentialStatus)
      ? (input.credentialStatus as readonly CredentialStatus[]).map(
          (status) => buildCredentialStatus(status) as CredentialStatus,
        )
      : buildCredentialStatus(input.credentialStatus as CredentialStatus | undefined),
    refreshService: buildRefreshService(input.refreshService),
    termsOfUse: mapList(input.termsOfUse, 'termsOfUse', buildTermsOfUse),
  };
}
