/**
 * The status checker: reads a credential's `credentialStatus` entries (Bitstring Status List, and the
 * legacy 1EdTech Revocation List of OB 3.0) and says, for each, passed / failed / unknown.
 *
 * The rule it keeps: a status that could not be established is `unknown`, never "active". An unreachable
 * list, a non-2xx answer, a body that is not a list, a list whose proof does not verify, a list signed by
 * someone other than the credential's issuer, an expired list, a purpose or index that does not match —
 * each gives `unknown` with the reason and the BSL / VCDM problem type, so the credential is not verified.
 *
 * Everything outside is injected: the fetch (with ETag revalidation), the verifier used on the list
 * credential itself, and the clock that ages the cache. The core stays free of network and time.
 *
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm
 * @see https://www.imsglobal.org/spec/vcrl/v1p0/ (1EdTech Revocation List Status Method)
 */
import { isAppError } from '../../errors.js';
import { type Problem, type ProblemName, problem } from '../proofs/problems.js';
import { decodeVcJwt, looksLikeJwt } from '../proofs/vc-jwt.js';
import { isHttpUrl } from '../verification/http-url.js';
import type { StatusChecker, StatusResult, VerificationReport } from '../verification/report.js';
import {
  type Bitstring,
  checkListLength,
  DEFAULT_MAX_BITSTRING_BYTES,
  decodeEncodedList,
  getStatus,
  isSupportedStatusSize,
  MAX_STATUS_SIZE,
  parseStatusListIndex,
} from './bitstring.js';
import { StatusListCache, type StatusListCacheOptions } from './status-list-cache.js';

/** What the fetch port answers: a document, or "not modified" for a conditional request. */
export type StatusListResponse =
  | {
      notModified: true;
      /** Freshness the server gave (HTTP Cache-Control max-age), in milliseconds. */
      maxAgeMs?: number;
    }
  | {
      notModified: false;
      /** The parsed JSON document, or the compact JWS text of a list secured as a VC-JWT. */
      body: unknown;
      etag?: string;
      maxAgeMs?: number;
      /** False when the answer must not be reused (HTTP `no-store`, or a server answering its own lists). */
      cacheable?: boolean;
    };

/**
 * Fetches a status list document. With `etag`, the request is conditional (If-None-Match) and may
 * answer `{ notModified: true }`. Throws when the document cannot be had — network failure, timeout, a
 * non-2xx status, a body that is not JSON — with a message that says why.
 */
export type FetchStatusList = (url: string, options: { etag?: string }) => Promise<StatusListResponse>;

/** A status list as the checker keeps it once its proof has been verified. */
export type PreparedStatusList =
  | {
      kind: 'bitstring';
      url: string;
      issuer: string | undefined;
      purposes: string[];
      bitstring: Bitstring;
      validFrom: string | undefined;
      validUntil: string | undefined;
      /** The list's `ttl`, in milliseconds. */
      ttlMs: number | undefined;
    }
  | {
      kind: '1edtech';
      url: string;
      /** Credential id → whether it is revoked, and the reason given. */
      entries: Map<string, { revoked: boolean; reason: string | undefined }>;
    };

export type StatusCheckerDependencies = {
  fetchList: FetchStatusList;
  /**
   * Verifies a status list credential (its proofs, its issuer, its validity window), as
   * `verifyCredential` does. The list is trusted only when the report says `verified`.
   */
  verifyListCredential: (list: unknown, context: { now: Date }) => Promise<VerificationReport>;
  /** Milliseconds since the epoch; ages the cache only (`now` judges validity). */
  clock: () => number;
  /**
   * Fetched lists, with the verdict of `verifyListCredential` on them; default: a cache of this
   * checker's own. Share one only between checkers that verify lists by the same rules.
   */
  cache?: StatusListCache<PreparedStatusList>;
  /** Cache lifetime of a list with no `ttl` and no HTTP max-age. Default 5 minutes. */
  defaultTtlMs?: number;
  /** Upper bound on any list's cache lifetime, whatever its `ttl` says. Default 24 hours. */
  maxTtlMs?: number;
  /** Largest bitstring inflated from an `encodedList`. Default 16 MiB. */
  maxBitstringBytes?: number;
  /**
   * Most status entries checked on one credential; the rest are `unknown`. Each entry may cost a fetch,
   * so a credential cannot make the verifier fetch without bound. Default 16.
   */
  maxEntriesPerCredential?: number;
};

/** A cache to share between status checkers (e.g. one per server process). */
export function createStatusListCache(
  options: StatusListCacheOptions = {},
): StatusListCache<PreparedStatusList> {
  return new StatusListCache<PreparedStatusList>(options);
}

type Json = Record<string, unknown>;
type Prepared<T> = { ok: true; list: T } | { ok: false; failure: StatusResult };

const DEFAULT_TTL_MS = 5 * 60 * 1000;
const MAX_TTL_MS = 24 * 60 * 60 * 1000;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function issuerIdOf(credential: Json): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') {
    return issuer;
  }
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

/** Two URLs name the same resource (compared as parsed, fragments ignored). */
function sameResource(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    left.hash = '';
    right.hash = '';
    return left.href === right.href;
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  if (isAppError(error)) {
    return error.detail ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function unknown(name: ProblemName, detail: string, purpose?: string): StatusResult {
  return {
    status: 'unknown',
    detail,
    ...(purpose === undefined ? {} : { purpose }),
    problem: problem(name, detail),
  };
}

function unknownWith(found: Problem, detail: string, purpose: string): StatusResult {
  return { status: 'unknown', detail, purpose, problem: { ...found, detail } };
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** The issuer's message for a status value, from the entry's `statusMessage` list. */
function messageFor(statusMessage: unknown, value: number): string | undefined {
  for (const item of asArray(statusMessage)) {
    if (
      isObject(item) &&
      typeof item.status === 'string' &&
      /^0x[0-9a-fA-F]+$/.test(item.status) &&
      Number.parseInt(item.status.slice(2), 16) === value &&
      typeof item.message === 'string'
    ) {
      return item.message;
    }
  }
  return undefined;
}

/** The list credential inside the body: the JSON object, or the payload of a VC-JWT. */
function listDocumentOf(body: unknown): Json | string {
  if (isObject(body)) {
    return body;
  }
  if (typeof body === 'string' && looksLikeJwt(body.trim())) {
    try {
      return decodeVcJwt(body.trim()).credential;
    } catch (error) {
      return `it answered a JWT that cannot be decoded (${reasonOf(error)})`;
    }
  }
  return 'it did not answer with a JSON object';
}

/** The first non-passed check of a list's verification report, in words. */
function whyNotVerified(report: VerificationReport): string {
  if (report.verdict === 'expired' || report.verdict === 'not-yet-valid') {
    const validity = report.checks.find((check) => check.check === 'validity');
    return `the list is ${report.verdict === 'expired' ? 'expired' : 'not yet valid'} (${validity?.detail ?? report.verdict})`;
  }
  const failed = report.checks.find((check) => check.status !== 'passed');
  return failed ? `${failed.check}: ${failed.detail}` : `the list is ${report.verdict}`;
}

/**
 * Creates the StatusChecker `verifyCredential` takes. Each `credentialStatus` entry gives one result:
 *
 * - `BitstringStatusListEntry`: fetch the list (cached for its `ttl`, else 5 minutes; then revalidated
 *   with If-None-Match), require its proof to verify and its issuer to be the credential's issuer,
 *   require the entry's purpose among the list's, the list inside its validity window and at least
 *   131,072 entries long, and the index inside it. Then the value decides: `revocation` set → failed,
 *   `revoked`; `suspension` set → failed, `suspended`; 0 → passed, `active`; `refresh` and `message`
 *   are reported and pass (with the issuer's statusMessage for the value).
 * - `1EdTechRevocationList`: fetch the list at the entry's `id` and look for the credential's id in
 *   `revokedCredentials`. These lists are not signed: Cairn takes the issuer's https answer as evidence
 *   (as it does for did:web documents) and says in a warning that the list is unsigned.
 * - any other type: unknown ("not supported").
 *
 * Whatever cannot be established is `unknown`, with STATUS_RETRIEVAL_ERROR, STATUS_VERIFICATION_ERROR,
 * STATUS_LIST_LENGTH_ERROR, RANGE_ERROR or MALFORMED_VALUE_ERROR; the checker itself never throws for a
 * bad list or entry.
 *
 * @example
 *   const checkStatus = createStatusChecker({
 *     fetchList,                                            // e.g. createStatusListFetcher(guardedFetch)
 *     verifyListCredential: (list, { now }) => verifyCredential(list, { now, crypto }),
 *     clock: () => Date.now(),
 *   });
 *   await verifyCredential(credential, { now, crypto, checkStatus });
 */
export function createStatusChecker(deps: StatusCheckerDependencies): StatusChecker {
  const cache = deps.cache ?? createStatusListCache();
  const defaultTtlMs = deps.defaultTtlMs ?? DEFAULT_TTL_MS;
  const maxTtlMs = deps.maxTtlMs ?? MAX_TTL_MS;
  const maxBitstringBytes = deps.maxBitstringBytes ?? DEFAULT_MAX_BITSTRING_BYTES;
  const maxEntries = deps.maxEntriesPerCredential ?? 16;
  // Concurrent checks of one list share one fetch.
  const inFlight = new Map<string, Promise<Prepared<PreparedStatusList>>>();

  async function prepareBitstringList(
    url: string,
    body: unknown,
    now: Date,
  ): Promise<Prepared<PreparedStatusList>> {
    const fail = (name: ProblemName, detail: string) =>
      ({ ok: false, failure: unknown(name, detail) }) as const;
    const document = listDocumentOf(body);
    if (typeof document === 'string') {
      return fail('STATUS_RETRIEVAL_ERROR', `the status list ${url} could not be read: ${document}`);
    }
    if (!asArray(document.type).includes('BitstringStatusListCredential')) {
      return fail(
        'MALFORMED_VALUE_ERROR',
        `the document at ${url} is not a BitstringStatusListCredential (its type is ${JSON.stringify(document.type ?? null)})`,
      );
    }
    const subject = asArray(document.credentialSubject).find(
      (item): item is Json => isObject(item) && asArray(item.type).includes('BitstringStatusList'),
    );
    if (subject === undefined) {
      return fail('MALFORMED_VALUE_ERROR', `the status list ${url} has no BitstringStatusList subject`);
    }
    const purposes = asArray(subject.statusPurpose).filter(
      (item): item is string => typeof item === 'string',
    );
    if (purposes.length === 0) {
      return fail('MALFORMED_VALUE_ERROR', `the status list ${url} names no statusPurpose`);
    }
    // A list that calls itself something else may be another list of the same issuer served in its place
    // (say an older one, where the bit is still 0).
    if (document.id !== undefined && (typeof document.id !== 'string' || !sameResource(document.id, url))) {
      return fail(
        'STATUS_VERIFICATION_ERROR',
        `the document at ${url} is the status list ${JSON.stringify(document.id)}, not the one the credential names`,
      );
    }
    let report: VerificationReport;
    try {
      report = await deps.verifyListCredential(body, { now });
    } catch (error) {
      return fail(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} could not be verified: ${reasonOf(error)}`,
      );
    }
    if (!report.verified) {
      return fail(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} is not trustworthy: ${whyNotVerified(report)}`,
      );
    }
    const decoded = await decodeEncodedList(subject.encodedList, { maxBytes: maxBitstringBytes });
    if (!decoded.ok) {
      return {
        ok: false,
        failure: {
          status: 'unknown',
          detail: `the status list ${url} cannot be decoded: ${decoded.problem.detail}`,
          problem: decoded.problem,
        },
      };
    }
    const ttl = subject.ttl;
    return {
      ok: true,
      list: {
        kind: 'bitstring',
        url,
        issuer: issuerIdOf(document),
        purposes,
        bitstring: decoded.value.bitstring,
        validFrom: typeof document.validFrom === 'string' ? document.validFrom : undefined,
        validUntil: typeof document.validUntil === 'string' ? document.validUntil : undefined,
        ttlMs: typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0 ? ttl : undefined,
      },
    };
  }

  function prepareRevocationList(url: string, body: unknown): Prepared<PreparedStatusList> {
    if (!isObject(body)) {
      const failure = unknown(
        'STATUS_RETRIEVAL_ERROR',
        `the 1EdTech revocation list ${url} could not be read: it did not answer with a JSON object`,
      );
      return { ok: false, failure };
    }
    // The validator 1EdTech publishes reads `revokedCredentials`; `revokedCredential` is accepted too.
    const items = body.revokedCredentials ?? body.revokedCredential;
    if (!Array.isArray(items)) {
      const failure = unknown(
        'MALFORMED_VALUE_ERROR',
        `the document at ${url} is not a 1EdTech revocation list: it has no revokedCredentials list`,
      );
      return { ok: false, failure };
    }
    const entries = new Map<string, { revoked: boolean; reason: string | undefined }>();
    for (const item of items) {
      if (isObject(item) && typeof item.id === 'string') {
        entries.set(item.id, {
          // As the 1EdTech validator reads it: revoked unless `revoked` is explicitly false.
          revoked: item.revoked !== false,
          reason: typeof item.revocationReason === 'string' ? item.revocationReason : undefined,
        });
      }
    }
    return { ok: true, list: { kind: '1edtech', url, entries } };
  }

  function sizeOf(list: PreparedStatusList, body: unknown): number {
    if (list.kind === 'bitstring') {
      const encoded = (isObject(body) ? JSON.stringify(body).length : String(body).length) * 2;
      return list.bitstring.bytes.length + encoded + 1024;
    }
    let bytes = 1024;
    for (const [id, entry] of list.entries) {
      bytes += (id.length + (entry.reason?.length ?? 0)) * 2 + 64;
    }
    return bytes;
  }

  async function load(
    kind: PreparedStatusList['kind'],
    url: string,
    now: Date,
  ): Promise<Prepared<PreparedStatusList>> {
    const held = cache.get(url);
    const cached = held?.value.kind === kind ? held : undefined;
    let response: StatusListResponse;
    try {
      response = await deps.fetchList(url, cached?.etag === undefined ? {} : { etag: cached.etag });
    } catch (error) {
      const what = kind === 'bitstring' ? 'status list' : '1EdTech revocation list';
      return {
        ok: false,
        failure: unknown(
          'STATUS_RETRIEVAL_ERROR',
          `the ${what} ${url} could not be fetched: ${reasonOf(error)}`,
        ),
      };
    }
    let body: unknown;
    let etag: string | undefined;
    let cacheable = true;
    if (response.notModified) {
      if (cached === undefined) {
        return {
          ok: false,
          failure: unknown(
            'STATUS_RETRIEVAL_ERROR',
            `the server of ${url} answered "304 Not Modified" to a request that had nothing cached`,
          ),
        };
      }
      body = cached.body;
      etag = cached.etag;
    } else {
      body = response.body;
      etag = response.etag;
      cacheable = response.cacheable ?? true;
    }
    // A 304 still goes through the checks: the signing key may have been withdrawn since.
    const prepared =
      kind === 'bitstring' ? await prepareBitstringList(url, body, now) : prepareRevocationList(url, body);
    if (!prepared.ok || !cacheable) {
      cache.delete(url);
      return prepared;
    }
    const listTtl = prepared.list.kind === 'bitstring' ? prepared.list.ttlMs : undefined;
    const ttl = Math.min(Math.max(listTtl ?? response.maxAgeMs ?? defaultTtlMs, 0), maxTtlMs);
    cache.set(url, {
      body,
      etag,
      expiresAt: deps.clock() + ttl,
      bytes: sizeOf(prepared.list, body),
      value: prepared.list,
    });
    return prepared;
  }

  function getList(
    kind: PreparedStatusList['kind'],
    url: string,
    now: Date,
  ): Promise<Prepared<PreparedStatusList>> {
    const held = cache.get(url);
    if (held !== undefined && held.value.kind === kind && deps.clock() < held.expiresAt) {
      return Promise.resolve({ ok: true, list: held.value });
    }
    const key = `${kind} ${url}`;
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const loading = load(kind, url, now).finally(() => inFlight.delete(key));
    inFlight.set(key, loading);
    return loading;
  }

  async function checkBitstringEntry(entry: Json, credential: Json, now: Date): Promise<StatusResult> {
    const purpose = typeof entry.statusPurpose === 'string' ? entry.statusPurpose : undefined;
    if (purpose === undefined) {
      return unknown('MALFORMED_VALUE_ERROR', 'the status entry has no statusPurpose');
    }
    const url = entry.statusListCredential;
    if (!isHttpUrl(url)) {
      return unknown(
        'MALFORMED_VALUE_ERROR',
        `the status entry's statusListCredential ${JSON.stringify(url ?? null)} is not an http(s) URL`,
        purpose,
      );
    }
    const index = parseStatusListIndex(entry.statusListIndex);
    if (!index.ok) {
      return unknownWith(index.problem, `the status entry is malformed: ${index.problem.detail}`, purpose);
    }
    const statusSize = entry.statusSize ?? 1;
    if (!isSupportedStatusSize(statusSize)) {
      return unknown(
        'MALFORMED_VALUE_ERROR',
        `the status entry's statusSize ${JSON.stringify(statusSize)} is not supported (Cairn reads 1 to ${MAX_STATUS_SIZE} bits)`,
        purpose,
      );
    }
    const got = await getList('bitstring', url, now);
    if (!got.ok) {
      return { ...got.failure, purpose };
    }
    const list = got.list;
    if (list.kind !== 'bitstring') {
      return unknown('STATUS_RETRIEVAL_ERROR', `the status list ${url} could not be read`, purpose);
    }
    const until = list.validUntil === undefined ? undefined : Date.parse(list.validUntil);
    if (until !== undefined && (Number.isNaN(until) || now.getTime() > until)) {
      return unknown(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} expired on ${list.validUntil}, and no current one could be had`,
        purpose,
      );
    }
    const from = list.validFrom === undefined ? undefined : Date.parse(list.validFrom);
    if (from !== undefined && (Number.isNaN(from) || now.getTime() < from)) {
      return unknown(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} is not valid before ${list.validFrom}`,
        purpose,
      );
    }
    const issuer = issuerIdOf(credential);
    if (list.issuer === undefined || list.issuer !== issuer) {
      // BSL allows another party to hold a credential's status, but Cairn has no way to know that the
      // credential's issuer delegated it: such a list is no evidence either way.
      return unknown(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} is signed by someone else (${list.issuer ?? 'no issuer'}), not by the credential's issuer ${issuer ?? '(none)'}`,
        purpose,
      );
    }
    if (!list.purposes.includes(purpose)) {
      return unknown(
        'STATUS_VERIFICATION_ERROR',
        `the status list ${url} is for ${list.purposes.map((item) => `"${item}"`).join(', ')}, but the entry is for "${purpose}"`,
        purpose,
      );
    }
    const length = checkListLength(list.bitstring, statusSize);
    if (!length.ok) {
      return unknownWith(
        length.problem,
        `the status list ${url} is too short: ${length.problem.detail}`,
        purpose,
      );
    }
    const read = getStatus(list.bitstring, index.value, statusSize);
    if (!read.ok) {
      return unknownWith(
        read.problem,
        `the status entry points outside ${url}: ${read.problem.detail}`,
        purpose,
      );
    }
    return interpret(purpose, read.value, entry, `index ${index.value} of ${url}`);
  }

  async function checkRevocationListEntry(entry: Json, credential: Json, now: Date): Promise<StatusResult> {
    const purpose = 'revocation';
    const url = entry.id;
    if (!isHttpUrl(url)) {
      return unknown(
        'MALFORMED_VALUE_ERROR',
        `the 1EdTech revocation list entry's id ${JSON.stringify(url ?? null)} is not an http(s) URL`,
        purpose,
      );
    }
    const credentialId = credential.id;
    if (typeof credentialId !== 'string') {
      return unknown(
        'MALFORMED_VALUE_ERROR',
        'a 1EdTech revocation list names credentials by id, and this credential has none',
        purpose,
      );
    }
    const got = await getList('1edtech', url, now);
    if (!got.ok) {
      return { ...got.failure, purpose };
    }
    if (got.list.kind !== '1edtech') {
      return unknown(
        'STATUS_RETRIEVAL_ERROR',
        `the 1EdTech revocation list ${url} could not be read`,
        purpose,
      );
    }
    const warning = `the 1EdTech revocation list ${url} is not signed: its answer is only as trustworthy as the connection to ${new URL(url).origin}`;
    const found = got.list.entries.get(credentialId);
    if (found?.revoked) {
      return {
        status: 'failed',
        state: 'revoked',
        purpose,
        detail: `revoked by the issuer${found.reason ? `: ${found.reason}` : ''} (1EdTech revocation list ${url})`,
        ...(found.reason ? { message: found.reason } : {}),
        warning,
      };
    }
    return {
      status: 'passed',
      state: 'active',
      purpose,
      detail: `not revoked (not on the 1EdTech revocation list ${url})`,
      warning,
    };
  }

  return async (credential, { now }) => {
    const results: StatusResult[] = [];
    for (const [position, entry] of asArray(credential.credentialStatus).entries()) {
      if (position >= maxEntries) {
        results.push(
          unknown(
            'STATUS_RETRIEVAL_ERROR',
            `the credential has more than ${maxEntries} status entries; the rest were not checked`,
          ),
        );
        break;
      }
      if (!isObject(entry)) {
        results.push(unknown('MALFORMED_VALUE_ERROR', 'a credentialStatus entry is not an object'));
        continue;
      }
      const types = asArray(entry.type);
      if (types.includes('BitstringStatusListEntry')) {
        results.push(await checkBitstringEntry(entry, credential, now));
      } else if (types.includes('1EdTechRevocationList')) {
        results.push(await checkRevocationListEntry(entry, credential, now));
      } else {
        const name = types.length === 0 ? '(none)' : types.map((type) => String(type)).join(', ');
        results.push(
          unknown(
            'MALFORMED_VALUE_ERROR',
            `status type ${name} is not supported, so the credential's status cannot be known`,
          ),
        );
      }
    }
    return results;
  };
}

/** What a status value means for the entry's purpose. */
function interpret(purpose: string, value: number, entry: Json, where: string): StatusResult {
  const message = messageFor(entry.statusMessage, value);
  const said = message === undefined ? '' : `: ${message}`;
  const withMessage = message === undefined ? {} : { message };
  switch (purpose) {
    case 'revocation':
      return value === 0
        ? { status: 'passed', state: 'active', purpose, detail: `not revoked (${where})`, ...withMessage }
        : {
            status: 'failed',
            state: 'revoked',
            purpose,
            detail: `revoked by the issuer${said} (${where})`,
            ...withMessage,
          };
    case 'suspension':
      return value === 0
        ? { status: 'passed', state: 'active', purpose, detail: `not suspended (${where})`, ...withMessage }
        : {
            status: 'failed',
            state: 'suspended',
            purpose,
            detail: `suspended by the issuer${said} (${where})`,
            ...withMessage,
          };
    case 'refresh':
      return value === 0
        ? { status: 'passed', purpose, detail: `no newer version announced (${where})`, ...withMessage }
        : {
            status: 'passed',
            purpose,
            detail: `the issuer has a newer version of this credential${said} (${where})`,
            warning:
              'the issuer announces a newer version of this credential: fetch it from its refreshService',
            ...withMessage,
          };
    case 'message':
      return {
        status: 'passed',
        purpose,
        detail:
          message === undefined
            ? `status ${hex(value)}, for which the entry defines no message (${where})`
            : `status message "${message}" (${hex(value)}, ${where})`,
        ...withMessage,
      };
    default:
      return value === 0
        ? {
            status: 'passed',
            purpose,
            detail: `the "${purpose}" status is not set (${where})`,
            ...withMessage,
          }
        : {
            status: 'unknown',
            purpose,
            detail: `the "${purpose}" status is set (${hex(value)}${said}), and Cairn does not know what that purpose means (${where})`,
            ...withMessage,
          };
  }
}
