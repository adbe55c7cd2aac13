import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, type ErrorCode } from '../errors.js';
import { createGuardedFetch, type GuardedFetchOptions, isBlockedAddress } from './guarded-fetch.js';
import * as ipRanges from './ip-ranges.js';

// Lets a test treat 127.0.0.1 as if it were a public address (see `pretendLoopbackIsPublic`), so the
// guard's real blocking can be exercised against a server that never leaves this machine.
vi.mock('./ip-ranges.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./ip-ranges.js')>();
  return { ...original, isBlockedAddress: vi.fn(original.isBlockedAddress) };
});

const { isBlockedAddress: realIsBlockedAddress } =
  await vi.importActual<typeof import('./ip-ranges.js')>('./ip-ranges.js');

/** The test servers' address, standing in for "somewhere on the internet" where a test needs one. */
const PUBLIC_STAND_IN = '127.0.0.1';

function pretendLoopbackIsPublic(): void {
  vi.mocked(ipRanges.isBlockedAddress).mockImplementation(
    (ip) => ip !== PUBLIC_STAND_IN && realIsBlockedAddress(ip),
  );
}

type Seen = {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  connectedTo: string;
  body: string;
};
type TestServer = { port: number; origin: string; seen: Seen[]; close: () => Promise<void> };
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function startServer(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        connectedTo: request.socket.localAddress ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(request, response);
    });
  });
  const port = await listen(server);
  return { port, origin: `http://127.0.0.1:${port}`, seen, close: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  vi.mocked(ipRanges.isBlockedAddress).mockImplementation(realIsBlockedAddress);
  await Promise.all(servers.splice(0).map((server) => (server.listening ? closeServer(server) : undefined)));
});

/** For local test servers: plain http and loopback allowed. */
const LOCAL: GuardedFetchOptions = { allowHttp: true, allowPrivateNetwork: true };

/** A resolver that fails the test if it is ever consulted. */
const noDns = async (hostname: string): Promise<string[]> => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the fetch to fail');
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error = await failure(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe('createGuardedFetch: URL checks', () => {
  it('re-exports isBlockedAddress (the ranges table is in ip-ranges.test.ts)', () => {
    expect(isBlockedAddress('169.254.169.254')).toBe(true);
    expect(isBlockedAddress('8.8.8.8')).toBe(false);
  });

  it.each([
    'file:///etc/passwd',
    'ftp://example.org/x',
    'gopher://example.org/',
    'data:text/plain,hello',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %j', async (url) => {
    await expectCode(createGuardedFetch({ resolve: noDns })(url), 'FETCH_BLOCKED');
  });

  it('refuses http when https only, before any DNS lookup', async () => {
    const error = await expectCode(
      createGuardedFetch({ resolve: noDns })('http://example.org/doc'),
      'FETCH_BLOCKED',
    );
    expect(error.message).toContain('http://example.org/doc');
  });

  it('refuses credentials in the URL without repeating them', async () => {
    for (const url of ['https://user:hunter2@example.org/', 'https://user@example.org/']) {
      const error = await expectCode(createGuardedFetch({ resolve: noDns })(url), 'FETCH_BLOCKED');
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('user');
    }
  });

  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9fea9fe/latest/meta-data/', '169.254.169.254'],
    ['http://[::1]/', '[::1]'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:ffff:a00:1]/', '[::ffff:a00:1]'],
  ])('blocks the IP literal %s (normalized to %s) without DNS', async (url, normalized) => {
    expect(new URL(url).hostname).toBe(normalized);
    await expectCode(createGuardedFetch({ allowHttp: true, resolve: noDns })(url), 'FETCH_BLOCKED');
  });

  it('names only the origin and path in errors, never the query', async () => {
    const error = await expectCode(
      createGuardedFetch({ allowHttp: true, resolve: noDns })('http://10.0.0.1/hook?token=s3cret#frag'),
      'FETCH_BLOCKED',
    );
    expect(error.message).toContain('http://10.0.0.1/hook');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('frag');
  });

  it('rejects nonsensical options', () => {
    expect(() => createGuardedFetch({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createGuardedFetch({ maxBytes: -1 })).toThrow(RangeError);
    expect(() => createGuardedFetch({ maxRedirects: 1.5 })).toThrow(RangeError);
  });
});

describe('createGuardedFetch: addresses', () => {
  it('blocks 127.0.0.1 by default and fetches it with allowPrivateNetwork + allowHttp', async () => {
    const server = await startServer((_request, response) => response.end('hello'));
    await expectCode(createGuardedFetch({ allowHttp: true })(`${server.origin}/`), 'FETCH_BLOCKED');
    expect(server.seen).toHaveLength(0);

    const answer = await createGuardedFetch(LOCAL)(`${server.origin}/`);
    expect(answer.status).toBe(200);
    expect(text(answer.body)).toBe('hello');
  });

  it('blocks a hostname that resolves to a private address, without naming the address', async () => {
    for (const addresses of [['10.0.0.5'], ['169.254.169.254'], ['fd00::1'], ['::ffff:192.168.1.1']]) {
      const error = await expectCode(
        createGuardedFetch({ resolve: async () => addresses })('https://internal.example/'),
        'FETCH_BLOCKED',
      );
      expect(error.message).not.toContain(addresses[0]);
    }
  });

  it('blocks when any one of the resolved addresses is private', async () => {
    await expectCode(
      createGuardedFetch({ resolve: async () => ['8.8.8.8', '127.0.0.1'] })('https://mixed.example/'),
      'FETCH_BLOCKED',
    );
  });

  it('blocks localhost through the default resolver', async () => {
    await expectCode(createGuardedFetch()('https://localhost/'), 'FETCH_BLOCKED');
  });

  it('fails when the name does not resolve', async () => {
    const broken: Array<NonNullable<GuardedFetchOptions['resolve']>> = [
      async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
      async () => [],
      async () => ['not-an-address'],
    ];
    for (const resolve of broken) {
      await expectCode(createGuardedFetch({ resolve })('https://nowhere.example/'), 'FETCH_FAILED');
    }
  });

  it('connects to the address it validated, with the hostname as Host (no second lookup)', async () => {
    const server = await startServer((_request, response) => response.end('pinned'));
    pretendLoopbackIsPublic();
    // A rebinding resolver: a public address for the check, a private one for any later lookup.
    // The server only listens on 127.0.0.1, so a connection made from a second lookup would fail.
    const lookups: string[] = [];
    const resolve = async (hostname: string) => {
      lookups.push(hostname);
      return lookups.length === 1 ? [PUBLIC_STAND_IN] : ['127.0.0.2'];
    };

    const answer = await createGuardedFetch({ allowHttp: true, resolve })(
      `http://rebind.test:${server.port}/doc`,
    );
    expect(text(answer.body)).toBe('pinned');
    expect(lookups).toEqual(['rebind.test']);
    expect(server.seen[0]?.headers.host).toBe(`rebind.test:${server.port}`);
    expect(server.seen[0]?.connectedTo).toBe('127.0.0.1');
    expect(answer.url).toBe(`http://rebind.test:${server.port}/doc`);
  });

  it('refuses the rebinding answer when it comes first', async () => {
    pretendLoopbackIsPublic();
    await expectCode(
      createGuardedFetch({ allowHttp: true, resolve: async () => ['127.0.0.2'] })('http://rebind.test/'),
      'FETCH_BLOCKED',
    );
  });

  it('fails on a refused connection', async () => {
    const server = await startServer(() => undefined);
    const closedOrigin = server.origin;
    await server.close();
    const error = await expectCode(createGuardedFetch(LOCAL)(`${closedOrigin}/`), 'FETCH_FAILED');
    expect(error.message).toContain('refused');
  });
});

describe('createGuardedFetch: answers', () => {
  it('returns status, lower-cased headers, body and content type', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/ld+json; charset=utf-8',
        'X-Custom-Header': 'Yes',
        'Set-Cookie': ['a=1', 'b=2'],
      });
      response.end('{"ok":true}');
    });
    const answer = await createGuardedFetch({ ...LOCAL, userAgent: 'Cairn-test' })(
      `${server.origin}/doc.json?x=1#part`,
      { accept: 'application/ld+json' },
    );
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(`${server.origin}/doc.json?x=1`);
    expect(answer.contentType).toBe('application/ld+json');
    expect(answer.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(answer.headers['x-custom-header']).toBe('Yes');
    expect(answer.headers['set-cookie']).toBe('a=1, b=2');
    expect(answer.body).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(text(answer.body))).toEqual({ ok: true });
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/doc.json?x=1' });
    expect(server.seen[0]?.headers['user-agent']).toBe('Cairn-test');
    expect(server.seen[0]?.headers.accept).toBe('application/ld+json');
  });

  it('returns non-2xx statuses instead of throwing', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('missing');
    });
    const answer = await createGuardedFetch(LOCAL)(`${server.origin}/nope`);
    expect(answer.status).toBe(404);
    expect(text(answer.body)).toBe('missing');
    expect(answer.contentType).toBe('text/plain');
  });

  it('sends a POST body and the caller headers, but not a caller Host', async () => {
    const server = await startServer((_request, response) => response.end());
    await createGuardedFetch(LOCAL)(`${server.origin}/hook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Host: 'evil.example', 'X-Signature': 'abc' },
      body: '{"event":"issued"}',
    });
    const seen = server.seen[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe('{"event":"issued"}');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['content-length']).toBe('18');
    expect(seen?.headers['x-signature']).toBe('abc');
    expect(seen?.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('refuses invalid request headers before connecting', async () => {
    const fetchUrl = createGuardedFetch({ resolve: noDns });
    for (const headers of [{ 'x-note': 'a\r\nInjected: yes' }, { 'bad name': 'x' }]) {
      await expectCode(fetchUrl('https://example.org/', { headers }), 'INVALID_INPUT');
    }
  });

  it('fails when the connection closes before the body is complete', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only ten b');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await expectCode(createGuardedFetch(LOCAL)(`${server.origin}/`), 'FETCH_FAILED');
  });
});

describe('createGuardedFetch: redirects', () => {
  it('follows redirects, checking and resolving each hop again', async () => {
    const target = await startServer((_request, response) => response.end('arrived'));
    const first = await startServer((_request, response) => {
      response.writeHead(302, { location: `http://second.test:${target.port}/end` });
      response.end();
    });
    const lookups: string[] = [];
    const resolve = async (hostname: string) => {
      lookups.push(hostname);
      return ['127.0.0.1'];
    };
    const answer = await createGuardedFetch({ ...LOCAL, resolve })(`http://first.test:${first.port}/start`);
    expect(answer.status).toBe(200);
    expect(text(answer.body)).toBe('arrived');
    expect(answer.url).toBe(`http://second.test:${target.port}/end`);
    expect(lookups).toEqual(['first.test', 'second.test']);
    expect(target.seen[0]?.headers.host).toBe(`second.test:${target.port}`);
  });

  it('blocks a redirect to a private address', async () => {
    const server = await startServer((request, response) => {
      const location =
        request.url === '/to-literal' ? 'http://127.0.0.2/' : 'http://metadata.test/latest/meta-data/';
      response.writeHead(301, { location });
      response.end();
    });
    pretendLoopbackIsPublic();
    const resolve = async (hostname: string) => (hostname === 'metadata.test' ? ['169.254.169.254'] : []);
    const fetchUrl = createGuardedFetch({ allowHttp: true, resolve });
    await expectCode(fetchUrl(`${server.origin}/to-literal`), 'FETCH_BLOCKED');
    await expectCode(fetchUrl(`${server.origin}/to-name`), 'FETCH_BLOCKED');
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1/', 'http://user:pass@127.0.0.1/'])(
    'blocks a redirect to %s',
    async (location) => {
      const server = await startServer((_request, response) => {
        response.writeHead(302, { location });
        response.end();
      });
      await expectCode(createGuardedFetch(LOCAL)(`${server.origin}/`), 'FETCH_BLOCKED');
    },
  );

  it('fails on a redirect loop', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(307, { location: '/loop' });
      response.end();
    });
    const error = await expectCode(createGuardedFetch(LOCAL)(`${server.origin}/loop`), 'FETCH_FAILED');
    expect(error.message).toContain('redirects');
    expect(server.seen).toHaveLength(4);
  });

  it('follows exactly maxRedirects hops', async () => {
    const server = await startServer((request, response) => {
      const step = Number(request.url?.slice(1));
      if (step < 2) {
        response.writeHead(308, { location: `/${step + 1}` });
        response.end();
      } else {
        response.end('done');
      }
    });
    expect(text((await createGuardedFetch({ ...LOCAL, maxRedirects: 2 })(`${server.origin}/0`)).body)).toBe(
      'done',
    );
    await expectCode(createGuardedFetch({ ...LOCAL, maxRedirects: 1 })(`${server.origin}/0`), 'FETCH_FAILED');
    await expectCode(createGuardedFetch({ ...LOCAL, maxRedirects: 0 })(`${server.origin}/1`), 'FETCH_FAILED');
  });

  it('turns a POST into a GET on 303, keeps it on 307, and drops credentials across origins', async () => {
    const other = await startServer((_request, response) => response.end());
    const server = await startServer((request, response) => {
      if (request.url === '/see-other') {
        response.writeHead(303, { location: '/result' });
      } else if (request.url === '/temporary') {
        response.writeHead(307, { location: `${other.origin}/moved` });
      }
      response.end();
    });
    const fetchUrl = createGuardedFetch(LOCAL);
    const init = {
      method: 'POST' as const,
      body: 'payload',
      headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' },
    };

    await fetchUrl(`${server.origin}/see-other`, init);
    expect(server.seen[1]).toMatchObject({ method: 'GET', url: '/result', body: '' });
    expect(server.seen[1]?.headers.authorization).toBe('Bearer secret');
    expect(server.seen[1]?.headers['content-type']).toBeUndefined();

    await fetchUrl(`${server.origin}/temporary`, init);
    expect(other.seen[0]).toMatchObject({ method: 'POST', url: '/moved', body: 'payload' });
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('returns a 3xx without a Location as it is', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(304);
      response.end();
    });
    expect((await createGuardedFetch(LOCAL)(`${server.origin}/`)).status).toBe(304);
  });
});

describe('createGuardedFetch: size limit', () => {
  it('rejects early on a Content-Length over the limit', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      response.write('x'); // and then nothing: waiting for the body would end in a timeout instead
    });
    const started = Date.now();
    await expectCode(
      createGuardedFetch({ ...LOCAL, maxBytes: 1024, timeoutMs: 5000 })(`${server.origin}/`),
      'FETCH_TOO_LARGE',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops reading a body without Content-Length as soon as it passes the limit', async () => {
    let written = 0;
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked, no length
      const timer = setInterval(() => {
        if (response.destroyed) {
          clearInterval(timer);
          return;
        }
        response.write(Buffer.alloc(4096, 1));
        written += 4096;
      }, 1);
      response.on('close', () => clearInterval(timer));
    });
    const error = await expectCode(
      createGuardedFetch({ ...LOCAL, maxBytes: 64 * 1024, timeoutMs: 10_000 })(`${server.origin}/`),
      'FETCH_TOO_LARGE',
    );
    expect(error.message).toContain(String(64 * 1024));
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const server = await startServer((_request, response) => response.end(Buffer.alloc(1000, 7)));
    const answer = await createGuardedFetch({ ...LOCAL, maxBytes: 1000 })(`${server.origin}/`);
    expect(answer.body.byteLength).toBe(1000);
    await expectCode(createGuardedFetch({ ...LOCAL, maxBytes: 999 })(`${server.origin}/`), 'FETCH_TOO_LARGE');
  });
});

describe('createGuardedFetch: time limit', () => {
  const timeoutMs = 300;

  async function expectTimeout(promise: Promise<unknown>): Promise<void> {
    const started = Date.now();
    await expectCode(promise, 'FETCH_TIMEOUT');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(elapsed).toBeLessThan(timeoutMs + 700);
  }

  it('times out on a server that never answers', async () => {
    const server = await startServer(() => undefined);
    await expectTimeout(createGuardedFetch({ ...LOCAL, timeoutMs })(`${server.origin}/`));
  });

  it('times out on a body dripped byte by byte', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-length': '100000' });
      const timer = setInterval(() => response.write('x'), 20);
      response.on('close', () => clearInterval(timer));
    });
    await expectTimeout(createGuardedFetch({ ...LOCAL, timeoutMs })(`${server.origin}/`));
  });

  it('counts the time of every redirect hop against one limit', async () => {
    const server = await startServer((request, response) => {
      setTimeout(() => {
        response.writeHead(302, { location: `/${Number(request.url?.slice(1)) + 1}` });
        response.end();
      }, 120);
    });
    await expectTimeout(createGuardedFetch({ ...LOCAL, timeoutMs, maxRedirects: 5 })(`${server.origin}/0`));
  });

  it('times out on a resolver that never answers', async () => {
    const resolve = () => new Promise<string[]>(() => undefined);
    await expectTimeout(createGuardedFetch({ resolve, timeoutMs })('https://slow-dns.example/'));
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('createGuardedFetch: https', () => {
  let cert = '';
  let key = '';

  beforeAll(() => {
    const directory = mkdtempSync(join(tmpdir(), 'cairn-guarded-fetch-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=example.test',
          '-addext',
          'subjectAltName=DNS:example.test',
          '-keyout',
          join(directory, 'key.pem'),
          '-out',
          join(directory, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      cert = readFileSync(join(directory, 'cert.pem'), 'utf8');
      key = readFileSync(join(directory, 'key.pem'), 'utf8');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  async function startHttpsServer(): Promise<{ port: number; serverNames: Array<string | false | null> }> {
    const serverNames: Array<string | false | null> = [];
    const server = createHttpsServer({ cert, key }, (request, response) => {
      serverNames.push((request.socket as TLSSocket).servername);
      if (request.url === '/downgrade') {
        response.writeHead(302, { location: `http://example.test:${port}/` });
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end('{"secure":true}');
    });
    const port = await listen(server);
    return { port, serverNames };
  }

  const toLoopback = async () => ['127.0.0.1'];

  it('fetches over TLS from the pinned address, with the hostname as SNI', async () => {
    const server = await startHttpsServer();
    const answer = await createGuardedFetch({ allowPrivateNetwork: true, resolve: toLoopback, tlsCa: cert })(
      `https://example.test:${server.port}/`,
    );
    expect(answer.status).toBe(200);
    expect(text(answer.body)).toBe('{"secure":true}');
    expect(server.serverNames).toEqual(['example.test']);
  });

  it('fails on an untrusted certificate or a certificate for another name', async () => {
    const server = await startHttpsServer();
    const untrusted = createGuardedFetch({ allowPrivateNetwork: true, resolve: toLoopback });
    const error = await expectCode(untrusted(`https://example.test:${server.port}/`), 'FETCH_FAILED');
    expect(error.message).toContain('TLS');
    const trusted = createGuardedFetch({ allowPrivateNetwork: true, resolve: toLoopback, tlsCa: cert });
    await expectCode(trusted(`https://other.test:${server.port}/`), 'FETCH_FAILED');
  });

  it('blocks a redirect from https to http when https only', async () => {
    const server = await startHttpsServer();
    const fetchUrl = createGuardedFetch({ allowPrivateNetwork: true, resolve: toLoopback, tlsCa: cert });
    const error = await expectCode(
      fetchUrl(`https://example.test:${server.port}/downgrade`),
      'FETCH_BLOCKED',
    );
    expect(error.message).toContain('only https');
  });
});
