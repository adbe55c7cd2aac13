/**
 * Recognizing Open Badges 2.0 input: a hosted Assertion (JSON, or the URL it lives at), a signed
 * Assertion (a compact JWS whose payload is the Assertion), and the 1.x forms still baked in old images
 * (`verify` instead of `verification`, `verify.url`).
 *
 * @see https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#Assertion
 */
import { type DecodedJwt, decodeVcJwt, looksLikeJwt } from '../../proofs/vc-jwt.js';
import { isHttpUrl } from '../http-url.js';

export { isHttpUrl };

export type Json = Record<string, unknown>;

export type Ob2Input =
  /** Verified by fetching `url`; `given` is the copy the user handed in, when there was one. */
  | { kind: 'hosted'; url: string; given?: Json }
  | { kind: 'signed'; jws: DecodedJwt; assertion: Json }
  /** An Assertion that names no way to verify it (or signed, but without its JWS). */
  | { kind: 'unverifiable'; assertion: Json; reason: string };

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typesOf(value: unknown): string[] {
  const type = isObject(value) ? (value.type ?? value['@type']) : undefined;
  return (Array.isArray(type) ? type : [type]).filter((item): item is string => typeof item === 'string');
}

function contexts(value: Json): string[] {
  const context = value['@context'];
  return (Array.isArray(context) ? context : [context]).filter(
    (item): item is string => typeof item === 'string',
  );
}

/** The id of a linked object: the string itself, or an embedded object's `id`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

/**
 * True for an OB 2.0 (or 1.x) Assertion, including a revoked hosted stub (`{ id, revoked: true }` with
 * the OB context): never for a Verifiable Credential, which has a `credentialSubject`.
 */
export function isOb2Assertion(value: unknown): value is Json {
  if (!isObject(value) || value.credentialSubject !== undefined) {
    return false;
  }
  const obContext = contexts(value).some((context) =>
    /^https?:\/\/w3id\.org\/openbadges\/v[12]/.test(context),
  );
  if (typesOf(value).includes('Assertion')) {
    return true;
  }
  if (obContext && (value.revoked === true || value.recipient !== undefined)) {
    return true;
  }
  return value.recipient !== undefined && value.badge !== undefined;
}

/** The VerificationObject: `verification`, or its alias `verify` (1.x). */
export function verificationOf(assertion: Json): Json | undefined {
  const verification = assertion.verification ?? assertion.verify;
  return isObject(verification) ? verification : undefined;
}

/** `hosted` / `HostedBadge` or `signed` / `SignedBadge` (aliases of the OB 2.0 context). */
export function verificationType(assertion: Json): 'hosted' | 'signed' | undefined {
  const types = typesOf(verificationOf(assertion));
  if (types.some((type) => type === 'hosted' || type === 'HostedBadge')) {
    return 'hosted';
  }
  return types.some((type) => type === 'signed' || type === 'SignedBadge') ? 'signed' : undefined;
}

/** Where a hosted Assertion lives: its http(s) `id` (2.0), else `verify.url` (1.x). */
export function hostedUrlOf(assertion: Json): string | undefined {
  if (isHttpUrl(assertion.id)) {
    return assertion.id;
  }
  const url = verificationOf(assertion)?.url;
  return isHttpUrl(url) ? url : undefined;
}

/** An Assertion given as JSON: hosted (verified at its URL), or not verifiable as it stands. */
export function ob2InputOfAssertion(assertion: Json): Ob2Input {
  const type = verificationType(assertion);
  if (type === 'signed') {
    return {
      kind: 'unverifiable',
      assertion,
      reason:
        'a signed assertion is verified by its signature: give the JWS (the baked text), not its payload',
    };
  }
  const url = hostedUrlOf(assertion);
  if (type === 'hosted' || (type === undefined && url !== undefined && assertion.revoked === true)) {
    return url
      ? { kind: 'hosted', url, given: assertion }
      : { kind: 'unverifiable', assertion, reason: 'a hosted assertion must have its http(s) URL as its id' };
  }
  return {
    kind: 'unverifiable',
    assertion,
    reason: 'the assertion declares no verification type (hosted or signed)',
  };
}

/**
 * Reads text that may be OB 2.0: a hosted assertion's URL, or a compact JWS whose payload is an
 * Assertion. Undefined for anything else (JSON text is parsed by the caller, VC-JWTs are not OB 2.0).
 */
export function ob2InputOfText(text: string): Ob2Input | undefined {
  if (isHttpUrl(text)) {
    return { kind: 'hosted', url: text };
  }
  if (!looksLikeJwt(text)) {
    return undefined;
  }
  let jws: DecodedJwt;
  try {
    jws = decodeVcJwt(text);
  } catch {
    return undefined;
  }
  if (jws.payload.vc !== undefined || !isOb2Assertion(jws.payload)) {
    return undefined;
  }
  return { kind: 'signed', jws, assertion: jws.payload };
}
