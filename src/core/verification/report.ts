/** The verification report: what `cairn verify --json`, POST /api/v1/verify and the browser verifier show. */
import type { Problem } from '../proofs/problems.js';

export type CheckStatus = 'passed' | 'failed' | 'unknown';

export type VerificationCheck = {
  /** format, context, schema, proof, issuer, validity, status (one `proof` entry per proof). */
  check: string;
  status: CheckStatus;
  detail: string;
};

/**
 * The one-word answer a person reads. `unknown` when a check could not be made (a key or a status list
 * out of reach): never `valid` unless every check passed.
 */
export type Verdict =
  | 'valid'
  | 'tampered'
  | 'invalid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  | 'unknown';

export type VerificationReport = {
  verified: boolean;
  verdict: Verdict;
  /**
   * How the credential was secured: `json-ld` (embedded Data Integrity proof), `jwt` (VC-JWT), or an
   * Open Badges 2.0 assertion verified by its own rules: `ob2-hosted` (fetched from the issuer's server)
   * or `ob2-signed` (a JWS signed with a key the issuer's Profile lists).
   */
  format: 'json-ld' | 'jwt' | 'ob2-hosted' | 'ob2-signed' | 'unknown';
  /** VC Data Model version of the credential. */
  vcdm?: '2.0' | '1.1';
  /**
   * OB / CLR kind when recognized: AchievementCredential, EndorsementCredential, ClrCredential,
   * VerifiableCredential; `Assertion` for Open Badges 2.0.
   */
  kind?: string;
  credential: Record<string, unknown> | null;
  checks: VerificationCheck[];
  problems: Problem[];
  /** Things worth knowing that do not change the verdict (a deprecated suite, a non-standard context order). */
  warnings: string[];
  /**
   * Endorsements found on the credential, its issuer or its achievement, each verified on its own.
   * An endorsement is someone else's opinion: its verdict is shown, but does not change this credential's.
   */
  endorsements?: EndorsementSummary[];
  /** For a CLR: the report of every credential it carries (each also a check of the CLR). */
  embedded?: VerificationReport[];
};

export type EndorsementSummary = {
  /** Where it was found: credential, issuer, or credentialSubject.achievement. */
  on: string;
  id: string | undefined;
  issuer: string | undefined;
  verified: boolean;
  verdict: Verdict;
};

/** The status of one credentialStatus entry, as a status checker reports it. */
export type StatusResult = {
  status: CheckStatus;
  detail: string;
  purpose?: string;
  /** What the bit says, when it could be read. */
  state?: 'active' | 'revoked' | 'suspended';
  /** The issuer's words for the value read: a statusMessage, or a 1EdTech revocationReason. */
  message?: string;
  /** Worth knowing without changing the verdict (an unsigned list, a newer version announced). */
  warning?: string;
  problem?: Problem;
};

/**
 * Checks a credential's `credentialStatus` entries (Bitstring Status List, 1EdTech revocation list).
 * Injected: the core has no network. Without one, a credential that declares a status is `unknown`.
 */
export type StatusChecker = (
  credential: Record<string, unknown>,
  context: { now: Date },
) => Promise<StatusResult[]>;
