import { AppError } from '../../errors.js';
import { isHttpUrl } from '../verification/http-url.js';
import type { ExtractedCredential } from './types.js';

/** Three base64url segments separated by dots (RFC 7515 §7.1); the signature may be empty (unsecured JWS). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** An unpaired UTF-16 surrogate: it cannot be encoded as UTF-8 and would be silently replaced by U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

type TextKind = 'json' | 'jws' | 'url';

function classifyText(text: string): TextKind | undefined {
  if (text.startsWith('{')) {
    return 'json';
  }
  if (COMPACT_JWS.test(text)) {
    return 'jws';
  }
  return isHttpUrl(text) ? 'url' : undefined;
}

function requireText(raw: string, where: string): string {
  const text = raw.trim();
  if (text === '') {
    throw new AppError('IMAGE_NO_CREDENTIAL', `The ${where} is empty`);
  }
  return text;
}

/**
 * Reads the text of an OB 3.0 baked credential.
 * Fails with `IMAGE_NO_CREDENTIAL` when it is empty, and with `IMAGE_INVALID` when it is neither JSON
 * nor a compact JWS.
 */
export function readOb3Text(raw: string, where: string): ExtractedCredential {
  const text = requireText(raw, where);
  const kind = classifyText(text);
  if (kind === 'json') {
    return { obVersion: '3.0', kind: 'json', text };
  }
  if (kind === 'jws') {
    return { obVersion: '3.0', kind: 'jwt', text };
  }
  throw new AppError('IMAGE_INVALID', `The ${where} holds neither JSON nor a compact JWS`);
}

/**
 * Reads the text of an OB 2.0 baked assertion: JSON, a signed assertion (compact JWS) or a hosted
 * assertion's URL. Fails with `IMAGE_NO_CREDENTIAL` when it is empty, and with `IMAGE_INVALID` when it
 * is none of those.
 */
export function readOb2Text(raw: string, where: string): ExtractedCredential {
  const text = requireText(raw, where);
  const kind = classifyText(text);
  if (kind === undefined) {
    throw new AppError('IMAGE_INVALID', `The ${where} holds neither JSON, a compact JWS nor a URL`);
  }
  return { obVersion: '2.0', kind, text };
}

/**
 * Reads the text of a pre-2.0 `tEXt` chunk, which holds a hosted assertion's URL.
 * Fails with `IMAGE_NO_CREDENTIAL` when it is empty, and with `IMAGE_INVALID` when it is not an http(s) URL.
 */
export function readLegacyText(raw: string, where: string): ExtractedCredential {
  const text = requireText(raw, where);
  if (!isHttpUrl(text)) {
    throw new AppError('IMAGE_INVALID', `The ${where} does not hold an http(s) URL`);
  }
  return { obVersion: '1.x', kind: 'url', text };
}

/**
 * Checks a credential about to be baked and says how to bake it: `'json'` when it is JSON text for an
 * object, `'jwt'` when it is a compact JWS. Fails with `INVALID_JSON` when it starts like a JSON object
 * but does not parse, and with `INVALID_INPUT` when it is neither, or holds an unpaired surrogate.
 */
export function checkCredentialToBake(credential: string): 'json' | 'jwt' {
  if (LONE_SURROGATE.test(credential)) {
    throw new AppError('INVALID_INPUT', 'The credential contains an unpaired UTF-16 surrogate');
  }
  const text = credential.trim();
  if (text.startsWith('{')) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new AppError('INVALID_JSON', 'The credential is not valid JSON', { cause: error });
    }
    return 'json';
  }
  if (COMPACT_JWS.test(text)) {
    return 'jwt';
  }
  throw new AppError('INVALID_INPUT', 'The credential is neither JSON text nor a compact JWS');
}
