/** Builds the `credentialStatus` entry that points a credential at its place in a status list. */

import { invalid } from '../credentials/build-parts.js';
import type { BitstringStatusListEntry } from '../credentials/types.js';
import { isSupportedStatusSize, MAX_STATUS_SIZE } from './bitstring.js';

export type StatusPurpose = BitstringStatusListEntry['statusPurpose'];

/** The purposes the Recommendation defines, and the only ones Cairn issues. */
export const STATUS_PURPOSES = [
  'revocation',
  'suspension',
  'refresh',
  'message',
] as const satisfies readonly StatusPurpose[];

/** Throws INVALID_INPUT unless `value` is one of STATUS_PURPOSES. */
export function requireStatusPurpose(value: unknown, field = 'statusPurpose'): StatusPurpose {
  if (!(STATUS_PURPOSES as readonly unknown[]).includes(value)) {
    invalid(field, `must be one of ${STATUS_PURPOSES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as StatusPurpose;
}

export type StatusMessage = { status: string; message: string };

export type StatusEntryInput = {
  /** The URL the status list credential is served at (http or https, no fragment). */
  statusListCredential: string;
  /** The entry's index in the list; written into the credential as a decimal string. */
  statusListIndex: number;
  statusPurpose: StatusPurpose;
  /** Bits per entry; default 1 (then left out of the entry). Above 1, `statusMessage` is required. */
  statusSize?: number;
  /** One message per possible value (2^statusSize of them), `status` as `0x…` hexadecimal. */
  statusMessage?: readonly StatusMessage[];
  /** URL(s) of material explaining the status values. */
  statusReference?: string | readonly string[];
};

/** An http(s) URL that can be fetched: a status list (or reference) the verifier will dereference. */
export function requireHttpUrl(value: unknown, field: string, options: { fragment?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    invalid(field, `must be an http or https URL, got ${JSON.stringify(value)}`);
  }
  if (typeof value !== 'string' || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    invalid(field, `must be an http or https URL, got ${JSON.stringify(value)}`);
  }
  if (options.fragment === false && (url.hash !== '' || value.includes('#'))) {
    invalid(field, 'must not have a #fragment');
  }
  return value;
}

function buildStatusMessages(messages: readonly StatusMessage[], statusSize: number): StatusMessage[] {
  if (messages.length !== 2 ** statusSize) {
    invalid(
      'statusMessage',
      `needs one message for each of the ${2 ** statusSize} values of a ${statusSize}-bit status, not ${messages.length}`,
    );
  }
  const seen = new Set<number>();
  return messages.map((entry, position) => {
    const field = `statusMessage[${position}]`;
    if (typeof entry?.status !== 'string' || !/^0x[0-9a-fA-F]+$/.test(entry.status)) {
      invalid(`${field}.status`, 'must be a hexadecimal value written as 0x…');
    }
    const value = Number.parseInt(entry.status.slice(2), 16);
    if (value >= 2 ** statusSize || seen.has(value)) {
      invalid(`${field}.status`, `${entry.status} is out of range or repeated`);
    }
    seen.add(value);
    if (typeof entry.message !== 'string' || entry.message === '') {
      invalid(`${field}.message`, 'must be a non-empty string');
    }
    return { status: entry.status, message: entry.message };
  });
}

/**
 * Builds a BitstringStatusListEntry:
 * `{ id: "<list URL>#<index>", type: "BitstringStatusListEntry", statusPurpose, statusListIndex: "<index>",
 * statusListCredential: "<list URL>", statusSize?, statusMessage?, statusReference? }`.
 *
 * The `id` is never the list URL itself (BSL §2.1); OB 3.0's schema requires an id, so one is always
 * written. `statusSize` 1 is the default and is left out.
 *
 * @throws AppError INVALID_INPUT when the list URL is not http(s) or has a fragment, the index is not a
 *   non-negative integer, statusSize is not an integer from 1 to 8, or statusMessage is missing (for a
 *   statusSize above 1), of the wrong length or malformed.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
 * @example
 *   buildStatusEntry({
 *     statusListCredential: 'https://cairn.example/status/3',
 *     statusListIndex: 94567,
 *     statusPurpose: 'revocation',
 *   });
 *   // { id: 'https://cairn.example/status/3#94567', type: 'BitstringStatusListEntry',
 *   //   statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: 'https://cairn.example/status/3' }
 */
export function buildStatusEntry(input: StatusEntryInput): BitstringStatusListEntry {
  const list = requireHttpUrl(input.statusListCredential, 'statusListCredential', { fragment: false });
  if (!Number.isSafeInteger(input.statusListIndex) || input.statusListIndex < 0) {
    invalid('statusListIndex', 'must be a non-negative integer');
  }
  const statusPurpose = requireStatusPurpose(input.statusPurpose);
  const statusSize = input.statusSize ?? 1;
  if (!isSupportedStatusSize(statusSize)) {
    invalid('statusSize', `must be an integer from 1 to ${MAX_STATUS_SIZE}`);
  }
  if (statusSize > 1 && input.statusMessage === undefined) {
    invalid('statusMessage', 'is required when statusSize is greater than 1');
  }
  const references =
    input.statusReference === undefined
      ? undefined
      : typeof input.statusReference === 'string'
        ? requireHttpUrl(input.statusReference, 'statusReference')
        : input.statusReference.map((reference, position) =>
            requireHttpUrl(reference, `statusReference[${position}]`),
          );
  const index = String(input.statusListIndex);
  return {
    id: `${list}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: index,
    statusListCredential: list,
    ...(statusSize === 1 ? {} : { statusSize }),
    ...(input.statusMessage === undefined
      ? {}
      : { statusMessage: buildStatusMessages(input.statusMessage, statusSize) }),
    ...(references === undefined ? {} : { statusReference: references }),
  };
}
