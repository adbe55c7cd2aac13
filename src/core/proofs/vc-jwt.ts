/**
 * VC-JWT as Open Badges 3.0 defines it: a compact JWS whose payload is the credential itself plus the
 * registered claims iss, jti, nbf, sub and exp; header `alg` (EdDSA, ES256 or RS256), `kid`, `typ: "JWT"`.
 * Verification also reads VCDM 1.1 JWTs (credential in the `vc` claim) and VC-JOSE-COSE (`typ: vc+jwt`).
 * @see https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof-format
 */
import { AppError } from '../../errors.js';
import type { CryptoBackend } from '../crypto/crypto-backend.js';
import { JWS_ALGORITHM, type KeyAlgorithm, type PublicKey } from '../crypto/keys.js';
import { base64urlEncode } from '../encoding/base.js';
import { decodeBase64url } from '../encoding/base64url.js';
import { utf8Decode, utf8Encode } from '../encoding/bytes.js';
import type { KeyPair } from '../keys/key-pair.js';
import type {
  ResolvedVerificationMethod,
  VerificationMethodResolver,
} from '../keys/resolve-verification-method.js';
import { type Problem, problem } from './problems.js';

export type JwtHeader = {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  jwk?: unknown;
  crit?: unknown;
  [name: string]: unknown;
};

const REGISTERED_CLAIMS = ['iss', 'jti', 'nbf', 'sub', 'exp', 'iat', 'aud'] as const;
const ALGORITHM_KEY: Record<string, KeyAlgorithm> = { EdDSA: 'Ed25519', ES256: 'P-256', RS256: 'RSA' };
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') {
    return issuer;
  }
  if (typeof issuer === 'object' && issuer !== null && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  return undefined;
}

function subjectIdOf(credential: Record<string, unknown>): string | undefined {
  const subject = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject[0]
    : credential.credentialSubject;
  const id = (subject as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function seconds(date: unknown): number | undefined {
  if (typeof date !== 'string') {
    return undefined;
  }
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Signs a credential as an OB 3.0 VC-JWT. The key's controller must be the credential's issuer.
 * Throws ISSUER_KEY_MISMATCH, CREDENTIAL_NOT_SIGNABLE (no id or validFrom).
 */
export async function signVcJwt(
  credential: Record<string, unknown>,
  keyPair: KeyPair,
  crypto: CryptoBackend,
): Promise<string> {
  const issuer = issuerIdOf(credential);
  if (issuer !== keyPair.controller) {
    throw new AppError(
      'ISSUER_KEY_MISMATCH',
      `The credential's issuer is ${issuer ?? '(none)'}, the key belongs to ${keyPair.controller}`,
    );
  }
  const nbf = seconds(credential.validFrom ?? credential.issuanceDate);
  if (typeof credential.id !== 'string' || nbf === undefined) {
    throw new AppError('CREDENTIAL_NOT_SIGNABLE', 'A VC-JWT needs the credential "id" and "validFrom"');
  }
  const { proof: _proof, ...withoutProof } = credential;
  const exp = seconds(credential.validUntil ?? credential.expirationDate);
  const sub = subjectIdOf(credential);
  const payload = {
    ...withoutProof,
    iss: issuer,
    jti: credential.id,
    nbf,
    ...(sub !== undefined ? { sub } : {}),
    ...(exp !== undefined ? { exp } : {}),
  };
  const header = { alg: JWS_ALGORITHM[keyPair.privateKey.algorithm], kid: keyPair.id, typ: 'JWT' };
  const signingInput = `${base64urlEncode(utf8Encode(JSON.stringify(header)))}.${base64urlEncode(utf8Encode(JSON.stringify(payload)))}`;
  const signature = await crypto.sign(keyPair.privateKey, utf8Encode(signingInput));
  return `${signingInput}.${base64urlEncode(signature)}`;
}

export type DecodedJwt = {
  header: JwtHeader;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Uint8Array;
  /** The credential carried: the payload without JWT claims (OB 3.0), or the `vc` claim (VCDM 1.1). */
  credential: Record<string, unknown>;
  profile: 'ob3' | 'vcdm1.1' | 'vc-jose-cose';
};

function decodeOrUndefined(part: string | undefined): Uint8Array | undefined {
  try {
    return part === undefined ? undefined : decodeBase64url(part);
  } catch {
    return undefined;
  }
}

/** The payload without the JWT's registered claims: the credential an OB 3.0 VC-JWT carries. */
function withoutRegisteredClaims(payload: Record<string, unknown>): Record<string, unknown> {
  // A new object rather than `delete` on a copy (which turns it into a slow dictionary); fromEntries also
  // keeps a "__proto__" member an ordinary property, as the spread did.
  return Object.fromEntries(
    Object.entries(payload).filter(([key]) => !(REGISTERED_CLAIMS as readonly string[]).includes(key)),
  );
}

/** Parses a compact JWS; throws AppError UNREADABLE_INPUT with the reason. */
export function decodeVcJwt(jwt: string): DecodedJwt {
  const text = jwt.trim();
  const parts = text.split('.');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  // Strict base64url decoding accepts only the characters the compact-JWS test allows, so a JWT whose three
  // parts decode needs no separate test; the test runs only to word what is wrong.
  const headerBytes = headerPart === '' ? undefined : decodeOrUndefined(headerPart);
  const payloadBytes = payloadPart === '' ? undefined : decodeOrUndefined(payloadPart);
  const signature = decodeOrUndefined(signaturePart);
  const decoded = parts.length === 3 && headerBytes && payloadBytes && signature;
  if (!decoded && !looksLikeJwt(text)) {
    throw new AppError('UNREADABLE_INPUT', 'Not a compact JWS (three base64url parts separated by dots)');
  }
  let header: JwtHeader;
  let payload: Record<string, unknown>;
  try {
    if (!headerBytes || !payloadBytes) {
      throw new TypeError('not base64url');
    }
    header = JSON.parse(utf8Decode(headerBytes)) as JwtHeader;
    payload = JSON.parse(utf8Decode(payloadBytes)) as Record<string, unknown>;
  } catch {
    throw new AppError('UNREADABLE_INPUT', 'The JWT header or payload is not base64url-encoded JSON');
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  ) {
    throw new AppError('UNREADABLE_INPUT', 'The JWT header and payload must be JSON objects');
  }
  let credential: Record<string, unknown>;
  let profile: DecodedJwt['profile'];
  if (typeof payload.vc === 'object' && payload.vc !== null) {
    profile = 'vcdm1.1';
    const vc = { ...(payload.vc as Record<string, unknown>) };
    // VCDM 1.1 §6.3.1: registered claims stand for properties the `vc` object may leave out.
    if (vc.id === undefined && typeof payload.jti === 'string') {
      vc.id = payload.jti;
    }
    if (vc.issuer === undefined && typeof payload.iss === 'string') {
      vc.issuer = payload.iss;
    }
    if (vc.issuanceDate === undefined && typeof payload.nbf === 'number') {
      vc.issuanceDate = new Date(payload.nbf * 1000).toISOString().replace('.000Z', 'Z');
    }
    if (vc.expirationDate === undefined && typeof payload.exp === 'number') {
      vc.expirationDate = new Date(payload.exp * 1000).toISOString().replace('.000Z', 'Z');
    }
    credential = vc;
  } else {
    profile = header.typ === 'vc+jwt' ? 'vc-jose-cose' : 'ob3';
    credential = withoutRegisteredClaims(payload);
  }
  if (!signature) {
    throw new AppError('UNREADABLE_INPUT', 'The JWT signature is not base64url');
  }
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature, credential, profile };
}

export type JwtCheck = {
  status: 'passed' | 'failed' | 'unknown';
  detail: string;
  problem?: Problem;
  method?: ResolvedVerificationMethod;
};

/** The JWT claims must say what the credential says (OB 3.0 §8.2.4.1 / VCDM 1.1 §6.3.1). */
export function jwtClaimMismatches(decoded: DecodedJwt): string[] {
  const { payload, credential } = decoded;
  const mismatches: string[] = [];
  if (decoded.profile === 'vc-jose-cose') {
    return mismatches;
  }
  const issuer = issuerIdOf(credential);
  if (payload.iss !== undefined && payload.iss !== issuer) {
    mismatches.push(`iss ${JSON.stringify(payload.iss)} is not the issuer ${JSON.stringify(issuer)}`);
  }
  if (payload.jti !== undefined && payload.jti !== credential.id) {
    mismatches.push(
      `jti ${JSON.stringify(payload.jti)} is not the credential id ${JSON.stringify(credential.id)}`,
    );
  }
  const from = seconds(credential.validFrom ?? credential.issuanceDate);
  if (payload.nbf !== undefined && payload.nbf !== from) {
    mismatches.push(
      `nbf ${JSON.stringify(payload.nbf)} is not validFrom (${String(credential.validFrom ?? credential.issuanceDate)})`,
    );
  }
  const until = seconds(credential.validUntil ?? credential.expirationDate);
  if (payload.exp !== undefined && payload.exp !== until) {
    mismatches.push(
      `exp ${JSON.stringify(payload.exp)} is not validUntil (${String(credential.validUntil ?? credential.expirationDate)})`,
    );
  }
  const subject = subjectIdOf(credential);
  if (payload.sub !== undefined && subject !== undefined && payload.sub !== subject) {
    mismatches.push(
      `sub ${JSON.stringify(payload.sub)} is not credentialSubject.id ${JSON.stringify(subject)}`,
    );
  }
  if (
    decoded.profile === 'ob3' &&
    (payload.iss === undefined || payload.jti === undefined || payload.nbf === undefined)
  ) {
    mismatches.push('an Open Badges 3.0 VC-JWT must carry iss, jti and nbf');
  }
  return mismatches;
}

function keyMatchesAlgorithm(key: PublicKey, alg: string): boolean {
  return ALGORITHM_KEY[alg] === key.algorithm;
}

/** Verifies the JWS signature with the key `kid` names. A result, never an exception. */
export async function verifyVcJwtSignature(
  decoded: DecodedJwt,
  options: { resolveVerificationMethod: VerificationMethodResolver; crypto: CryptoBackend },
): Promise<JwtCheck> {
  const { header } = decoded;
  const fail = (detail: string): JwtCheck => ({
    status: 'failed',
    detail,
    problem: problem('CRYPTOGRAPHIC_SECURITY_ERROR', detail),
  });
  if (typeof header.alg !== 'string' || !(header.alg in ALGORITHM_KEY)) {
    return fail(`the JWT algorithm ${JSON.stringify(header.alg)} is not accepted (EdDSA, ES256 or RS256)`);
  }
  if (header.typ !== undefined && !['JWT', 'vc+jwt', 'vc+ld+json+jwt'].includes(header.typ as string)) {
    return fail(`the JWT typ ${JSON.stringify(header.typ)} is not "JWT"`);
  }
  if (header.crit !== undefined) {
    return fail('the JWT has critical header parameters Cairn does not understand');
  }
  if (typeof header.kid !== 'string') {
    return fail(
      'the JWT header has no "kid" naming the signing key (an embedded "jwk" alone cannot be tied to the issuer)',
    );
  }
  const issuer =
    issuerIdOf(decoded.credential) ?? (typeof decoded.payload.iss === 'string' ? decoded.payload.iss : '');
  const kid = header.kid.startsWith('#') ? `${issuer}${header.kid}` : header.kid;
  const outcome = await options.resolveVerificationMethod(kid);
  if (outcome.status === 'unreachable') {
    return { status: 'unknown', detail: outcome.detail };
  }
  if (outcome.status === 'not-found') {
    return fail(outcome.detail);
  }
  const method = outcome.method;
  if (!keyMatchesAlgorithm(method.publicKey, header.alg)) {
    return { ...fail(`alg ${header.alg} does not fit the ${method.publicKey.algorithm} key ${kid}`), method };
  }
  const valid = await options.crypto.verify(
    method.publicKey,
    utf8Encode(decoded.signingInput),
    decoded.signature,
  );
  if (!valid) {
    return {
      ...fail(
        'the JWT signature does not match: the credential was changed after signing, or signed with another key',
      ),
      method,
    };
  }
  return { status: 'passed', detail: `signed by ${method.id} (VC-JWT ${header.alg})`, method };
}
