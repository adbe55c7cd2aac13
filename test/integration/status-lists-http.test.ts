/**
 * Status lists over real HTTP (a node:http server on 127.0.0.1, reached through the SSRF-guarded fetch
 * with http and private addresses allowed): revoked, suspended and active credentials; every way a list
 * can fail to be evidence gives `unknown`, never verified; the cache revalidates with If-None-Match; and
 * `cairn verify` checks status end to end.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyPair } from '../../src/core/keys/key-pair.js';
import { createStatusListCache } from '../../src/core/status-lists/check-status.js';
import { createGuardedFetch } from '../../src/node/guarded-fetch.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import { createVerifier } from '../../src/services/verifier.js';
import { runCli, tempDir, writeTemp } from '../support/cli.js';
import { FIXED_NOW } from '../support/fixtures.js';
import { newKeyPair } from '../support/signing.js';
import { badgeWithStatus, signedList, statusEntry, unsignedList } from '../support/status-lists.js';

type Route = {
  status?: number;
  body: unknown;
  contentType?: string;
  etag?: string;
  delayMs?: number;
  cacheControl?: string;
};

type Hit = { path: string; ifNoneMatch: string | undefined; status: number };

/** A status list host: routes by path, every request logged with the status it got. */
async function startListServer() {
  const routes = new Map<string, Route>();
  const hits: Hit[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const route = routes.get(path);
    const ifNoneMatch = request.headers['if-none-match'];
    const answer = () => {
      if (route === undefined) {
        hits.push({ path, ifNoneMatch, status: 404 });
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      if (route.etag !== undefined && ifNoneMatch === route.etag) {
        hits.push({ path, ifNoneMatch, status: 304 });
        response.writeHead(304, { etag: route.etag }).end();
        return;
      }
      const status = route.status ?? 200;
      hits.push({ path, ifNoneMatch, status });
      response
        .writeHead(status, {
          'content-type': route.contentType ?? 'application/vc+ld+json',
          ...(route.etag === undefined ? {} : { etag: route.etag }),
          ...(route.cacheControl === undefined ? {} : { 'cache-control': route.cacheControl }),
        })
        .end(typeof route.body === 'string' ? route.body : JSON.stringify(route.body));
    };
    if (route?.delayMs) {
      setTimeout(answer, route.delayMs).unref();
    } else {
      answer();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    routes,
    hits,
    url: (path: string) => `${origin}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const localFetch = (timeoutMs = 2000) =>
  createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true, timeoutMs });

function newVerifier(options: { timeoutMs?: number } = {}) {
  let time = 0;
  const verifier = createVerifier({
    crypto: nodeCryptoBackend,
    fetch: localFetch(options.timeoutMs),
    clock: () => time,
    statusListCache: createStatusListCache(),
  });
  return {
    verify: (credential: unknown) => verifier(credential, { now: FIXED_NOW }),
    advance: (ms: number) => {
      time += ms;
    },
  };
}

let host: Awaited<ReturnType<typeof startListServer>>;
let issuer: KeyPair;
let stranger: KeyPair;

beforeAll(async () => {
  host = await startListServer();
  issuer = await newKeyPair();
  stranger = await newKeyPair();
});

afterAll(async () => {
  await host.close();
});

/** Serves `route` at a fresh path and returns a badge whose status entry points there. */
let next = 0;
async function serveAndIssue(
  route: (url: string) => Promise<Route>,
  entry: { index?: number; purpose?: 'revocation' | 'suspension' } = {},
) {
  next += 1;
  const path = `/status/${next}`;
  const url = host.url(path);
  host.routes.set(path, await route(url));
  const credential = await badgeWithStatus(
    issuer,
    statusEntry({ url, index: entry.index ?? 1000, ...(entry.purpose ? { purpose: entry.purpose } : {}) }),
  );
  return { path, url, credential };
}

describe('status over HTTP', () => {
  it('active: verified', async () => {
    const { credential } = await serveAndIssue(async (url) => ({
      body: await signedList(issuer, { url, set: { 999: 1 } }),
    }));
    const report = await newVerifier().verify(credential);
    expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    expect(report.checks.find((check) => check.check === 'status')?.detail).toMatch(/^not revoked/);
  });

  it('revoked: the verdict is revoked', async () => {
    const { credential } = await serveAndIssue(async (url) => ({
      body: await signedList(issuer, { url, set: { 1000: 1 } }),
    }));
    expect(await newVerifier().verify(credential)).toMatchObject({ verified: false, verdict: 'revoked' });
  });

  it('suspended, then unsuspended: suspended, then valid', async () => {
    const { path, url, credential } = await serveAndIssue(
      async (listUrl) => ({
        body: await signedList(issuer, { url: listUrl, purpose: 'suspension', set: { 1000: 1 } }),
        etag: '"s1"',
      }),
      { purpose: 'suspension' },
    );
    const verifier = newVerifier();
    expect(await verifier.verify(credential)).toMatchObject({ verified: false, verdict: 'suspended' });
    host.routes.set(path, { body: await signedList(issuer, { url, purpose: 'suspension' }), etag: '"s2"' });
    verifier.advance(5 * 60 * 1000 + 1);
    expect((await verifier.verify(credential)).verdict).toBe('valid');
  });

  type FailureCase = {
    name: string;
    route?: (url: string) => Promise<Route>;
    url?: () => Promise<string>;
    entry?: { index?: number };
    verifier?: { timeoutMs?: number };
    problem: string;
    detail: RegExp;
  };

  const failures: FailureCase[] = [
    {
      name: 'a server that is down (connection refused)',
      url: async () => {
        const down = await startListServer();
        await down.close();
        return down.url('/status/1');
      },
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /could not be fetched: .*the connection was refused/,
    },
    {
      name: 'a slow server (timeout)',
      route: async (url) => ({ body: await signedList(issuer, { url }), delayMs: 3000 }),
      verifier: { timeoutMs: 300 },
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /no complete answer within the time limit/,
    },
    {
      name: 'a 500',
      route: async () => ({ status: 500, body: { error: 'boom' } }),
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /answered HTTP 500/,
    },
    {
      name: 'a garbage body',
      route: async () => ({ body: '<html>maintenance</html>', contentType: 'text/html' }),
      problem: 'STATUS_RETRIEVAL_ERROR',
      detail: /did not answer with JSON/,
    },
    {
      name: 'a JSON body of the wrong type',
      route: async () => ({
        body: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] },
      }),
      problem: 'MALFORMED_VALUE_ERROR',
      detail: /is not a BitstringStatusListCredential/,
    },
    {
      name: 'a list signed by another key than the issuer',
      route: async (url) => ({ body: await signedList(stranger, { url }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /signed by someone else/,
    },
    {
      name: 'an unsigned list',
      route: async (url) => ({ body: await unsignedList(issuer.controller, { url }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /carries no proof/,
    },
    {
      name: 'a list whose proof is tampered (the revoked bit cleared)',
      route: async (url) => {
        const list = await signedList(issuer, { url, set: { 1000: 1 } });
        const clean = await unsignedList(issuer.controller, { url });
        (list.credentialSubject as Record<string, unknown>).encodedList = (
          clean.credentialSubject as Record<string, unknown>
        ).encodedList;
        return { body: list };
      },
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /not trustworthy: proof/,
    },
    {
      name: 'a list with the wrong statusPurpose',
      route: async (url) => ({ body: await signedList(issuer, { url, purpose: 'suspension' }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /is for "suspension", but the entry is for "revocation"/,
    },
    {
      name: 'an index out of range',
      route: async (url) => ({ body: await signedList(issuer, { url }) }),
      entry: { index: 131_072 },
      problem: 'RANGE_ERROR',
      detail: /outside/,
    },
    {
      name: 'an expired list',
      route: async (url) => ({ body: await signedList(issuer, { url, validUntil: '2026-11-20T00:00:00Z' }) }),
      problem: 'STATUS_VERIFICATION_ERROR',
      detail: /expired/,
    },
  ];

  for (const failure of failures) {
    it(`${failure.name}: unknown, never verified`, async () => {
      let credential: Record<string, unknown>;
      if (failure.url) {
        credential = await badgeWithStatus(issuer, statusEntry({ url: await failure.url(), index: 1000 }));
      } else {
        ({ credential } = await serveAndIssue(
          failure.route as (url: string) => Promise<Route>,
          failure.entry,
        ));
      }
      const report = await newVerifier(failure.verifier).verify(credential);
      expect(report.verified).toBe(false);
      expect(report.verdict).toBe('unknown');
      const status = report.checks.find((check) => check.check === 'status');
      expect(status?.status).toBe('unknown');
      expect(status?.detail).toMatch(failure.detail);
      expect(report.problems.map((found) => found.title)).toContain(failure.problem);
    });
  }
});

describe('the status-list cache over HTTP', () => {
  it('within ttl: no request; after ttl: If-None-Match, and a 304 keeps the list', async () => {
    const { path, credential } = await serveAndIssue(async (url) => ({
      body: await signedList(issuer, { url, ttl: 60_000 }),
      etag: '"list-v1"',
    }));
    const verifier = newVerifier();
    expect((await verifier.verify(credential)).verified).toBe(true);
    verifier.advance(30_000);
    expect((await verifier.verify(credential)).verified).toBe(true);
    expect(host.hits.filter((hit) => hit.path === path)).toEqual([
      { path, ifNoneMatch: undefined, status: 200 },
    ]);
    verifier.advance(30_001);
    expect((await verifier.verify(credential)).verified).toBe(true);
    expect(host.hits.filter((hit) => hit.path === path)).toEqual([
      { path, ifNoneMatch: undefined, status: 200 },
      { path, ifNoneMatch: '"list-v1"', status: 304 },
    ]);
  });

  it('revoke, then verify: revoked within one request once the cache is revalidated', async () => {
    const { path, url, credential } = await serveAndIssue(async (listUrl) => ({
      body: await signedList(issuer, { url: listUrl, ttl: 1000 }),
      etag: '"v1"',
    }));
    const verifier = newVerifier();
    expect((await verifier.verify(credential)).verdict).toBe('valid');
    host.routes.set(path, {
      body: await signedList(issuer, { url, ttl: 1000, set: { 1000: 1 } }),
      etag: '"v2"',
    });
    verifier.advance(1001);
    const before = host.hits.length;
    expect((await verifier.verify(credential)).verdict).toBe('revoked');
    expect(host.hits.slice(before)).toEqual([{ path, ifNoneMatch: '"v1"', status: 200 }]);
  });

  it('a server that answers its own lists locally makes no request, and a change shows at once', async () => {
    const url = 'http://127.0.0.1:1/status/local';
    let list = await signedList(issuer, { url });
    const verifier = createVerifier({
      crypto: nodeCryptoBackend,
      localStatusList: async (asked) => (asked === url ? list : undefined),
    });
    const credential = await badgeWithStatus(issuer, statusEntry({ url, index: 5 }));
    expect((await verifier(credential, { now: FIXED_NOW })).verdict).toBe('valid');
    list = await signedList(issuer, { url, set: { 5: 1 } });
    expect((await verifier(credential, { now: FIXED_NOW })).verdict).toBe('revoked');
    // Offline, and not a local list: unknown.
    const elsewhere = await badgeWithStatus(issuer, statusEntry({ url: host.url('/status/1'), index: 5 }));
    const report = await verifier(elsewhere, { now: FIXED_NOW });
    expect(report.verdict).toBe('unknown');
    expect(report.checks.find((check) => check.check === 'status')?.detail).toMatch(/offline/);
  });
});

describe('cairn verify checks status', () => {
  it('revoked exits 1 (REVOKED), active exits 0; --offline leaves the status unknown', async () => {
    const dir = tempDir();
    const revoked = await serveAndIssue(async (url) => ({
      body: await signedList(issuer, { url, set: { 1000: 1 } }),
    }));
    const active = await serveAndIssue(async (url) => ({ body: await signedList(issuer, { url }) }));
    const dev = ['--allow-http', '--allow-private-network'];

    const revokedRun = await runCli([
      'verify',
      ...dev,
      writeTemp(dir, 'revoked.json', JSON.stringify(revoked.credential)),
    ]);
    expect(revokedRun.code, revokedRun.stdout + revokedRun.stderr).toBe(1);
    expect(revokedRun.stdout).toMatch(/✗ REVOKED by its issuer/);
    expect(revokedRun.stdout).toMatch(/✗ status +revoked by the issuer/);

    const activePath = writeTemp(dir, 'active.json', JSON.stringify(active.credential));
    const activeRun = await runCli(['verify', '--json', ...dev, activePath]);
    expect(activeRun.code, activeRun.stdout).toBe(0);
    expect(JSON.parse(activeRun.stdout)).toMatchObject({ verified: true, verdict: 'valid' });

    // Without the development flags the guard refuses http and 127.0.0.1: unknown, not valid.
    const guarded = await runCli(['verify', activePath]);
    expect(guarded.code).toBe(1);
    expect(guarded.stdout).toMatch(/UNKNOWN/);
    expect(guarded.stdout).toMatch(/only https URLs can be fetched/);

    const offline = await runCli(['verify', '--offline', activePath]);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(
      /\? status +the credential has a status entry, and this verifier could not check it/,
    );

    const both = await runCli(['verify', '--offline', '--allow-http', activePath]);
    expect(both.code).toBe(2);
  });
});
