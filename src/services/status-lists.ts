/**
 * Status lists on the server: every credential gets its entries at issuance (a revocation entry, and a
 * suspension entry when the issuer enables suspension); revoking or suspending flips the entry's bit and
 * bumps the list's version; the list is re-signed on its next read, so many changes cost one signature.
 */
import { randomBytes } from 'node:crypto';
import { addDataIntegrityProof } from '../core/proofs/add-proof.js';
import {
  createBitstring,
  encodeBitstring,
  MIN_STATUS_LIST_ENTRIES,
  setStatus,
} from '../core/status-lists/bitstring.js';
import { buildStatusEntry } from '../core/status-lists/build-status-entry.js';
import { buildStatusListCredential } from '../core/status-lists/build-status-list-credential.js';
import { permutedIndex } from '../core/status-lists/permuted-index.js';
import { AppError } from '../errors.js';
import type { Issuer } from '../storage/issuers.repository.js';
import { findIssuer } from '../storage/issuers.repository.js';
import {
  type CredentialStatusEntry,
  claimStatusSlots,
  findOpenStatusList,
  findPublicStatusList,
  insertStatusList,
  listSetIndexes,
  type StatusList,
  saveSignedStatusList,
} from '../storage/status-lists.repository.js';
import type { StatusPurposeColumn } from '../storage/tables.js';
import { type AppContext, isoSeconds } from './context.js';
import { loadSigningKey } from './issuers.js';
import { CONFORMANCE_KEY_NAME, isConformanceIssuer } from './system-issuer.js';
import { loadOrCreateSystemKey } from './system-keys.js';
import { urls } from './urls.js';

/** How long verifiers may keep a list (BSL `ttl`, and HTTP max-age): a revocation shows within this. */
export const STATUS_LIST_TTL_MS = 60_000;

export type AllocatedEntry = Omit<CredentialStatusEntry, 'credential_id' | 'value'>;

export function statusPurposesOf(issuer: Issuer): StatusPurposeColumn[] {
  return issuer.suspension_enabled ? ['revocation', 'suspension'] : ['revocation'];
}

/**
 * Takes one slot per purpose, each in its own short statement (outside the issuing transaction, so no
 * lock is held while the credential is signed). A slot whose credential is never stored stays unused.
 */
export async function allocateStatusEntries(ctx: AppContext, issuer: Issuer): Promise<AllocatedEntry[]> {
  return (await allocateStatusEntriesFor(ctx, issuer, 1))[0] ?? [];
}

/**
 * The entries of `count` credentials at once (a batch's rows): per purpose, the slots are claimed in one
 * statement while the open list has room, one at a time when it is nearly full, then from a new list.
 */
export async function allocateStatusEntriesFor(
  ctx: AppContext,
  issuer: Issuer,
  count: number,
): Promise<AllocatedEntry[][]> {
  const credentials: AllocatedEntry[][] = Array.from({ length: count }, () => []);
  for (const purpose of statusPurposesOf(issuer)) {
    let taken = 0;
    for (let attempt = 0; taken < count; attempt++) {
      if (attempt > count + 5) {
        throw new AppError('INTERNAL', 'Could not allocate a status list entry');
      }
      const list =
        (await findOpenStatusList(ctx.db, issuer.organization_id, issuer.id, purpose)) ??
        (await insertStatusList(ctx.db, {
          organization_id: issuer.organization_id,
          issuer_id: issuer.id,
          purpose,
          size: MIN_STATUS_LIST_ENTRIES,
          permutation_key: new Uint8Array(randomBytes(16)),
        }));
      const wanted = count - taken;
      let claimed = wanted;
      let first = await claimStatusSlots(ctx.db, issuer.organization_id, list.id, wanted);
      if (first === undefined && wanted > 1) {
        claimed = 1;
        first = await claimStatusSlots(ctx.db, issuer.organization_id, list.id, 1);
      }
      if (first === undefined) {
        continue;
      }
      for (let counter = first; counter < first + claimed; counter++) {
        credentials[taken]?.push({
          organization_id: issuer.organization_id,
          list_id: list.id,
          purpose,
          status_index: permutedIndex(counter, list.permutation_key, list.size),
        });
        taken++;
      }
    }
  }
  return credentials;
}

/** The credentialStatus a credential carries: one entry, or a list of two with suspension. */
export function credentialStatusOf(ctx: AppContext, entries: AllocatedEntry[]) {
  const built = entries.map((entry) =>
    buildStatusEntry({
      statusListCredential: urls.statusList(ctx.config.publicUrl, entry.list_id),
      statusListIndex: entry.status_index,
      statusPurpose: entry.purpose,
    }),
  );
  return built.length === 1 ? (built[0] as (typeof built)[number]) : built;
}

/** Builds the bitstring from the entries' bits and signs the list credential with the issuer's key. */
async function signStatusList(ctx: AppContext, list: StatusList): Promise<string> {
  const issuer = await findIssuer(ctx.db, list.organization_id, list.issuer_id);
  if (!issuer) {
    throw new AppError('INTERNAL', 'A status list without its issuer');
  }
  const created = createBitstring({ entries: list.size });
  if (!created.ok) {
    throw new AppError('INTERNAL', created.problem.detail);
  }
  const bitstring = created.value;
  for (const index of await listSetIndexes(ctx.db, list.id)) {
    setStatus(bitstring, index, 1);
  }
  const now = ctx.clock();
  // The VC-API conformance issuer is a did:key; every other issuer signs with its did:web key.
  const keyPair = isConformanceIssuer(issuer)
    ? await loadOrCreateSystemKey(ctx, CONFORMANCE_KEY_NAME)
    : await loadSigningKey(ctx, issuer);
  const unsigned = buildStatusListCredential({
    id: urls.statusList(ctx.config.publicUrl, list.id),
    issuer: keyPair.controller,
    // The list's start, not the signing time: a verifier that captured "now" a moment before this
    // (lazy) signature must not find the list "not yet valid".
    validFrom: isoSeconds(new Date(list.created_at)),
    statusPurpose: list.purpose,
    encodedList: await encodeBitstring(bitstring),
    ttl: STATUS_LIST_TTL_MS,
  });
  const signed = await addDataIntegrityProof(
    unsigned as unknown as Record<string, unknown>,
    { cryptosuite: 'eddsa-rdfc-2022', keyPair, created: isoSeconds(now) },
    ctx,
  );
  const document = JSON.stringify(signed);
  await saveSignedStatusList(ctx.db, list.id, document, list.version, now);
  return document;
}

/** The signed list credential as served at /status/{id}, re-signed first when bits changed. */
export async function signedStatusList(
  ctx: AppContext,
  id: string,
): Promise<{ document: string; version: number } | undefined> {
  const list = await findPublicStatusList(ctx.db, id);
  if (!list) {
    return undefined;
  }
  if (list.signed_version === list.version && list.signed_document) {
    return { document: list.signed_document, version: list.version };
  }
  return { document: await signStatusList(ctx, list), version: list.version };
}

/** For the verifier: this installation's own lists, read from the database (fresh, no HTTP). */
export function localStatusLists(ctx: AppContext): (url: string) => Promise<unknown | undefined> {
  const prefix = urls.statusList(ctx.config.publicUrl, '');
  return async (url) => {
    if (!url.startsWith(prefix)) {
      return undefined;
    }
    const found = await signedStatusList(ctx, decodeURIComponent(url.slice(prefix.length)));
    return found ? JSON.parse(found.document) : undefined;
  };
}
