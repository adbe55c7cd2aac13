/**
 * The W3C CCG VC-API as the W3C interoperability suites call it (shared/VC-API-CONTRACT.md): issuer
 * instances that sign with the installation's conformance did:key, one per cryptosuite, and the
 * credential and presentation verifiers. The HTTP layer is `http/routes/vc-api.ts`.
 * @see https://w3c-ccg.github.io/vc-api/
 */
import { assertIssuable } from '../core/credentials/assert-issuable.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import { addDataIntegrityProof } from '../core/proofs/add-proof.js';
import type { SigningSuite } from '../core/proofs/cryptosuites.js';
import { type Problem, problem } from '../core/proofs/problems.js';
import type { VerificationCheck, VerificationReport } from '../core/verification/report.js';
import type { PresentationVerificationReport } from '../core/verification/verify-presentation.js';
import { AppError } from '../errors.js';
import { type AppContext, isoSeconds } from './context.js';
import { localDidDocuments } from './issuers.js';
import { assertIssuerControlsKey } from './sign-credential.js';
import { loadOrCreateSystemKey } from './system-keys.js';
import { createPresentationVerifier, createVerifier } from './verifier.js';

/** The name of the conformance issuer's key in `system_keys`. */
export const CONFORMANCE_KEY_NAME = 'vc-api-conformance';

export type VcApiIssuerInstance = {
  /** The path segment: `/vc-api/issuers/{name}/credentials/issue`. */
  name: string;
  cryptosuite: SigningSuite;
  /** The tags the instance is registered under in the W3C test-suite registry. */
  tags: readonly string[];
};

/**
 * One issuer instance per configuration, as the CCG VC-API intends (its issue options cannot name a
 * cryptosuite). All sign with the conformance did:key.
 *
 * The `status` instance (tag `BitstringStatusList`) belongs here once status lists exist: it signs with
 * eddsa-rdfc-2022 and adds a `credentialStatus` BitstringStatusListEntry (statusListIndex a base-10
 * string) on a list served over `CAIRN_PUBLIC_URL`'s https origin. See VC_API_PENDING_INSTANCES.
 */
export const VC_API_ISSUERS: readonly VcApiIssuerInstance[] = [
  { name: 'rdfc', cryptosuite: 'eddsa-rdfc-2022', tags: ['vc2.0', 'eddsa-rdfc-2022'] },
  { name: 'jcs', cryptosuite: 'eddsa-jcs-2022', tags: ['eddsa-jcs-2022'] },
];

/** Instances the registry will want that Cairn does not serve yet, and why. */
export const VC_API_PENDING_INSTANCES = [
  {
    name: 'status',
    tags: ['BitstringStatusList'],
    reason: 'needs Bitstring Status Lists, which are not built yet',
  },
] as const;

export const VC_API_VERIFIER_TAGS: readonly string[] = ['vc2.0', 'eddsa-rdfc-2022', 'eddsa-jcs-2022'];
export const VC_API_PRESENTATION_VERIFIER_TAGS: readonly string[] = ['vc2.0'];

/** The conformance issuer's key: generated on the first start, then read from the database. */
export function loadConformanceKey(ctx: AppContext): Promise<KeyPair> {
  return loadOrCreateSystemKey(ctx, CONFORMANCE_KEY_NAME);
}

/** The registry entry an operator copies into w3c/vc-test-suite-implementations (with its https URLs). */
export function describeVcApi(ctx: AppContext, keyPair: KeyPair) {
  const base = `${ctx.config.publicUrl}/vc-api`;
  return {
    issuers: VC_API_ISSUERS.map((instance) => ({
      name: instance.name,
      id: keyPair.controller,
      endpoint: `${base}/issuers/${instance.name}/credentials/issue`,
      cryptosuite: instance.cryptosuite,
      tags: [...instance.tags],
    })),
    verifiers: [{ endpoint: `${base}/credentials/verify`, tags: [...VC_API_VERIFIER_TAGS] }],
    vpVerifiers: [{ endpoint: `${base}/presentations/verify`, tags: [...VC_API_PRESENTATION_VERIFIER_TAGS] }],
    pending: VC_API_PENDING_INSTANCES.map((instance) => ({ ...instance, tags: [...instance.tags] })),
  };
}

/**
 * Signs a credential as the conformance issuer. Unknown options are ignored (the suites send none, `{}`,
 * or their registry entry's); an option that asks for another suite than the instance's is refused.
 *
 * Throws UNSUPPORTED_SUITE; CREDENTIAL_NOT_SIGNABLE, CONTEXT_UNKNOWN, JSONLD_UNDEFINED_TERM or
 * JSONLD_ERROR (see `assertIssuable`); ISSUER_KEY_MISMATCH when `issuer` is not the conformance did:key.
 */
export async function issueConformanceCredential(
  ctx: AppContext,
  keyPair: KeyPair,
  instance: VcApiIssuerInstance,
  credential: Record<string, unknown>,
  options: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const wanted = [options.cryptosuite, options.type].filter((value) => typeof value === 'string');
  const mismatch = wanted.find((value) => value !== instance.cryptosuite && value !== 'DataIntegrityProof');
  if (mismatch !== undefined) {
    throw new AppError(
      'UNSUPPORTED_SUITE',
      `This issuer instance signs with ${instance.cryptosuite}, not ${String(mismatch)}: use /vc-api/issuers/${VC_API_ISSUERS.find((other) => other.cryptosuite === mismatch)?.name ?? '{rdfc,jcs}'}`,
    );
  }
  await assertIssuable(credential);
  assertIssuerControlsKey(credential, keyPair);
  return await addDataIntegrityProof(
    credential,
    { cryptosuite: instance.cryptosuite, keyPair, created: isoSeconds(ctx.clock()) },
    { crypto: ctx.crypto, canonize: ctx.canonize },
  );
}

/** What the VC-API verify endpoints answer (the report is Cairn's, in full). */
export type VcApiVerification<R> = {
  verified: boolean;
  /** The checks that decided the answer. */
  checks: string[];
  warnings: string[];
  /** Problem details (VC Data Model §7.2) when not verified; empty when verified. */
  errors: Problem[];
  report: R;
};

/** Checks that always decide a credential's verdict, whatever `options.checks` asks. */
const ALWAYS = new Set(['format', 'context', 'schema', 'proof', 'issuer', 'jwt-claims', 'embedded']);

/** VC-API check names a caller may ask for, and the Cairn checks they stand for. */
const REQUESTABLE: Record<string, string> = {
  proof: 'proof',
  validity: 'validity',
  expiration: 'validity',
  validFrom: 'validity',
  validUntil: 'validity',
  status: 'status',
  credentialStatus: 'status',
};

function decide<R extends { checks: VerificationCheck[]; problems: Problem[]; warnings: string[] }>(
  report: R,
  decisive: (check: VerificationCheck) => boolean,
  warnings: string[],
): VcApiVerification<R> {
  const deciding = report.checks.filter(decisive);
  const verified = deciding.length > 0 && deciding.every((check) => check.status === 'passed');
  for (const check of report.checks) {
    if (!decisive(check) && check.status !== 'passed') {
      warnings.push(`${check.check} (not requested in options.checks) is ${check.status}: ${check.detail}`);
    }
  }
  const failing = deciding.filter((check) => check.status !== 'passed');
  const errors = verified
    ? []
    : report.problems.length > 0
      ? report.problems
      : failing.map((check) =>
          problem('MALFORMED_VALUE_ERROR', `${check.check} is ${check.status}: ${check.detail}`),
        );
  return {
    verified,
    checks: [...new Set(deciding.map((check) => check.check))],
    warnings: [...report.warnings, ...warnings],
    errors,
    report,
  };
}

/**
 * Verifies a credential the VC-API way. Every check decides unless `options.checks` names some: then the
 * credential's integrity (format, context, structure, proofs, issuer) still always decides — a bad proof
 * is never verified — and `validity` (`expiration`) and `status` decide only when asked for.
 */
export async function verifyVcApiCredential(
  ctx: AppContext,
  credential: Record<string, unknown>,
  options: Record<string, unknown> = {},
): Promise<VcApiVerification<VerificationReport>> {
  const report = await createVerifier({
    crypto: ctx.crypto,
    fetch: ctx.fetch,
    localDidDocument: localDidDocuments(ctx),
  })(credential, { now: ctx.clock() });
  const warnings: string[] = [];
  const requested = options.checks;
  if (requested === undefined) {
    return decide(report, () => true, warnings);
  }
  if (!Array.isArray(requested) || !requested.every((name) => typeof name === 'string')) {
    throw new AppError('INVALID_INPUT', 'options.checks must be a list of check names, such as ["proof"]');
  }
  const asked = new Set<string>();
  for (const name of requested) {
    const check = REQUESTABLE[name];
    if (check === undefined) {
      warnings.push(`the check ${JSON.stringify(name)} is unknown here and was ignored`);
    } else {
      asked.add(check);
    }
  }
  return decide(report, (check) => ALWAYS.has(check.check) || asked.has(check.check), warnings);
}

/** Verifies a presentation: the holder's proof with the given domain and challenge, and every credential. */
export async function verifyVcApiPresentation(
  ctx: AppContext,
  presentation: Record<string, unknown>,
  options: Record<string, unknown> = {},
): Promise<VcApiVerification<PresentationVerificationReport>> {
  for (const name of ['domain', 'challenge'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      throw new AppError('INVALID_INPUT', `options.${name} must be a string`);
    }
  }
  const report = await createPresentationVerifier({
    crypto: ctx.crypto,
    fetch: ctx.fetch,
    localDidDocument: localDidDocuments(ctx),
  })(presentation, {
    now: ctx.clock(),
    ...(typeof options.domain === 'string' ? { domain: options.domain } : {}),
    ...(typeof options.challenge === 'string' ? { challenge: options.challenge } : {}),
  });
  return decide(report, () => true, []);
}
