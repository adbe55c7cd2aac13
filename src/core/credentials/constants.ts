/**
 * The `@context` lists and `credentialSchema` entries Cairn issues with, and the rule that adds the
 * OB `extensions.json` context when a 1EdTech-specific type is used.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#context (STANDARDS-NOTES §1, trap 2)
 */
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { CredentialSchema } from './types.js';

/** `@context` of an OpenBadgeCredential / EndorsementCredential, in the required order. */
export const OB_CREDENTIAL_CONTEXT = [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0] as const;

/** `@context` of a ClrCredential: VCDM 2.0, then CLR 2.0.1, then OB 3.0.3 (the CLR schema checks the order). */
export const CLR_CREDENTIAL_CONTEXT = [
  CONTEXT_URLS.VC_V2,
  CONTEXT_URLS.CLR_V2P0,
  CONTEXT_URLS.OB_V3P0,
] as const;

/** Defines `1EdTechJsonSchemaValidator2019`, `1EdTechRevocationList` and `1EdTechCredentialRefresh`. */
export const OB_EXTENSIONS_CONTEXT = CONTEXT_URLS.OB_V3P0_EXTENSIONS;

/** The published OB 3.0 AchievementCredential schema, as a `credentialSchema` entry. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA: CredentialSchema = {
  id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
};

/** The published OB 3.0 EndorsementCredential schema, as a `credentialSchema` entry. */
export const OB_ENDORSEMENT_CREDENTIAL_SCHEMA: CredentialSchema = {
  id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
};

/** The published CLR 2.0 ClrCredential schema, as a `credentialSchema` entry. */
export const CLR_CREDENTIAL_SCHEMA: CredentialSchema = {
  id: 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
};

const EXTENSION_TYPES = {
  credentialSchema: '1EdTechJsonSchemaValidator2019',
  credentialStatus: '1EdTechRevocationList',
  refreshService: '1EdTechCredentialRefresh',
} as const;

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Says why a credential needs the OB `extensions.json` context, e.g.
 * `credentialStatus uses 1EdTechRevocationList`, or returns undefined when it does not.
 * Works on untrusted input (single values or arrays).
 */
export function findExtensionContextReason(
  credential: Readonly<Record<string, unknown>>,
): string | undefined {
  for (const [property, extensionType] of Object.entries(EXTENSION_TYPES)) {
    for (const entry of asList(credential[property])) {
      const type =
        entry !== null && typeof entry === 'object' ? (entry as { type?: unknown }).type : undefined;
      if (asList(type).includes(extensionType)) {
        return `${property} uses ${extensionType}`;
      }
    }
  }
  return undefined;
}
