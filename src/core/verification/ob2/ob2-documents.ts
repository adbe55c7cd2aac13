/**
 * Fetching the documents an Open Badges 2.0 assertion links to (the hosted Assertion, its BadgeClass,
 * the issuer Profile, a CryptographicKey, a RevocationList) through an injected fetcher: the core has no
 * network, and the server and CLI pass the SSRF-guarded fetch. What cannot be reached is `unknown`,
 * never a pass; what the issuer's server answers (a 404, a document that is not JSON) is a failure.
 */
import { isAppError } from '../../../errors.js';
import { isObject, type Json } from './ob2-input.js';

/** A GET's answer: the HTTP status, the URL that answered after redirects, the body parsed as JSON. */
export type FetchedDocument = { status: number; url: string; body: unknown };

/**
 * GETs a JSON document. Resolves with any HTTP answer (the body `undefined` when it is not JSON);
 * rejects when nothing answered (refused by the SSRF guard, network error, timeout).
 */
export type DocumentFetcher = (url: string) => Promise<FetchedDocument>;

export type Loaded =
  | { ok: true; document: Json; url: string }
  | { ok: false; status: 'unknown' | 'failed'; detail: string; httpStatus?: number; body?: unknown };

function reason(error: unknown): string {
  return isAppError(error)
    ? (error.detail ?? error.message)
    : error instanceof Error
      ? error.message
      : String(error);
}

/** Remembers each URL's answer for one verification: an issuer Profile is read once, however often it is named. */
export function memoizeFetcher(fetcher: DocumentFetcher): DocumentFetcher {
  const answers = new Map<string, Promise<FetchedDocument>>();
  return (url) => {
    let answer = answers.get(url);
    if (!answer) {
      answer = fetcher(url);
      answers.set(url, answer);
    }
    return answer;
  };
}

/** Fetches the `what` (e.g. "BadgeClass") at `url` as a JSON object, or says why it could not. */
export async function loadDocument(
  fetcher: DocumentFetcher | undefined,
  url: string,
  what: string,
): Promise<Loaded> {
  if (!fetcher) {
    return {
      ok: false,
      status: 'unknown',
      detail: `the ${what} at ${url} was not fetched: this verifier is offline`,
    };
  }
  let answer: FetchedDocument;
  try {
    answer = await fetcher(url);
  } catch (error) {
    return {
      ok: false,
      status: 'unknown',
      detail: `the ${what} at ${url} could not be fetched: ${reason(error)}`,
    };
  }
  if (answer.status < 200 || answer.status >= 300) {
    // The issuer's server answered: a 404 or 410 is its word that the document is not there any more.
    const answered = answer.status === 404 || answer.status === 410;
    return {
      ok: false,
      status: answered ? 'failed' : 'unknown',
      detail: `the ${what} at ${url} answered HTTP ${answer.status}`,
      httpStatus: answer.status,
      body: answer.body,
    };
  }
  if (!isObject(answer.body)) {
    return { ok: false, status: 'failed', detail: `the ${what} at ${url} is not a JSON object` };
  }
  return { ok: true, document: answer.body, url: answer.url };
}
