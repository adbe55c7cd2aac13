/**
 * The status checker's fetch port over HTTP: status lists through the SSRF-guarded fetch, with ETag
 * revalidation, and a Cairn server's own lists answered in-process.
 */
import type { FetchStatusList, StatusListResponse } from '../core/status-lists/check-status.js';
import { AppError } from '../errors.js';
import type { GuardedFetch } from './guarded-fetch.js';

export type StatusListFetcherOptions = {
  /** Network access; absent means offline (only `localStatusList` answers). */
  fetch?: GuardedFetch;
  /**
   * A Cairn server's own lists: the list credential for a URL it serves, or undefined when the URL is
   * not its own. Such answers are fresh by construction, so they are never cached.
   */
  localStatusList?: (url: string) => Promise<unknown | undefined>;
};

const ACCEPT =
  'application/vc, application/vc+ld+json, application/ld+json, application/json;q=0.9, application/vc+jwt;q=0.8, application/jwt;q=0.8';

const JWT_MEDIA_TYPES = new Set(['application/vc+jwt', 'application/jwt']);

/** Freshness from Cache-Control: `no-store` forbids reuse, `no-cache` means revalidate every time. */
function freshness(cacheControl: string | undefined): { maxAgeMs?: number; cacheable: boolean } {
  const directives = (cacheControl ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  if (directives.includes('no-store')) {
    return { cacheable: false };
  }
  if (directives.includes('no-cache')) {
    return { maxAgeMs: 0, cacheable: true };
  }
  for (const directive of directives) {
    const match = /^max-age=(\d+)$/.exec(directive);
    if (match) {
      return { maxAgeMs: Number(match[1]) * 1000, cacheable: true };
    }
  }
  return { cacheable: true };
}

/**
 * Creates the FetchStatusList the status checker takes. A GET with an Accept for credentials and, on
 * revalidation, If-None-Match; a 304 answers `notModified`. The body is parsed as JSON, or passed on as
 * text when it is a VC-JWT (`application/vc+jwt`).
 *
 * Throws AppError FETCH_FAILED for a non-2xx status or a body that is neither JSON nor a JWT, plus
 * whatever the guarded fetch throws (FETCH_BLOCKED, FETCH_FAILED, FETCH_TIMEOUT, FETCH_TOO_LARGE); and
 * FETCH_BLOCKED when offline and the URL is not a local list.
 *
 * @example
 *   const fetchList = createStatusListFetcher({ fetch: createGuardedFetch() });
 *   createStatusChecker({ fetchList, verifyListCredential, clock: Date.now });
 */
export function createStatusListFetcher(options: StatusListFetcherOptions): FetchStatusList {
  return async (url, { etag }): Promise<StatusListResponse> => {
    if (options.localStatusList) {
      const local = await options.localStatusList(url);
      if (local !== undefined) {
        return { notModified: false, body: local, cacheable: false };
      }
    }
    if (!options.fetch) {
      throw new AppError('FETCH_BLOCKED', 'this verifier works offline and does not fetch status lists');
    }
    const response = await options.fetch(url, {
      accept: ACCEPT,
      ...(etag === undefined ? {} : { headers: { 'if-none-match': etag } }),
    });
    const origin = new URL(url).origin;
    const { maxAgeMs, cacheable } = freshness(response.headers['cache-control']);
    if (response.status === 304 && etag !== undefined) {
      return { notModified: true, ...(maxAgeMs === undefined ? {} : { maxAgeMs }) };
    }
    if (response.status < 200 || response.status >= 300) {
      throw new AppError('FETCH_FAILED', `${origin} answered HTTP ${response.status}`);
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(response.body).replace(/^\uFEFF/, '');
    } catch {
      throw new AppError('FETCH_FAILED', `${origin} answered with something that is not UTF-8 text`);
    }
    let body: unknown;
    if (
      (response.contentType !== undefined && JWT_MEDIA_TYPES.has(response.contentType)) ||
      /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text.trim())
    ) {
      body = text.trim();
    } else {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError('FETCH_FAILED', `${origin} did not answer with JSON`);
      }
    }
    const newEtag = response.headers.etag;
    return {
      notModified: false,
      body,
      cacheable,
      ...(newEtag === undefined ? {} : { etag: newEtag }),
      ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
    };
  };
}
