/**
 * The W3C CCG VC-API as the W3C interoperability suites call it (shared/VC-API-CONTRACT.md): issuer
 * instances that sign with the installation's conformance did:key, one per cryptosuite, and the
 * credential and presentation verifiers. The HTTP layer is `http/routes/vc-api.ts`.
 * @see https://w3c-ccg.github.io/vc-api/
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
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
import { CONFORMANCE_KEY_NAME, conformanceIssuer } from './system-issuer.js';
import { loadOrCreateSystemKey } from './system-keys.js';
import { createPresentationVerifier, createVerifier } from './verifier.js';

export { CONFORMANCE_KEY_NAME };

import {
  allocateStatusEntries,
  credentialStatusOf,
  localStatusLists,
  signedStatusList,
} from './status-lists.js';

export type VcApiIssuerInstance = {
  /** The path segment: `/vc-api/issuers/{name}/credentials/issue`. */
  name: string;
  cryptosuite: SigningSuite;
  /** The tags the instance is registered under in the W3C test-suite registry. */
  tags: readonly string[];
  /** Adds a revocation BitstringStatusListEntry on one of the conformance issuer's lists. */
  withStatus?: boolean;
};

/**
 * One issuer instance per configuration, as the CCG VC-API intends (its issue options cannot name a
 * cryptosuite). All sign with the conformance did:key.
 *
 * The `status` instance (tag `BitstringStatusList`) signs with eddsa-rdfc-2022 and adds a revocation
 * BitstringStatusListEntry on one of the conformance issuer's lists, served at `CAIRN_PUBLIC_URL`/status/…
 * (put an https front before Cairn for the suite, and set CAIRN_PUBLIC_URL to it).
 */
export const VC_API_ISSUERS: readonly VcApiIssuerInstance[] = [
  { name: 'rdfc', cryptosuite: 'eddsa-rdfc-2022', tags: ['vc2.0', 'eddsa-rdfc-2022'] },
  { name: 'jcs', cryptosuite: 'eddsa-jcs-2022', tags: ['eddsa-jcs-2022'] },
  { name: 'status', cryptosuite: 'eddsa-rdfc-2022', tags: ['BitstringStatusList'], withStatus: true },
];

/**
 * The bitstring suite finds its verifier by the `BitstringStatusList` tag too: without it, its three
 * verification tests have no verifier to call and fail.
 */
export const VC_API_VERIFIER_TAGS: readonly string[] = [
  'vc2.0',
  'eddsa-rdfc-2022',
  'eddsa-jcs-2022',
  'BitstringStatusList',
];
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
  const withStatus: { credential?: Record<string, unknown>; commit?: () => Promise<void> } =
    instance.withStatus ? await withConformanceStatus(ctx, credential) : {};
  const signed = await addDataIntegrityProof(
    withStatus.credential ?? credential,
    { cryptosuite: instance.cryptosuite, keyPair, created: isoSeconds(ctx.clock()) },
    { crypto: ctx.crypto, canonize: ctx.canonize },
  );
  await withStatus.commit?.();
  return signed;
}

/**
 * Adds a revocation entry on one of the conformance issuer's lists (and an id, when the credential has
 * none, so that its status can be changed through /vc-api/credentials/status). `commit` records the
 * entry once the credential is signed.
 */
async function withConformanceStatus(
  ctx: AppContext,
  credential: Record<string, unknown>,
): Promise<{ credential?: Record<string, unknown>; commit?: () => Promise<void> }> {
  if (credential.credentialStatus !== undefined) {
    throw new AppError(
      'CREDENTIAL_NOT_SIGNABLE',
      'The status instance adds the credentialStatus itself: send the credential without one',
    );
  }
  const issuer = await conformanceIssuer(ctx);
  const [entry] = await allocateStatusEntries(ctx, issuer);
  if (!entry) {
    throw new AppError('INTERNAL', 'No status entry could be allocated');
  }
  const id = typeof credential.id === 'string' ? credential.id : `urn:uuid:${randomUUID()}`;
  const status = credentialStatusOf(ctx, [entry]);
  return {
    credential: { ...credential, id, credentialStatus: status },
    commit: async () => {
      await ctx.db
        .insertInto('vc_api_status_entries')
        .values({
          credential_id: id,
          purpose: entry.purpose,
          list_id: entry.list_id,
          status_index: entry.status_index,
          value: 0,
        })
        .execute();
    },
  };
}

/**
 * Sets or clears a conformance credential's status bit (the CCG VC-API status update) and re-signs the list.
 * Throws NOT_FOUND for a credential the status instance did not issue.
 */
export async function updateConformanceStatus(
  ctx: AppContext,
  input: { credentialId: string; statusPurpose: string; status: boolean },
): Promise<void> {
  const purpose =
    input.statusPurpose === 'suspension'
      ? 'suspension'
      : input.statusPurpose === 'revocation'
        ? 'revocation'
        : undefined;
  if (!purpose) {
    throw new AppError(
      'INVALID_INPUT',
      'credentialStatus.statusPurpose must be "revocation" or "suspension"',
    );
  }
  const entry = await ctx.db
    .updateTable('vc_api_status_entries')
    .set({ value: input.status ? 1 : 0 })
    .where('credential_id', '=', input.credentialId)
    .where('purpose', '=', purpose)
    .returning('list_id')
    .executeTakeFirst();
  if (!entry) {
    throw new AppError(
      'NOT_FOUND',
      `No ${purpose} entry for ${input.credentialId} (issue it through /vc-api/issuers/status first)`,
    );
  }
  await ctx.db
    .updateTable('status_lists')
    .set({ version: sql`version + 1` })
    .where('id', '=', entry.list_id)
    .execute();
  await signedStatusList(ctx, entry.list_id);
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
    localStatusList: localStatusLists(ctx),
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
    localStatusList: localStatusLists(ctx),
  })(presentation, {
    now: ctx.clock(),
    ...(typeof options.domain === 'string' ? { domain: options.domain } : {}),
    ...(typeof options.challenge === 'string' ? { challenge: options.challenge } : {}),
  });
  return decide(report, () => true, []);
}
