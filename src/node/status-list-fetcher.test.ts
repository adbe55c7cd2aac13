/** The status-list fetch port over a real loopback server: headers, bodies, freshness, local lists. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createGuardedFetch } from './guarded-fetch.js';
import { createStatusListFetcher } from './status-list-fetcher.js';

type Answer = { status?: number; headers?: Record<string, string>; body?: string | Uint8Array };

let server: Server;
let origin: string;
const answers = new Map<string, Answer>();
const seen: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    const answer = answers.get(request.url ?? '') ?? { status: 404, body: '' };
    response.writeHead(answer.status ?? 200, answer.headers ?? {}).end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fetchList = createStatusListFetcher({
  fetch: createGuardedFetch({ allowHttp: true, allowPrivateNetwork: true }),
});

describe('createStatusListFetcher', () => {
  it('asks for credentials, sends If-None-Match, and reads ETag and Cache-Control', async () => {
    answers.set('/list', {
      headers: {
        'content-type': 'application/vc+ld+json',
        etag: '"a"',
        'cache-control': 'public, max-age=120',
      },
      body: '{"type":["VerifiableCredential"]}',
    });
    expect(await fetchList(`${origin}/list`, {})).toEqual({
      notModified: false,
      body: { type: ['VerifiableCredential'] },
      etag: '"a"',
      maxAgeMs: 120_000,
      cacheable: true,
    });
    expect(seen.at(-1)?.accept).toMatch(/^application\/vc, application\/vc\+ld\+json/);
    expect(seen.at(-1)?.['if-none-match']).toBeUndefined();
    answers.set('/list', { status: 304, headers: { 'cache-control': 'max-age=60' } });
    expect(await fetchList(`${origin}/list`, { etag: '"a"' })).toEqual({
      notModified: true,
      maxAgeMs: 60_000,
    });
    expect(seen.at(-1)?.['if-none-match']).toBe('"a"');
  });

  it('no-store forbids reuse, no-cache asks for revalidation every time', async () => {
    answers.set('/no-store', { headers: { 'cache-control': 'no-store' }, body: '{}' });
    expect(await fetchList(`${origin}/no-store`, {})).toMatchObject({ cacheable: false });
    answers.set('/no-cache', { headers: { 'cache-control': 'no-cache' }, body: '{}' });
    expect(await fetchList(`${origin}/no-cache`, {})).toMatchObject({ cacheable: true, maxAgeMs: 0 });
  });

  it('passes a VC-JWT on as text', async () => {
    answers.set('/jwt', {
      headers: { 'content-type': 'application/vc+jwt' },
      body: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln\n',
    });
    expect(await fetchList(`${origin}/jwt`, {})).toMatchObject({ body: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' });
  });

  it('throws FETCH_FAILED for a non-2xx answer, a 304 nobody asked for, non-JSON or non-UTF-8', async () => {
    answers.set('/gone', { status: 410, body: 'gone' });
    answers.set('/surprise-304', { status: 304 });
    answers.set('/html', { headers: { 'content-type': 'text/html' }, body: '<html></html>' });
    answers.set('/binary', { body: new Uint8Array([0xff, 0xfe, 0x00]) });
    for (const [path, message] of [
      ['/gone', /answered HTTP 410/],
      ['/surprise-304', /answered HTTP 304/],
      ['/html', /did not answer with JSON/],
      ['/binary', /not UTF-8/],
    ] as const) {
      const error = await fetchList(`${origin}${path}`, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FETCH_FAILED');
      expect((error as AppError).message).toMatch(message);
    }
  });

  it('answers a local list in-process (never cached) and refuses to go online when offline', async () => {
    const local = createStatusListFetcher({
      localStatusList: async (url) =>
        url === 'https://cairn.example/status/1' ? { local: true } : undefined,
    });
    const before = seen.length;
    expect(await local('https://cairn.example/status/1', { etag: '"x"' })).toEqual({
      notModified: false,
      body: { local: true },
      cacheable: false,
    });
    const error = await local(`${origin}/list`, {}).catch((caught: unknown) => caught);
    expect((error as AppError).code).toBe('FETCH_BLOCKED');
    expect(seen.length).toBe(before);
  });
});
