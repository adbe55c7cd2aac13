/**
 * The Open Badges 3.0 API's OAuth 2.0 scopes (OB 3.0 §"Scopes"): what a connected app may do with a
 * learner's wallet. Pure: shared by the server, the consent page and the wallet.
 */
const PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';

export const OB_SCOPES = {
  credentialRead: `${PREFIX}credential.readonly`,
  credentialUpsert: `${PREFIX}credential.upsert`,
  profileRead: `${PREFIX}profile.readonly`,
  profileUpdate: `${PREFIX}profile.update`,
} as const;

export type ObScope = (typeof OB_SCOPES)[keyof typeof OB_SCOPES];

export const ALL_OB_SCOPES: readonly ObScope[] = Object.values(OB_SCOPES);

/** The i18n key that says a scope in plain words (en and es), for the consent page and the wallet. */
export const SCOPE_LABEL_KEYS: Record<ObScope, string> = {
  [OB_SCOPES.credentialRead]: 'consent.scope.credentialRead',
  [OB_SCOPES.credentialUpsert]: 'consent.scope.credentialUpsert',
  [OB_SCOPES.profileRead]: 'consent.scope.profileRead',
  [OB_SCOPES.profileUpdate]: 'consent.scope.profileUpdate',
};

export function isObScope(value: string): value is ObScope {
  return (ALL_OB_SCOPES as readonly string[]).includes(value);
}

/** The scopes of an OAuth `scope` parameter (space separated, RFC 6749 §3.3), each once, in order. */
export function splitScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((item) => item !== ''))];
}
