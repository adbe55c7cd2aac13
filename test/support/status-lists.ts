/** Test helpers: status lists and credentials that point at them, signed with Cairn's own code. */
import type { KeyPair } from '../../src/core/keys/key-pair.js';
import { createBitstring, encodeBitstring, setStatus } from '../../src/core/status-lists/bitstring.js';
import { buildStatusEntry, type StatusPurpose } from '../../src/core/status-lists/build-status-entry.js';
import { buildStatusListCredential } from '../../src/core/status-lists/build-status-list-credential.js';
import { readFixtureJson } from './fixtures.js';
import { signAs } from './signing.js';

export type ListOptions = {
  url: string;
  purpose?: StatusPurpose;
  /** Entry index → value (1 for a set bit). */
  set?: Record<number, number>;
  statusSize?: number;
  entries?: number;
  validFrom?: string;
  validUntil?: string;
  ttl?: number;
};

/** The unsigned list credential. */
export async function unsignedList(issuer: string, options: ListOptions): Promise<Record<string, unknown>> {
  const statusSize = options.statusSize ?? 1;
  const created = createBitstring({ entries: options.entries ?? 131_072, statusSize });
  if (!created.ok) {
    throw new Error(created.problem.detail);
  }
  for (const [index, value] of Object.entries(options.set ?? {})) {
    const written = setStatus(created.value, Number(index), value, statusSize);
    if (!written.ok) {
      throw new Error(written.problem.detail);
    }
  }
  return buildStatusListCredential({
    id: options.url,
    issuer,
    validFrom: options.validFrom ?? '2026-11-01T00:00:00Z',
    ...(options.validUntil ? { validUntil: options.validUntil } : {}),
    statusPurpose: options.purpose ?? 'revocation',
    encodedList: await encodeBitstring(created.value),
    ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
  });
}

/** The list credential, signed by `keyPair` (its controller becomes the list's issuer). */
export async function signedList(keyPair: KeyPair, options: ListOptions): Promise<Record<string, unknown>> {
  return (await signAs(await unsignedList(keyPair.controller, options), keyPair)) as Record<string, unknown>;
}

export type EntryOptions = {
  url: string;
  index: number;
  purpose?: StatusPurpose;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
};

export function statusEntry(options: EntryOptions) {
  return buildStatusEntry({
    statusListCredential: options.url,
    statusListIndex: options.index,
    statusPurpose: options.purpose ?? 'revocation',
    ...(options.statusSize === undefined ? {} : { statusSize: options.statusSize }),
    ...(options.statusMessage === undefined ? {} : { statusMessage: options.statusMessage }),
  });
}

/** An Open Badge issued by `keyPair` with the given credentialStatus, signed (eddsa-rdfc-2022). */
export async function badgeWithStatus(
  keyPair: KeyPair,
  credentialStatus: unknown,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const badge = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');
  return (await signAs({ ...badge, ...extra, credentialStatus }, keyPair)) as Record<string, unknown>;
}

/**
 * A plain VerifiableCredential (VCDM 2.0) with the given credentialStatus, signed. Unlike an Open Badge,
 * whose schema allows one credentialStatus object, it may carry a list of entries.
 */
export async function credentialWithStatus(
  keyPair: KeyPair,
  credentialStatus: unknown,
): Promise<Record<string, unknown>> {
  return (await signAs(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:2f0c8c52-5a55-4d0f-9a51-0b8bb1a0b0a1',
      type: ['VerifiableCredential'],
      issuer: keyPair.controller,
      validFrom: '2026-11-01T00:00:00Z',
      credentialSubject: { id: 'did:example:learner' },
      credentialStatus,
    },
    keyPair,
  )) as Record<string, unknown>;
}
