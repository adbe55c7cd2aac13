/**
 * Webhook signatures (docs/webhooks.md): every delivery carries
 * `Cairn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The receiver recomputes
 * the HMAC over the raw body it received, compares in constant time, and refuses a timestamp outside its
 * replay window (5 minutes by default), so a captured request cannot be replayed later.
 *
 * Pure and isomorphic: the clock is passed in, HMAC comes from @noble/hashes.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The request header that carries the signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'Cairn-Signature';

/** How far a signature's timestamp may be from the receiver's clock, by default: 5 minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function bodyBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? utf8ToBytes(body) : body;
}

function signedContent(timestamp: number, body: string | Uint8Array): Uint8Array {
  const prefix = utf8ToBytes(`${timestamp}.`);
  const bytes = bodyBytes(body);
  const content = new Uint8Array(prefix.length + bytes.length);
  content.set(prefix, 0);
  content.set(bytes, prefix.length);
  return content;
}

/** The hex HMAC-SHA256 of `"<timestamp>.<body>"` under the secret (the whole `whsec_…` string, as UTF-8). */
export function computeWebhookSignature(
  secret: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), signedContent(timestamp, body)));
}

/**
 * The `Cairn-Signature` header value for a body sent at `now`. Several secrets (during a rotation) give
 * several `v1=` entries; a receiver accepts the request if any of them matches.
 *
 * @example
 * signWebhookPayload('whsec_…', '{"id":"…"}', new Date()); // 't=1767225600,v1=5f0c…'
 */
export function signWebhookPayload(
  secret: string | readonly string[],
  body: string | Uint8Array,
  now: Date,
): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  return [
    `t=${timestamp}`,
    ...secrets.map((key) => `v1=${computeWebhookSignature(key, timestamp, body)}`),
  ].join(',');
}

export type WebhookSignatureCheck =
  | { valid: true; timestamp: number }
  | {
      valid: false;
      /** `malformed`: no `t=` or `v1=`; `expired`: outside the replay window; `mismatch`: no signature matches. */
      reason: 'malformed' | 'expired' | 'mismatch';
      timestamp?: number;
    };

/** Compares two equal-length hex strings without an early exit, so timing reveals nothing. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return difference === 0;
}

/**
 * Checks a webhook request as a receiver: `header` is the `Cairn-Signature` value, `body` the raw body
 * exactly as received (not re-serialized JSON), `now` the receiver's clock. Valid when one `v1=` entry is
 * the HMAC of `"<t>.<body>"` under the secret and `t` is within `toleranceSeconds` (default 300) of `now`.
 * Never throws; a missing or garbled header is `malformed`.
 *
 * Also de-duplicate by the event's `id`: a delivery that timed out on Cairn's side may arrive twice.
 *
 * @example
 * const check = verifyWebhookSignature(secret, request.headers['cairn-signature'], rawBody, new Date());
 * if (!check.valid) return reply.status(400).send(check.reason);
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | readonly string[] | undefined | null,
  body: string | Uint8Array,
  now: Date,
  options: { toleranceSeconds?: number } = {},
): WebhookSignatureCheck {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value === '') {
    return { valid: false, reason: 'malformed' };
  }
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const [name, ...rest] = part.trim().split('=');
    const text = rest.join('=');
    if (name === 't' && /^\d{1,12}$/.test(text)) {
      timestamp = Number(text);
    } else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(text)) {
      signatures.push(text.toLowerCase());
    }
  }
  if (timestamp === undefined || signatures.length === 0) {
    return { valid: false, reason: 'malformed' };
  }
  const expected = computeWebhookSignature(secret, timestamp, body);
  // Every entry is compared (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const signature of signatures) {
    matched = constantTimeEqual(signature, expected) || matched;
  }
  if (!matched) {
    return { valid: false, reason: 'mismatch', timestamp };
  }
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > tolerance) {
    return { valid: false, reason: 'expired', timestamp };
  }
  return { valid: true, timestamp };
}
