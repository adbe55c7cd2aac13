/**
 * The status checker over an in-memory fetch port: what each list and entry gives, that nothing it
 * cannot establish passes, and the cache (ttl, ETag revalidation, shared fetches). The same rules over
 * real HTTP are in test/integration/status-lists-http.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW } from '../../../test/support/fixtures.js';
import { crypto, newKeyPair, signAs } from '../../../test/support/signing.js';
import {
  badgeWithStatus,
  credentialWithStatus,
  signedList,
  statusEntry,
  unsignedList,
} from '../../../test/support/status-lists.js';
import { AppError } from '../../errors.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import type { KeyPair } from '../keys/key-pair.js';
import type { StatusResult } from '../verification/report.js';
import { verifyCredential } from '../verification/verify-credential.js';
import { createStatusChecker, createStatusListCache, type FetchStatusList } from './check-status.js';
import { StatusListCache } from './status-list-cache.js';

const LIST = 'https://issuer.example/status/1';
const SUSPENSIONS = 'https://issuer.example/status/2';
const REVOCATIONS_1EDTECH = 'https://issuer.example/revocations';

type Served = { body: unknown; etag?: string; maxAgeMs?: number; cacheable?: boolean };

/** A pretend web: documents by URL, each request recorded. */
function fakeWeb() {
  const documents = new Map<string, Served | (() => never)>();
  const requests: { url: string; etag: string | undefined }[] = [];
  const fetchList: FetchStatusList = async (url, { etag }) => {
    requests.push({ url, etag });
    const served = documents.get(url);
    if (served === undefined) {
      throw new AppError('FETCH_FAILED', `${new URL(url).origin} answered HTTP 404`);
    }
    if (typeof served === 'function') {
      return served();
    }
    if (etag !== undefined && served.etag === etag) {
      return { notModified: true };
    }
    return {
      notModified: false,
      body: structuredClone(served.body),
      ...(served.etag === undefined ? {} : { etag: served.etag }),
      ...(served.maxAgeMs === undefined ? {} : { maxAgeMs: served.maxAgeMs }),
      ...(served.cacheable === undefined ? {} : { cacheable: served.cacheable }),
    };
  };
  return { documents, requests, fetchList };
}

function setUp() {
  const web = fakeWeb();
  let time = 1_000_000;
  const checkStatus = createStatusChecker({
    fetchList: web.fetchList,
    verifyListCredential: (list, { now }) => verifyCredential(list, { now, crypto }),
    clock: () => time,
  });
  const verify = (credential: unknown, now = FIXED_NOW) =>
    verifyCredential(credential, { now, crypto, checkStatus });
  return {
    web,
    checkStatus,
    verify,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

let issuer: KeyPair;

const signedListFrom = (list: Record<string, unknown>) => signAs(list, issuer);
let stranger: KeyPair;

beforeAll(async () => {
  issuer = await newKeyPair();
  stranger = await newKeyPair();
});

async function check(
  context: ReturnType<typeof setUp>,
  credentialStatus: unknown,
  extra: Record<string, unknown> = {},
): Promise<StatusResult[]> {
  const credential = await badgeWithStatus(issuer, credentialStatus, extra);
  return context.checkStatus(credential, { now: FIXED_NOW });
}

describe('Bitstring Status List entries', () => {
  it('active, revoked and suspended', async () => {
    const context = setUp();
    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST, set: { 7: 1 } }) });
    context.web.documents.set(SUSPENSIONS, {
      body: await signedList(issuer, { url: SUSPENSIONS, purpose: 'suspension', set: { 9: 1 } }),
    });

    // An Open Badge may carry one credentialStatus object (its schema); a plain VC may carry several.
    const active = await credentialWithStatus(issuer, [
      statusEntry({ url: LIST, index: 8 }),
      statusEntry({ url: SUSPENSIONS, index: 8, purpose: 'suspension' }),
    ]);
    const report = await context.verify(active);
    expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks.filter((item) => item.check === 'status').map((item) => item.detail)).toEqual([
      `not revoked (index 8 of ${LIST})`,
      `not suspended (index 8 of ${SUSPENSIONS})`,
    ]);

    const revoked = await context.verify(await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 7 })));
    expect(revoked).toMatchObject({ verified: false, verdict: 'revoked' });
    const suspended = await context.verify(
      await badgeWithStatus(issuer, statusEntry({ url: SUSPENSIONS, index: 9, purpose: 'suspension' })),
    );
    expect(suspended).toMatchObject({ verified: false, verdict: 'suspended' });

    const results = await check(context, statusEntry({ url: LIST, index: 7 }));
    expect(results).toEqual([
      {
        status: 'failed',
        state: 'revoked',
        purpose: 'revocation',
        detail: `revoked by the issuer (index 7 of ${LIST})`,
      },
    ]);
  });

  it('a multi-bit message status reports the issuer message, and passes', async () => {
    const context = setUp();
    const messages = [
      { status: '0x0', message: 'pending_review' },
      { status: '0x1', message: 'accepted' },
      { status: '0x2', message: 'rejected' },
      { status: '0x3', message: 'undefined' },
    ];
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, purpose: 'message', statusSize: 2, set: { 4: 2 } }),
    });
    const [result] = await check(
      context,
      statusEntry({ url: LIST, index: 4, purpose: 'message', statusSize: 2, statusMessage: messages }),
    );
    expect(result).toMatchObject({ status: 'passed', purpose: 'message', message: 'rejected' });
    expect(result?.detail).toBe(`status message "rejected" (0x2, index 4 of ${LIST})`);
  });

  it('a refresh bit passes with a warning that a newer version exists', async () => {
    const context = setUp();
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, purpose: 'refresh', set: { 1: 1 } }),
    });
    const credential = await badgeWithStatus(
      issuer,
      statusEntry({ url: LIST, index: 1, purpose: 'refresh' }),
    );
    const report = await context.verify(credential);
    expect(report.verified).toBe(true);
    expect(report.warnings.join()).toMatch(/newer version/);
  });

  it('a revocation statusMessage names the reason', async () => {
    const context = setUp();
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, statusSize: 2, set: { 3: 2 }, entries: 131_072 }),
    });
    const [result] = await check(
      context,
      statusEntry({
        url: LIST,
        index: 3,
        statusSize: 2,
        statusMessage: [
          { status: '0x0', message: 'valid' },
          { status: '0x1', message: 'revoked: superseded' },
          { status: '0x2', message: 'revoked: issued in error' },
          { status: '0x3', message: 'undefined' },
        ],
      }),
    );
    expect(result).toMatchObject({ status: 'failed', state: 'revoked', message: 'revoked: issued in error' });
  });

  type Case = {
    name: string;
    served?: () => Promise<Served | (() => never)>;
    entry?: Record<string, unknown>;
    problem: string;
    detail: RegExp;
  };
  const cases: Case[] = [
    {
      name: 'an unreachable list',
      served: async () => () => {
        throw new AppError('FETCH_FAILED', 'https://issuer.example: the connection was refused');
      },
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /could not be fetched: .*connection was refused/,
    },
    { name: 'a list that is not there (404)', problem: 'STATUS_RETRIEVAL_ERROR', detail: /HTTP 404/ },
    {
      name: 'a body that is not JSON',
      served: async () => ({ body: 'hello' }),
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /did not answer with a JSON object/,
    },
    {
      name: 'a document that is not a status list',
      served: async () => ({ body: { hello: 'world' } }),
      problem: 'MALFORMED_VALUE_ERROR',
      detail: /is not a BitstringStatusListCredential/,
    },
    {
      name: 'an unsigned list',
      served: async () => ({ body: await unsignedList(issuer.controller, { url: LIST }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /not trustworthy: proof: the credential carries no proof/,
    },
    {
      name: 'a list whose bits were changed after signing',
      served: async () => {
        const revoked = await signedList(issuer, { url: LIST, set: { 5: 1 } });
        const clean = await unsignedList(issuer.controller, { url: LIST });
        const subject = revoked.credentialSubject as Record<string, unknown>;
        subject.encodedList = (clean.credentialSubject as Record<string, unknown>).encodedList;
        return { body: revoked };
      },
      entry: { index: 5 },
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /not trustworthy: proof/,
    },
    {
      name: 'a list signed by someone else',
      served: async () => ({ body: await signedList(stranger, { url: LIST }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /signed by someone else \(did:key:.*\), not by the credential's issuer did:key:/,
    },
    {
      name: 'a list that calls itself another list',
      served: async () => ({ body: await signedList(issuer, { url: 'https://issuer.example/status/old' }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /is the status list "https:\/\/issuer.example\/status\/old", not the one the credential names/,
    },
    {
      name: 'an expired list',
      served: async () => ({
        body: await signedList(issuer, { url: LIST, validUntil: '2026-11-15T00:00:00Z' }),
      }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /expired/,
    },
    {
      name: 'a list for another purpose',
      served: async () => ({ body: await signedList(issuer, { url: LIST, purpose: 'suspension' }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /is for "suspension", but the entry is for "revocation"/,
    },
    {
      name: 'an index outside the list',
      served: async () => ({ body: await signedList(issuer, { url: LIST }) }),
      entry: { index: 131_072 },
      problem: 'RANGE_ERROR',
      detail: /points outside/,
    },
    {
      name: 'a list shorter than 131,072 entries at the entry statusSize',
      served: async () => ({ body: await signedList(issuer, { url: LIST, purpose: 'message' }) }),
      entry: {
        purpose: 'message',
        statusSize: 2,
        statusMessage: [0, 1, 2, 3].map((value) => ({ status: `0x${value}`, message: `m${value}` })),
      },
      problem: 'STATUS_LIST_LENGTH_ERROR',
      detail: /too short: the status list holds 65536 entries of 2 bits/,
    },
    {
      name: 'an encodedList that is not GZIP',
      served: async () => {
        const list = await unsignedList(issuer.controller, { url: LIST });
        (list.credentialSubject as Record<string, unknown>).encodedList = 'uH4sIbm90IGd6aXA';
        return { body: await signedListFrom(list) };
      },
      problem: 'MALFORMED_VALUE_ERROR',
      detail: /cannot be decoded: .*GZIP/,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} gives unknown (${testCase.problem}), never verified`, async () => {
      const context = setUp();
      if (testCase.served) {
        context.web.documents.set(LIST, await testCase.served());
      }
      const entry = {
        ...statusEntry({
          url: LIST,
          index: (testCase.entry?.index as number | undefined) ?? 5,
          ...(testCase.entry?.purpose ? { purpose: testCase.entry.purpose as 'message' } : {}),
          ...(testCase.entry?.statusSize ? { statusSize: testCase.entry.statusSize as number } : {}),
          ...(testCase.entry?.statusMessage
            ? { statusMessage: testCase.entry.statusMessage as { status: string; message: string }[] }
            : {}),
        }),
      };
      const credential = await badgeWithStatus(issuer, entry);
      const [result] = await context.checkStatus(credential, { now: FIXED_NOW });
      expect(result?.status).toBe('unknown');
      expect(result?.problem?.title).toBe(testCase.problem);
      expect(result?.detail).toMatch(testCase.detail);
      expect(result?.state).toBeUndefined();
      const report = await context.verify(credential);
      expect(report).toMatchObject({ verified: false, verdict: 'unknown' });
      expect(report.problems.map((found) => found.title)).toContain(testCase.problem);
    });
  }

  it('a malformed entry or an unsupported type is unknown', async () => {
    const context = setUp();
    const results = await context.checkStatus(
      {
        issuer: issuer.controller,
        credentialStatus: [
          'https://issuer.example/status/1#1',
          {
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: 5,
            statusListCredential: LIST,
          },
          { type: 'BitstringStatusListEntry', statusListIndex: '5', statusListCredential: LIST },
          {
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: '5',
            statusListCredential: 'did:example:1',
          },
          {
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: '5',
            statusListCredential: LIST,
            statusSize: 12,
          },
          {
            type: 'StatusList2021Entry',
            statusPurpose: 'revocation',
            statusListIndex: '5',
            statusListCredential: LIST,
          },
        ],
      },
      { now: FIXED_NOW },
    );
    expect(results.map((result) => [result.status, result.problem?.title])).toEqual(
      Array.from({ length: 6 }, () => ['unknown', 'MALFORMED_VALUE_ERROR']),
    );
    expect(results[5]?.detail).toMatch(/status type StatusList2021Entry is not supported/);
    expect(context.web.requests).toEqual([]);
  });

  it('checks at most 16 entries of one credential; more make it unknown', async () => {
    const context = setUp();
    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST }) });
    const entries = Array.from({ length: 20 }, (_, index) => statusEntry({ url: LIST, index }));
    const results = await context.checkStatus(
      { issuer: issuer.controller, credentialStatus: entries },
      { now: FIXED_NOW },
    );
    expect(results).toHaveLength(17);
    expect(results.slice(0, 16).every((result) => result.status === 'passed')).toBe(true);
    expect(results[16]).toMatchObject({ status: 'unknown' });
    expect(results[16]?.detail).toMatch(/more than 16 status entries/);
  });

  it('an unknown purpose passes while unset, and is unknown when set', async () => {
    const context = setUp();
    const list = await unsignedList(issuer.controller, { url: LIST, set: { 2: 1 } });
    (list.credentialSubject as Record<string, unknown>).statusPurpose =
      'https://issuer.example/purposes/audit';
    context.web.documents.set(LIST, { body: await signedListFrom(list) });
    const entry = (index: number) => ({
      ...statusEntry({ url: LIST, index }),
      statusPurpose: 'https://issuer.example/purposes/audit',
    });
    const credential = { issuer: issuer.controller, credentialStatus: [entry(1), entry(2)] };
    const [unset, set] = await context.checkStatus(credential, { now: FIXED_NOW });
    expect(unset?.status).toBe('passed');
    expect(set).toMatchObject({ status: 'unknown' });
    expect(set?.detail).toMatch(/does not know what that purpose means/);
  });

  it('a list verified when fetched is judged again at each `now`: expired later means unknown', async () => {
    const context = setUp();
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, validUntil: '2026-12-01T00:00:00Z' }),
    });
    const credential = await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 3 }));
    expect((await context.checkStatus(credential, { now: FIXED_NOW }))[0]?.status).toBe('passed');
    const later = await context.checkStatus(credential, { now: new Date('2026-12-02T00:00:00Z') });
    expect(later[0]).toMatchObject({ status: 'unknown', problem: { title: 'STATUS_VERIFICATION_ERROR' } });
    expect(later[0]?.detail).toMatch(/expired on 2026-12-01T00:00:00Z/);
    expect(context.web.requests).toHaveLength(1);
  });
});

describe('1EdTech revocation lists', () => {
  const withExtensions = {
    '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0, CONTEXT_URLS.OB_V3P0_EXTENSIONS],
  };
  const entry = { id: REVOCATIONS_1EDTECH, type: '1EdTechRevocationList' };

  it('a listed credential is revoked, with its reason; others pass; both warn that the list is unsigned', async () => {
    const context = setUp();
    context.web.documents.set(REVOCATIONS_1EDTECH, {
      body: {
        id: REVOCATIONS_1EDTECH,
        revokedCredentials: [
          { id: 'http://example.com/credentials/3527', revocationReason: 'Issued in error' },
          { id: 'urn:uuid:not-revoked-after-all', revoked: false },
        ],
      },
    });
    const revoked = await badgeWithStatus(issuer, entry, withExtensions);
    const report = await context.verify(revoked);
    expect(report).toMatchObject({ verified: false, verdict: 'revoked' });
    const [result] = await context.checkStatus(revoked, { now: FIXED_NOW });
    expect(result).toMatchObject({ status: 'failed', state: 'revoked', message: 'Issued in error' });
    expect(result?.detail).toMatch(/revoked by the issuer: Issued in error/);
    expect(report.warnings.join()).toMatch(/is not signed/);

    for (const id of ['urn:uuid:someone-else', 'urn:uuid:not-revoked-after-all']) {
      const active = await badgeWithStatus(issuer, entry, { ...withExtensions, id });
      const verified = await context.verify(active);
      expect(verified.verified, JSON.stringify(verified.checks)).toBe(true);
      expect(verified.warnings.join()).toMatch(
        /not signed: its answer is only as trustworthy as the connection/,
      );
    }
  });

  it('an unreachable or malformed list, or a credential without id, is unknown', async () => {
    const context = setUp();
    expect((await check(context, entry, withExtensions))[0]).toMatchObject({
      status: 'unknown',
      problem: { title: 'STATUS_RETRIEVAL_ERROR' },
    });
    context.web.documents.set(REVOCATIONS_1EDTECH, { body: { revoked: 'nobody' } });
    expect((await check(context, entry, withExtensions))[0]).toMatchObject({
      status: 'unknown',
      problem: { title: 'MALFORMED_VALUE_ERROR' },
    });
    const results = await context.checkStatus(
      { issuer: issuer.controller, credentialStatus: entry },
      { now: FIXED_NOW },
    );
    expect(results[0]?.detail).toMatch(/this credential has none/);
  });
});

describe('the cache', () => {
  it('reuses a list within its ttl, then revalidates with its ETag; a 304 keeps it', async () => {
    const context = setUp();
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, ttl: 60_000 }),
      etag: '"v1"',
    });
    const credential = await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 3 }));
    await context.checkStatus(credential, { now: FIXED_NOW });
    context.advance(59_000);
    await context.checkStatus(credential, { now: FIXED_NOW });
    expect(context.web.requests).toEqual([{ url: LIST, etag: undefined }]);
    context.advance(2_000);
    const [revalidated] = await context.checkStatus(credential, { now: FIXED_NOW });
    expect(revalidated?.status).toBe('passed');
    expect(context.web.requests).toEqual([
      { url: LIST, etag: undefined },
      { url: LIST, etag: '"v1"' },
    ]);
  });

  it('shows a revocation once the list is revalidated, within one request', async () => {
    const context = setUp();
    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST }), etag: '"v1"' });
    const credential = await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 42 }));
    expect((await context.verify(credential)).verified).toBe(true);
    context.web.documents.set(LIST, {
      body: await signedList(issuer, { url: LIST, set: { 42: 1 } }),
      etag: '"v2"',
    });
    expect((await context.verify(credential)).verified).toBe(true); // still cached (default 5 minutes)
    context.advance(5 * 60 * 1000 + 1);
    expect((await context.verify(credential)).verdict).toBe('revoked');
    expect(context.web.requests).toHaveLength(2);
  });

  it('uses HTTP max-age when the list has no ttl, caps any ttl at 24 hours, and honours no-store', async () => {
    const context = setUp();
    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST }), maxAgeMs: 1000 });
    const credential = await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 3 }));
    await context.checkStatus(credential, { now: FIXED_NOW });
    context.advance(1001);
    await context.checkStatus(credential, { now: FIXED_NOW });
    expect(context.web.requests).toHaveLength(2);

    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST, ttl: 10 ** 12 }) });
    context.advance(10 ** 6);
    await context.checkStatus(credential, { now: FIXED_NOW });
    context.advance(24 * 60 * 60 * 1000 + 1);
    await context.checkStatus(credential, { now: FIXED_NOW });
    expect(context.web.requests).toHaveLength(4);

    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST }), cacheable: false });
    context.advance(25 * 60 * 60 * 1000);
    await context.checkStatus(credential, { now: FIXED_NOW });
    await context.checkStatus(credential, { now: FIXED_NOW });
    expect(context.web.requests).toHaveLength(6);
  });

  it('does not keep a list that failed, and shares one fetch between concurrent checks', async () => {
    const context = setUp();
    context.web.documents.set(LIST, { body: await unsignedList(issuer.controller, { url: LIST }) });
    const credential = await credentialWithStatus(issuer, [
      statusEntry({ url: LIST, index: 3 }),
      statusEntry({ url: LIST, index: 4 }),
    ]);
    await context.checkStatus(credential, { now: FIXED_NOW });
    expect(context.web.requests).toHaveLength(2);
    context.web.documents.set(LIST, { body: await signedList(issuer, { url: LIST }) });
    const reports = await Promise.all(
      [1, 2, 3].map(() => context.checkStatus(credential, { now: FIXED_NOW })),
    );
    expect(reports.flat().every((result) => result.status === 'passed')).toBe(true);
    expect(context.web.requests).toHaveLength(3);
  });

  it('a 304 to a request with nothing cached is a retrieval error', async () => {
    const checkStatus = createStatusChecker({
      fetchList: async () => ({ notModified: true }),
      verifyListCredential: (list, { now }) => verifyCredential(list, { now, crypto }),
      clock: () => 0,
    });
    const credential = await badgeWithStatus(issuer, statusEntry({ url: LIST, index: 3 }));
    const [result] = await checkStatus(credential, { now: FIXED_NOW });
    expect(result).toMatchObject({ status: 'unknown', problem: { title: 'STATUS_RETRIEVAL_ERROR' } });
    expect(result?.detail).toMatch(/nothing cached/);
  });

  it('is bounded by entries and bytes, least recently used out', () => {
    const cache = createStatusListCache({ maxEntries: 2, maxBytes: 100 });
    const entry = (bytes: number) =>
      ({ body: null, etag: undefined, expiresAt: 0, bytes, value: {} }) as unknown as Parameters<
        typeof cache.set
      >[1];
    cache.set('a', entry(10));
    cache.set('b', entry(10));
    cache.get('a');
    cache.set('c', entry(10));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    cache.set('d', entry(95));
    expect(cache.size).toBe(1);
    cache.set('e', entry(101));
    expect(cache.get('e')).toBeUndefined();
    cache.delete('d');
    expect(cache.size).toBe(0);
    expect(() => new StatusListCache({ maxEntries: -1 })).toThrow(RangeError);
  });
});
