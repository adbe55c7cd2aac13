/**
 * SignedBadge verification (OB 2.0 §Verification): the Assertion is the payload of a JWS (RS256), signed
 * with a key the issuer Profile — read from the issuer's own server — lists in `publicKey`, whose
 * CryptographicKey document names the issuer as `owner` (`verification.creator` picks the key; without
 * it every listed key is tried). Revocation: the assertion's id (or 1.x uid) in the issuer's
 * `revocationList`.
 */
import type { CryptoBackend } from '../../crypto/crypto-backend.js';
import { rsaPublicKeyFromPem } from '../../crypto/rsa-pem.js';
import { utf8Encode } from '../../encoding/bytes.js';
import type { DecodedJwt } from '../../proofs/vc-jwt.js';
import type { VerificationReport } from '../report.js';
import { type DocumentFetcher, loadDocument } from './ob2-documents.js';
import { idOf, isObject, type Json, verificationOf, verificationType } from './ob2-input.js';
import { type Linked, resolveLinked, withLinked } from './ob2-linked.js';
import { checkRecipient } from './ob2-recipient.js';
import { Ob2Report } from './ob2-report.js';
import { assertionErrors } from './ob2-structure.js';
import { checkOb2Validity } from './ob2-validity.js';

export type SignedOptions = {
  now: Date;
  crypto: CryptoBackend;
  fetchDocument: DocumentFetcher | undefined;
  recipient?: string;
};

type KeyOutcome =
  | { status: 'passed'; keyId: string; key: Json }
  | { status: 'failed' | 'unknown'; detail: string; tampered: boolean };

function ids(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(idOf).filter((id): id is string => id !== undefined);
}

/** Tries the JWS against each candidate key; the first that verifies wins. */
async function verifyWithKeys(
  jws: DecodedJwt,
  keyIds: string[],
  options: SignedOptions,
): Promise<KeyOutcome> {
  const outcomes: KeyOutcome[] = [];
  for (const keyId of keyIds) {
    const loaded = await loadDocument(options.fetchDocument, keyId, 'CryptographicKey');
    if (!loaded.ok) {
      outcomes.push({ status: loaded.status, detail: loaded.detail, tampered: false });
      continue;
    }
    const pem = loaded.document.publicKeyPem;
    let jwk: ReturnType<typeof rsaPublicKeyFromPem>;
    try {
      jwk = rsaPublicKeyFromPem(typeof pem === 'string' ? pem : '');
    } catch (error) {
      outcomes.push({
        status: 'failed',
        detail: `the key ${keyId}: ${(error as Error).message}`,
        tampered: false,
      });
      continue;
    }
    const valid = await options.crypto.verify(
      { algorithm: 'RSA', jwk },
      utf8Encode(jws.signingInput),
      jws.signature,
    );
    if (valid) {
      return { status: 'passed', keyId, key: loaded.document };
    }
    outcomes.push({
      status: 'failed',
      detail: `the signature does not match the key ${keyId}: the assertion was changed after signing, or signed with another key`,
      tampered: true,
    });
  }
  // A definite mismatch outranks a key that could not be read; with no usable key the answer is unknown.
  return (
    outcomes.find((outcome) => outcome.status === 'failed' && outcome.tampered) ??
    outcomes.find((outcome) => outcome.status === 'unknown') ??
    outcomes[0] ?? { status: 'unknown', detail: 'no key to check the signature with', tampered: false }
  );
}

/** Which keys may have signed: `verification.creator`, else every key the issuer Profile lists. */
function candidateKeys(assertion: Json, linked: Linked): string[] {
  const creator = idOf(verificationOf(assertion)?.creator);
  return creator ? [creator] : ids(linked.issuer?.publicKey);
}

function checkKeyOwner(keyId: string, key: Json, linked: Linked, report: Ob2Report): void {
  const issuer = linked.issuer;
  if (!issuer) {
    return; // Why the issuer is missing is already a check.
  }
  if (!linked.issuerFetched) {
    report.add(
      'issuer',
      'unknown',
      `the issuer Profile has no http(s) id, so it cannot be asked whether ${keyId} is its key`,
    );
    return;
  }
  const owner = idOf(key.owner);
  if (owner !== issuer.id) {
    report.add(
      'issuer',
      'failed',
      `the key ${keyId} belongs to ${owner ?? '(no owner)'}, not the issuer ${String(issuer.id)}`,
      'invalid',
      'CRYPTOGRAPHIC_SECURITY_ERROR',
    );
  } else if (!ids(issuer.publicKey).includes(keyId)) {
    report.add(
      'issuer',
      'failed',
      `the issuer Profile ${String(issuer.id)} does not list the key ${keyId} in publicKey`,
      'invalid',
      'CRYPTOGRAPHIC_SECURITY_ERROR',
    );
  } else {
    report.add(
      'issuer',
      'passed',
      `signed with ${keyId}, which the issuer ${String(issuer.id)} lists and owns`,
    );
  }
}

async function checkRevocationList(
  assertion: Json,
  linked: Linked,
  options: SignedOptions,
  report: Ob2Report,
): Promise<void> {
  if (!linked.issuer) {
    report.add(
      'status',
      'unknown',
      'the issuer Profile could not be read, so its revocation list could not be checked',
    );
    return;
  }
  const url = idOf(linked.issuer.revocationList);
  if (url === undefined) {
    report.add('status', 'passed', 'the issuer publishes no revocation list');
    return;
  }
  const loaded = await loadDocument(options.fetchDocument, url, 'revocation list');
  if (!loaded.ok) {
    report.add(
      'status',
      loaded.status === 'failed' ? 'unknown' : loaded.status,
      loaded.detail,
      'unknown',
      'STATUS_RETRIEVAL_ERROR',
    );
    return;
  }
  const revoked = loaded.document.revokedAssertions;
  if (!Array.isArray(revoked)) {
    report.add(
      'status',
      'unknown',
      `the revocation list at ${url} has no revokedAssertions`,
      'unknown',
      'STATUS_RETRIEVAL_ERROR',
    );
    return;
  }
  const entry = revoked.find((item) =>
    typeof item === 'string'
      ? item === assertion.id
      : isObject(item) &&
        ((item.id !== undefined && item.id === assertion.id) ||
          (item.uid !== undefined && item.uid === assertion.uid)),
  );
  if (entry === undefined) {
    report.add('status', 'passed', `not on the issuer's revocation list ${url}`);
    return;
  }
  const reason =
    isObject(entry) && typeof entry.revocationReason === 'string' ? `: ${entry.revocationReason}` : '';
  report.add('status', 'failed', `revoked by the issuer (listed in ${url})${reason}`, 'revoked');
}

export async function verifySignedOb2(
  input: { jws: DecodedJwt; assertion: Json },
  options: SignedOptions,
): Promise<VerificationReport> {
  const report = new Ob2Report();
  const { jws, assertion } = input;
  report.add('format', 'passed', 'Open Badges 2.0 signed assertion (JWS)');
  const errors = assertionErrors(assertion);
  if (verificationType(assertion) !== 'signed') {
    errors.push('a JWS-signed assertion must declare verification type SignedBadge');
  }
  report.add(
    'schema',
    errors.length > 0 ? 'failed' : 'passed',
    errors.length > 0 ? errors.join('; ') : 'a well-formed Open Badges 2.0 Assertion',
  );
  const linked = await resolveLinked(assertion, options.fetchDocument, report);
  if (jws.header.alg !== 'RS256') {
    report.add(
      'signature',
      'failed',
      `OB 2.0 assertions are signed with RS256; alg ${JSON.stringify(jws.header.alg)} is not accepted`,
      'invalid',
      'CRYPTOGRAPHIC_SECURITY_ERROR',
    );
  } else {
    const keyIds = candidateKeys(assertion, linked);
    const outcome =
      keyIds.length === 0 && linked.issuer
        ? ({
            status: 'failed',
            detail: 'neither verification.creator nor the issuer Profile names a key',
            tampered: false,
          } as const)
        : await verifyWithKeys(jws, keyIds, options);
    if (outcome.status === 'passed') {
      report.add('signature', 'passed', `the JWS verifies with ${outcome.keyId} (RS256)`);
      checkKeyOwner(outcome.keyId, outcome.key, linked, report);
    } else {
      report.add(
        'signature',
        outcome.status,
        outcome.detail,
        outcome.tampered ? 'tampered' : undefined,
        outcome.status === 'failed' ? 'CRYPTOGRAPHIC_SECURITY_ERROR' : undefined,
      );
    }
  }
  checkRecipient(assertion, options.recipient, report);
  checkOb2Validity(assertion, options.now, report);
  await checkRevocationList(assertion, linked, options, report);
  return report.finish('ob2-signed', withLinked(assertion, linked));
}
