/**
 * The verifier as the browser runs it: the core's verifyCredential with the noble crypto backend (no
 * server involved in any check), the issuer's did:web document and status lists fetched by the page —
 * directly on its own origin, through the server's SSRF-guarded fetch (/api/v1/fetch) elsewhere, which
 * carries bytes and decides nothing. did:web over http only for localhost (a development server).
 */
import { detectContainerType, extractCredential } from '../../core/baking/extract.js';
import { nobleCryptoBackend } from '../../core/crypto/noble-crypto-backend.js';
import { didWebToUrl } from '../../core/keys/did-web.js';
import { createVerificationMethodResolver } from '../../core/keys/resolve-verification-method.js';
import { createStatusChecker, type FetchStatusList } from '../../core/status-lists/check-status.js';
import type { DocumentFetcher } from '../../core/verification/ob2/ob2-documents.js';
import type { StatusChecker, VerificationReport } from '../../core/verification/report.js';
import { verifyCredential } from '../../core/verification/verify-credential.js';
import type { ReadInput, VerificationStage, VerifierPort } from '../../pages/verifier-context.js';

const DOCUMENT_ACCEPT =
  'application/did+ld+json, application/did+json, application/ld+json, application/vc+ld+json, application/json;q=0.9';

/** A failure to read something, with a code the page turns into words. */
export class ReadError extends Error {
  constructor(
    readonly code: 'not-a-credential' | 'no-credential' | 'bad-image' | 'fetch',
    message: string,
  ) {
    super(message);
  }
}

export function isLocalHost(hostname: string): boolean {
  return /^(localhost|127\.0\.0\.1|\[::1\]|::1)$/.test(hostname) || hostname.endsWith('.localhost');
}

/**
 * GETs a document: same origin directly, anything else through /api/v1/fetch. Never throws a TypeError
 * (the resolver would take it for "this key does not exist" rather than "could not be reached").
 */
export async function fetchText(url: string, accept = DOCUMENT_ACCEPT): Promise<string> {
  let target: URL;
  try {
    target = new URL(url, window.location.href);
  } catch {
    throw new ReadError('fetch', `${url} is not a valid URL`);
  }
  const sameOrigin = target.origin === window.location.origin;
  const request = sameOrigin ? target.href : `/api/v1/fetch?url=${encodeURIComponent(target.href)}`;
  let response: Response;
  try {
    response = await fetch(request, { headers: { accept }, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new ReadError('fetch', `${target.origin} could not be reached (${(error as Error).message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = `HTTP ${response.status}`;
    try {
      const problem = JSON.parse(text) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // Not a problem document: the status says enough.
    }
    throw new ReadError('fetch', detail);
  }
  return text;
}

async function fetchJson(url: string): Promise<unknown> {
  const text = await fetchText(url);
  try {
    return JSON.parse(text);
  } catch {
    throw new ReadError('fetch', `${url} did not answer with JSON`);
  }
}

/** Lets the page paint between stages: verification is work on the main thread. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function createResolver() {
  return createVerificationMethodResolver({
    fetchJson,
    // did:web names a host; a development server on localhost speaks http, everything else https.
    localDidDocument: async (did) => {
      const https = new URL(didWebToUrl(did, 'https'));
      const url = isLocalHost(https.hostname) ? didWebToUrl(did, 'http') : https.href;
      return (await fetchJson(url)) as Awaited<ReturnType<typeof fetchJson>> & { id: string };
    },
  });
}

/**
 * Open Badges 2.0 documents (hosted assertions, BadgeClasses, Profiles, keys, revocation lists). On this
 * origin the page reads the HTTP status itself (a 410 Gone means revoked); through /api/v1/fetch only
 * JSON answers come back, so anything else there is "could not be fetched" (unknown, never valid).
 */
const fetchDocument: DocumentFetcher = async (url) => {
  const target = new URL(url, window.location.href);
  if (target.origin === window.location.origin) {
    let response: Response;
    try {
      response = await fetch(target.href, {
        headers: { accept: DOCUMENT_ACCEPT },
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ReadError('fetch', `${target.origin} could not be reached (${(error as Error).message})`);
    }
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    return { status: response.status, url: response.url || target.href, body };
  }
  return { status: 200, url: target.href, body: await fetchJson(target.href) };
};

const fetchList: FetchStatusList = async (url) => {
  const text = await fetchText(url, 'application/vc+ld+json, application/ld+json, application/json;q=0.9');
  try {
    return { notModified: false, body: JSON.parse(text), cacheable: false };
  } catch {
    throw new ReadError('fetch', `${url} did not answer with JSON`);
  }
};

export async function verifyInBrowser(
  input: string,
  onStage: (stage: VerificationStage) => void,
): Promise<VerificationReport> {
  onStage('format');
  await yieldToBrowser();
  const resolver = createResolver();
  let keyStarted = false;
  const resolveVerificationMethod: typeof resolver = async (method) => {
    if (!keyStarted) {
      keyStarted = true;
      onStage('key');
      await yieldToBrowser();
    }
    return resolver(method);
  };
  const checker = createStatusChecker({
    fetchList,
    verifyListCredential: (list, { now }) =>
      verifyCredential(list, {
        now,
        crypto: nobleCryptoBackend,
        resolveVerificationMethod: createResolver(),
      }),
    clock: () => Date.now(),
  });
  const checkStatus: StatusChecker = async (credential, context) => {
    onStage('status');
    await yieldToBrowser();
    return checker(credential, context);
  };
  const report = await verifyCredential(input, {
    now: new Date(),
    crypto: nobleCryptoBackend,
    resolveVerificationMethod,
    checkStatus,
    fetchDocument,
  });
  onStage('done');
  return report;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Reads a dropped file: a baked PNG or SVG, a certificate PDF (its attached credential), JSON or a JWT. */
export async function readCredentialFile(file: File): Promise<ReadInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const container = detectContainerType(bytes);
  if (container !== undefined) {
    try {
      const found = extractCredential(bytes);
      // An OB 2.0 / 1.x image may hold its hosted assertion's URL: the verifier fetches it from the issuer.
      return { text: found.text, container };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'IMAGE_NO_CREDENTIAL' || code === 'PDF_NO_CREDENTIAL') {
        throw new ReadError('no-credential', 'the file carries no credential');
      }
      if (error instanceof ReadError) {
        throw error;
      }
      throw new ReadError('bad-image', (error as Error).message);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReadError('not-a-credential', 'the file is not text, nor a PNG, SVG or PDF');
  }
  const trimmed = text.trim().replace(/^\uFEFF/, '');
  if (JWT.test(trimmed)) {
    return { text: trimmed, container: 'jwt' };
  }
  if (trimmed.startsWith('{')) {
    return { text: trimmed, container: 'json' };
  }
  throw new ReadError('not-a-credential', 'the file is neither JSON, a JWT, nor a PNG, SVG or PDF');
}

export const browserVerifier: VerifierPort = {
  verify: verifyInBrowser,
  fetchCredential: (url) =>
    fetchText(url, 'application/ld+json, application/vc+ld+json, application/json;q=0.9'),
  readFile: readCredentialFile,
};
