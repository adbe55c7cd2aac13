import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import {
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { AppError } from '../errors.js';
import { isBlockedAddress } from './ip-ranges.js';

export { isBlockedAddress } from './ip-ranges.js';

export type GuardedFetchOptions = {
  /** Allow plain `http:` URLs. Default false: https only. */
  allowHttp?: boolean;
  /** Allow loopback, private and other reserved addresses. Default false; for development and tests. */
  allowPrivateNetwork?: boolean;
  /** Total time for the call, redirects and body included, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 3. */
  maxRedirects?: number;
  /** The User-Agent header. Default `Cairn`. */
  userAgent?: string;
  /** Resolves a hostname to IP addresses. Default: every address `node:dns` lookup gives. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** CA certificate(s) (PEM) trusted for https instead of Node's default roots; for tests and private PKI. */
  tlsCa?: string | Uint8Array;
};

export type FetchedResponse = {
  /** The URL that answered, after redirects, without its fragment. */
  url: string;
  status: number;
  /** Response headers, names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The media type of the body, lower-cased and without parameters (`application/ld+json`), if given. */
  contentType: string | undefined;
};

export type GuardedFetchInit = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The Accept header. Default `*\/*`. */
  accept?: string;
};

export type GuardedFetch = (url: string, init?: GuardedFetchInit) => Promise<FetchedResponse>;

const DEFAULTS = {
  timeoutMs: 5000,
  maxBytes: 1024 * 1024,
  maxRedirects: 3,
  userAgent: 'Cairn',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers a caller may not set: the guard sets them itself (Host must stay the validated hostname). */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'accept-encoding',
]);

/** Headers that must not follow a redirect to another origin (as the Fetch standard does for Authorization). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

type Settings = {
  allowHttp: boolean;
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  resolve: (hostname: string) => Promise<string[]>;
  tlsCa: string | Uint8Array | undefined;
};

type Hop = {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: Uint8Array | undefined;
};

type HopResult =
  | { kind: 'response'; response: FetchedResponse }
  | { kind: 'redirect'; status: number; location: string };

/**
 * Creates the only function Cairn uses to fetch a URL that a user's input names (did:web documents,
 * status lists, hosted OB 2.0 assertions, URLs pasted into the verifier, webhook targets).
 *
 * Each request, and each redirect hop, is checked from scratch: only `https:` (or `http:` with
 * `allowHttp`), no `user:pass@`, and the hostname is resolved once; if any address is loopback,
 * private, link-local or otherwise reserved (see `isBlockedAddress`) the fetch is refused. The
 * connection then goes to the validated address itself, so a DNS answer that changes between the check
 * and the connect (DNS rebinding) cannot redirect it; TLS SNI, certificate checks and the Host header
 * still use the hostname. The timeout covers the whole call, redirects and a slowly dripped body included,
 * and the body is cut off as soon as it passes `maxBytes`. Non-2xx statuses are returned, not thrown.
 * Nothing is logged, and error details name only the URL's origin and path, never its query.
 *
 * Fails with `AppError`:
 * - `FETCH_BLOCKED`: not a valid URL, a scheme other than https (or http when allowed), credentials in
 *   the URL, or an address in a blocked range, on the first request or after a redirect;
 * - `FETCH_FAILED`: DNS failure, connection refused or reset, TLS failure, a bad redirect, too many redirects;
 * - `FETCH_TIMEOUT`: the whole call took longer than `timeoutMs`;
 * - `FETCH_TOO_LARGE`: the body (declared or received) is larger than `maxBytes`.
 * - `INVALID_INPUT`: a request header name or value is not valid HTTP (e.g. contains CR/LF).
 *
 * @example
 * const fetchUrl = createGuardedFetch({ timeoutMs: 3000 });
 * const answer = await fetchUrl('https://example.org/.well-known/did.json', { accept: 'application/json' });
 * if (answer.status === 200) { JSON.parse(new TextDecoder().decode(answer.body)); }
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const settings: Settings = {
    allowHttp: options.allowHttp ?? false,
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs),
    maxBytes: positiveInteger('maxBytes', options.maxBytes ?? DEFAULTS.maxBytes),
    maxRedirects: nonNegativeInteger('maxRedirects', options.maxRedirects ?? DEFAULTS.maxRedirects),
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
    resolve: options.resolve ?? resolveWithDns,
    tlsCa: options.tlsCa,
  };
  return (url, init = {}) => guardedFetch(settings, url, init);
}

async function guardedFetch(
  settings: Settings,
  input: string,
  init: GuardedFetchInit,
): Promise<FetchedResponse> {
  let hop: Hop = {
    url: checkUrl(settings, parseUrl(input)),
    method: init.method ?? 'GET',
    headers: buildHeaders(settings, init),
    body: typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body,
  };
  // One deadline for the whole call: DNS, every redirect hop, headers and body.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    for (let redirects = 0; ; redirects += 1) {
      const addresses = await resolveAndCheck(settings, hop.url, controller.signal);
      const result = await requestOnce(settings, hop, addresses, controller.signal);
      if (result.kind === 'response') {
        return result.response;
      }
      if (redirects >= settings.maxRedirects) {
        throw new AppError(
          'FETCH_FAILED',
          `${originAndPath(hop.url)}: more than ${settings.maxRedirects} redirects`,
        );
      }
      hop = followRedirect(settings, hop, result.status, result.location);
    }
  } finally {
    clearTimeout(timer);
  }
}

function parseUrl(input: string): URL {
  try {
    return new URL(input);
  } catch (error) {
    throw new AppError('FETCH_BLOCKED', 'The address is not a valid URL', { cause: error });
  }
}

/** The checks that need no DNS: scheme, credentials, host. Throws FETCH_BLOCKED. */
function checkUrl(settings: Settings, url: URL): URL {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'FETCH_BLOCKED',
      `${url.protocol} URLs cannot be fetched, only https${settings.allowHttp ? ' and http' : ''}`,
    );
  }
  if (url.protocol === 'http:' && !settings.allowHttp) {
    throw new AppError('FETCH_BLOCKED', `${originAndPath(url)}: only https URLs can be fetched`);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: the URL's userinfo is exactly what must not end up in an error message.
    throw new AppError('FETCH_BLOCKED', `${originAndPath(url)}: URLs with credentials cannot be fetched`);
  }
  if (hostOf(url) === '') {
    throw new AppError('FETCH_BLOCKED', 'The URL has no host');
  }
  return url;
}

/**
 * Resolves the hostname once (IP literals are used as they are) and checks every address; the
 * returned list is what the connection is pinned to.
 */
async function resolveAndCheck(settings: Settings, url: URL, signal: AbortSignal): Promise<string[]> {
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await abortable(settings.resolve(host), signal);
    } catch (error) {
      if (signal.aborted) {
        throw timeoutError(url, error);
      }
      throw new AppError('FETCH_FAILED', `${originAndPath(url)}: the host name could not be resolved`, {
        cause: error,
      });
    }
    if (addresses.length === 0 || addresses.some((address) => isIP(address) === 0)) {
      throw new AppError('FETCH_FAILED', `${originAndPath(url)}: the host name could not be resolved`);
    }
  }
  // One blocked address is enough to refuse: otherwise a host could list a public address next to
  // 127.0.0.1 and hope the connection picks the second.
  if (!settings.allowPrivateNetwork && addresses.some(isBlockedAddress)) {
    throw new AppError(
      'FETCH_BLOCKED',
      `${originAndPath(url)}: the host is on a private or reserved network`,
    );
  }
  return addresses;
}

async function resolveWithDns(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

function requestOnce(
  settings: Settings,
  hop: Hop,
  addresses: string[],
  signal: AbortSignal,
): Promise<HopResult> {
  return new Promise<HopResult>((resolve, reject) => {
    let request: ClientRequest | undefined;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) {
        return;
      }
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: AppError): void =>
      settle(() => {
        request?.destroy();
        reject(error);
      });
    const onAbort = (): void => fail(timeoutError(hop.url));

    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort);

    const isHttps = hop.url.protocol === 'https:';
    const requestOptions: RequestOptions & { ca?: string | Buffer; rejectUnauthorized?: boolean } = {
      method: hop.method,
      // The hostname (not the address) gives the Host header, the TLS SNI and the name the certificate
      // must match; the pinned lookup below decides where the socket actually connects.
      hostname: hostOf(hop.url),
      port: hop.url.port === '' ? (isHttps ? 443 : 80) : Number(hop.url.port),
      path: `${hop.url.pathname}${hop.url.search}`,
      headers: {
        ...hop.headers,
        ...(hop.body === undefined ? {} : { 'content-length': String(hop.body.byteLength) }),
      },
      lookup: pinnedLookup(addresses),
      // No pooled sockets: a kept-alive connection must never carry a request it was not validated for.
      agent: false,
    };
    if (isHttps) {
      // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn certificate checks off.
      requestOptions.rejectUnauthorized = true;
      if (settings.tlsCa !== undefined) {
        requestOptions.ca = typeof settings.tlsCa === 'string' ? settings.tlsCa : Buffer.from(settings.tlsCa);
      }
    }

    request = (isHttps ? httpsRequest : httpRequest)(requestOptions);
    request.on('error', (error) => fail(networkError(hop.url, error)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        settle(() => {
          request?.destroy();
          resolve({ kind: 'redirect', status, location });
        });
        return;
      }
      readBody(settings, hop.url, response, fail, (body) =>
        settle(() => resolve({ kind: 'response', response: toFetchedResponse(hop.url, response, body) })),
      );
    });
    request.end(hop.body);
  });
}

/** Streams the body, failing as soon as it passes maxBytes (or declares a larger Content-Length). */
function readBody(
  settings: Settings,
  url: URL,
  response: IncomingMessage,
  fail: (error: AppError) => void,
  done: (body: Uint8Array) => void,
): void {
  const tooLarge = () =>
    new AppError(
      'FETCH_TOO_LARGE',
      `${originAndPath(url)}: the answer is larger than ${settings.maxBytes} bytes`,
    );
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > settings.maxBytes) {
    fail(tooLarge());
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  response.on('data', (chunk: Buffer) => {
    received += chunk.byteLength;
    if (received > settings.maxBytes) {
      fail(tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  response.on('end', () => done(new Uint8Array(Buffer.concat(chunks, received))));
  response.on('error', (error) => fail(networkError(url, error)));
  response.on('close', () => {
    if (!response.complete) {
      fail(
        new AppError(
          'FETCH_FAILED',
          `${originAndPath(url)}: the connection closed before the answer was complete`,
        ),
      );
    }
  });
}

function toFetchedResponse(url: URL, response: IncomingMessage, body: Uint8Array): FetchedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  const final = new URL(url);
  final.hash = '';
  return {
    url: final.href,
    status: response.statusCode ?? 0,
    headers,
    body,
    contentType: mediaType(headers['content-type']),
  };
}

function mediaType(contentType: string | undefined): string | undefined {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/** The next hop of a redirect, checked like a fresh request (its DNS check follows in the loop). */
function followRedirect(settings: Settings, hop: Hop, status: number, location: string): Hop {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch (error) {
    throw new AppError('FETCH_FAILED', `${originAndPath(hop.url)}: redirected to an invalid URL`, {
      cause: error,
    });
  }
  checkUrl(settings, next);
  // 303 always, and 301/302 after a POST, continue as GET without a body (RFC 9110 §15.4, as browsers do);
  // 307 and 308 repeat the request as it was.
  const becomesGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
  const headers = { ...hop.headers };
  if (becomesGet) {
    delete headers['content-type'];
  }
  if (next.origin !== hop.url.origin) {
    for (const name of CREDENTIAL_HEADERS) {
      delete headers[name];
    }
  }
  return {
    url: next,
    method: becomesGet ? 'GET' : hop.method,
    headers,
    body: becomesGet ? undefined : hop.body,
  };
}

function buildHeaders(settings: Settings, init: GuardedFetchInit): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const key = name.toLowerCase();
    try {
      validateHeaderName(key);
      validateHeaderValue(key, value);
    } catch (error) {
      // Checked here, before any socket opens: a CR/LF in a value would otherwise make node:http throw.
      throw new AppError('INVALID_INPUT', `The request header ${JSON.stringify(name)} is not valid`, {
        cause: error,
      });
    }
    if (!RESERVED_HEADERS.has(key)) {
      headers[key] = value;
    }
  }
  headers['user-agent'] = settings.userAgent;
  headers.accept = init.accept ?? headers.accept ?? '*/*';
  return headers;
}

/**
 * A `lookup` for `http.request` that ignores DNS and answers with the already validated addresses,
 * so the socket connects exactly where the check looked (defeats DNS rebinding).
 */
function pinnedLookup(addresses: string[]) {
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (
    _hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = entries.filter((entry) => !family || entry.family === family);
    const first = wanted[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error('No validated address of the requested family');
      error.code = 'ENOTFOUND';
      callback(error, '');
    } else if (options.all) {
      callback(null, wanted);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function networkError(url: URL, error: Error & { code?: string }): AppError {
  const code = error.code ?? '';
  let reason = 'the connection failed';
  if (code === 'ECONNREFUSED') {
    reason = 'the connection was refused';
  } else if (code === 'ECONNRESET' || code === 'EPIPE') {
    reason = 'the connection was reset';
  } else if (/TLS|SSL|CERT|SIGNATURE|ISSUER/.test(code)) {
    reason = 'the TLS connection could not be established';
  } else if (code.startsWith('HPE_')) {
    reason = 'the answer is not valid HTTP';
  }
  return new AppError('FETCH_FAILED', `${originAndPath(url)}: ${reason}`, { cause: error });
}

function timeoutError(url: URL, cause?: unknown): AppError {
  return new AppError('FETCH_TIMEOUT', `${originAndPath(url)}: no complete answer within the time limit`, {
    cause,
  });
}

/** Settles with `promise`, or rejects once `signal` aborts (for a resolver that ignores time limits). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The hostname without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Origin and path for error details: never the query or fragment, which may carry tokens. */
function originAndPath(url: URL): string {
  const text = `${url.origin}${url.pathname}`;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer`);
  }
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer`);
  }
  return value;
}
