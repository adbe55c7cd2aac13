/**
 * LinkedIn's "Add to profile" link for a certification, filled from the credential: the name, the
 * issuing organization (its LinkedIn organization id when the issuer has one, else its name), the issue
 * and expiry month, the credential's page and its id.
 *
 * @see https://addtoprofile.linkedin.com/
 */
export type LinkedInCertification = {
  name: string;
  /** LinkedIn's numeric id of the issuing organization, when the issuer has set one. */
  organizationId?: string;
  /** The issuer's name: used when there is no organization id. */
  organizationName: string;
  issued: Date;
  expires?: Date;
  /** The credential's public page. */
  certUrl: string;
  /** The credential id people quote (Cairn's public id). */
  certId: string;
};

const BASE = 'https://www.linkedin.com/profile/add';

/**
 * The Add-to-Profile URL. Year and month are the UTC ones the credential states.
 *
 * @example
 * linkedInAddToProfileUrl({ name: 'Rust 101', organizationName: 'Acme', issued, certUrl, certId });
 */
export function linkedInAddToProfileUrl(input: LinkedInCertification): string {
  const params = new URLSearchParams();
  params.set('startTask', 'CERTIFICATION_NAME');
  params.set('name', input.name);
  if (input.organizationId) {
    params.set('organizationId', input.organizationId);
  } else {
    params.set('organizationName', input.organizationName);
  }
  params.set('issueYear', String(input.issued.getUTCFullYear()));
  params.set('issueMonth', String(input.issued.getUTCMonth() + 1));
  if (input.expires) {
    params.set('expirationYear', String(input.expires.getUTCFullYear()));
    params.set('expirationMonth', String(input.expires.getUTCMonth() + 1));
  }
  params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return `${BASE}?${params.toString()}`;
}
