/** Signs an unsigned credential with a key pair in one of the three formats Cairn issues. */
import { detectCredentialKind, validateCredential } from '../core/credentials/validate-credential.js';
import type { CryptoBackend } from '../core/crypto/crypto-backend.js';
import type { Canonizer } from '../core/jsonld/canonize.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import { addDataIntegrityProof } from '../core/proofs/add-proof.js';
import { signVcJwt } from '../core/proofs/vc-jwt.js';
import { AppError } from '../errors.js';

export const SIGNING_FORMATS = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'vc-jwt'] as const;
export type SigningFormat = (typeof SIGNING_FORMATS)[number];

function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') {
    return issuer;
  }
  const id = (issuer as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Throws ISSUER_KEY_MISMATCH when the key does not belong to the credential's issuer. */
export function assertIssuerControlsKey(credential: Record<string, unknown>, keyPair: KeyPair): void {
  const issuer = issuerIdOf(credential);
  if (issuer !== keyPair.controller) {
    throw new AppError(
      'ISSUER_KEY_MISMATCH',
      `The credential's issuer is ${issuer ?? '(missing)'}, but the key belongs to ${keyPair.controller}. Set issuer.id to ${keyPair.controller} or sign with the issuer's key.`,
    );
  }
}

/**
 * Refuses a credential that does not match its Open Badges / CLR schema, or a plain VC that breaks the
 * VC Data Model's structure: signing it would only produce a credential verifiers reject.
 * Throws CREDENTIAL_INVALID listing every problem.
 */
export function assertSignable(credential: Record<string, unknown>): void {
  const result = validateCredential(credential, { mode: 'verify' });
  if (!result.valid) {
    const problems = result.errors.map((issue) =>
      issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    );
    throw new AppError('CREDENTIAL_INVALID', `The ${result.kind} is not valid: ${problems.join('; ')}`);
  }
}

/**
 * Returns the signed credential (JSON-LD suites) or the compact JWT (vc-jwt).
 * `created` is the proof time, a date-time with time zone.
 */
export async function signCredential(
  credential: Record<string, unknown>,
  options: { keyPair: KeyPair; format: SigningFormat; created: string },
  deps: { crypto: CryptoBackend; canonize: Canonizer },
): Promise<Record<string, unknown> | string> {
  assertIssuerControlsKey(credential, options.keyPair);
  assertSignable(credential);
  if (options.format === 'vc-jwt') {
    return signVcJwt(credential, options.keyPair, deps.crypto);
  }
  const signed = await addDataIntegrityProof(
    credential,
    { cryptosuite: options.format, keyPair: options.keyPair, created: options.created },
    deps,
  );
  // The formal Open Badges / CLR schemas want `proof` as a list; JSON-LD reads one proof and a list of
  // one the same way, so the signature is unchanged.
  if (detectCredentialKind(signed) !== 'VerifiableCredential' && !Array.isArray(signed.proof)) {
    return { ...signed, proof: [signed.proof] };
  }
  return signed;
}
