/** Builds the unsigned BitstringStatusListCredential an issuer publishes (and signs) at a list's URL. */
import { invalid } from '../credentials/build-parts.js';
import { formatDateTimeZ } from '../credentials/dates.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import { requireHttpUrl, requireStatusPurpose, type StatusPurpose } from './build-status-entry.js';

/**
 * A status list credential as Cairn publishes it.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistcredential
 */
export type BitstringStatusListCredential = {
  '@context': [typeof CONTEXT_URLS.VC_V2];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  /** A string: the W3C status-list suite fails an issuer object. */
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
    /** Milliseconds a verifier may cache the list before it should fetch it again. */
    ttl?: number;
  };
};

export type StatusListCredentialInput = {
  /** The URL the list is served at; entries name it as `statusListCredential`. */
  id: string;
  /** The issuer's id (a DID or URL), the controller of the signing key. */
  issuer: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  statusPurpose: StatusPurpose;
  /** From `encodeBitstring`: `u` + base64url(GZIP(bitstring)). */
  encodedList: string;
  /** Cache lifetime for verifiers, in milliseconds; align HTTP Cache-Control with it. */
  ttl?: number;
};

/**
 * Builds an unsigned BitstringStatusListCredential:
 * `{ @context: [v2], id, type: [VerifiableCredential, BitstringStatusListCredential], issuer, validFrom,
 * validUntil?, credentialSubject: { id: "<id>#list", type: BitstringStatusList, statusPurpose,
 * encodedList, ttl? } }`. Sign it with the issuer's key (the same suite as the credentials it covers).
 *
 * The issuer is written as a string, never an object: the W3C status-list test suite requires it.
 *
 * @throws AppError INVALID_INPUT when `id` is not an http(s) URL without a fragment, `issuer` is not an
 *   absolute URI string, a date has no time zone or validUntil is not after validFrom, encodedList is not
 *   multibase base64url (`u…`), or ttl is not a non-negative integer.
 * @example
 *   buildStatusListCredential({
 *     id: 'https://cairn.example/status/3',
 *     issuer: 'did:web:cairn.example',
 *     validFrom: '2026-11-28T10:00:00Z',
 *     statusPurpose: 'revocation',
 *     encodedList: await encodeBitstring(bitstring),
 *     ttl: 300_000,
 *   });
 */
export function buildStatusListCredential(input: StatusListCredentialInput): BitstringStatusListCredential {
  const id = requireHttpUrl(input.id, 'id', { fragment: false });
  if (typeof input.issuer !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(input.issuer)) {
    invalid('issuer', 'must be the issuer id as a string (a DID or URL), not an object');
  }
  const validFrom = formatDateTimeZ(input.validFrom, 'validFrom');
  const validUntil =
    input.validUntil === undefined ? undefined : formatDateTimeZ(input.validUntil, 'validUntil');
  if (validUntil !== undefined && Date.parse(validUntil) <= Date.parse(validFrom)) {
    invalid('validUntil', 'must be after validFrom');
  }
  const statusPurpose = requireStatusPurpose(input.statusPurpose);
  if (typeof input.encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(input.encodedList)) {
    invalid('encodedList', 'must be multibase base64url without padding (from encodeBitstring)');
  }
  if (input.ttl !== undefined && (!Number.isSafeInteger(input.ttl) || input.ttl < 0)) {
    invalid('ttl', 'must be a non-negative integer number of milliseconds');
  }
  return {
    '@context': [CONTEXT_URLS.VC_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom,
    ...(validUntil === undefined ? {} : { validUntil }),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose,
      encodedList: input.encodedList,
      ...(input.ttl === undefined ? {} : { ttl: input.ttl }),
    },
  };
}
