/**
 * verifyCredential(): the truthful verdict on any credential Cairn meets — JSON-LD with Data Integrity
 * proofs (VCDM 2.0 or 1.1), VC-JWT, or an Open Badges 2.0 assertion (hosted or signed, by OB 2.0's rules). Every check says passed, failed or unknown; `verified` is true only
 * when every check passed. Bad credentials give a report, never an exception.
 */
import { isAppError } from '../../errors.js';
import { validateCredential } from '../credentials/validate-credential.js';
import type { CryptoBackend } from '../crypto/crypto-backend.js';
import type { Canonizer } from '../jsonld/canonize.js';
import { type DocumentLoader, defaultDocumentLoader } from '../jsonld/document-loader.js';
import { createFastCanonizer } from '../jsonld/fast-canonize.js';
import {
  createVerificationMethodResolver,
  type VerificationMethodResolver,
} from '../keys/resolve-verification-method.js';
import { proofsOf } from '../proofs/data-integrity-proof.js';
import { type Problem, problem } from '../proofs/problems.js';
import {
  type DecodedJwt,
  decodeVcJwt,
  jwtClaimMismatches,
  looksLikeJwt,
  verifyVcJwtSignature,
} from '../proofs/vc-jwt.js';
import { type ProofCheck, verifyDataIntegrityProofs } from '../proofs/verify-proofs.js';
import { checkContexts } from './check-contexts.js';
import { checkValidity } from './check-validity.js';
import type { DocumentFetcher } from './ob2/ob2-documents.js';
import { isOb2Assertion, type Ob2Input, ob2InputOfAssertion, ob2InputOfText } from './ob2/ob2-input.js';
import { verifyOb2 } from './ob2/verify-ob2.js';
import type {
  EndorsementSummary,
  StatusChecker,
  Verdict,
  VerificationCheck,
  VerificationReport,
} from './report.js';
import { checkCredentialStructure, vcdmVersionOf } from './vcdm-structure.js';
import { worst } from './verdict.js';

export type VerifyCredentialOptions = {
  /** The moment to judge validity against (injected: the core never reads the clock). */
  now: Date;
  crypto: CryptoBackend;
  documentLoader?: DocumentLoader;
  /**
   * RDFC canonicalization; defaults to the fast path over `documentLoader` (which hands anything unusual to
   * the general JSON-LD path, so the verdict is the same).
   */
  canonize?: Canonizer;
  resolveVerificationMethod?: VerificationMethodResolver;
  checkStatus?: StatusChecker;
  /** Schema validation; defaults to the OB 3.0 / CLR 2.0 JSON Schemas (their JSON-LD forms) for those kinds. */
  validateSchema?: (credential: Record<string, unknown>) => { kind?: string; errors: string[] } | undefined;
  expectedProofPurpose?: string;
  /**
   * GETs JSON documents for Open Badges 2.0 (hosted assertions, BadgeClasses, Profiles, keys, revocation
   * lists). Injected: the server and CLI pass the SSRF-guarded fetch. Without it, OB 2.0 is `unknown`.
   */
  fetchDocument?: DocumentFetcher;
  /** An e-mail address to check an Open Badges 2.0 assertion's recipient against. */
  recipient?: string;
};

type Parsed =
  | { format: 'json-ld'; credential: Record<string, unknown> }
  | { format: 'jwt'; credential: Record<string, unknown>; jwt: DecodedJwt }
  | { format: 'ob2'; input: Ob2Input }
  | { format: 'unknown'; error: string };

function parseInput(input: unknown): Parsed {
  let value = input;
  if (value instanceof Uint8Array) {
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return { format: 'unknown', error: 'the input is not UTF-8 text' };
    }
  }
  if (typeof value === 'string') {
    const text = value.trim().replace(/^\uFEFF/, '');
    // A hosted assertion's URL (baked in OB 2.0 and 1.x images), or a JWS signing an OB 2.0 Assertion.
    const ob2 = ob2InputOfText(text);
    if (ob2) {
      return { format: 'ob2', input: ob2 };
    }
    if (looksLikeJwt(text)) {
      try {
        const jwt = decodeVcJwt(text);
        return { format: 'jwt', credential: jwt.credential, jwt };
      } catch (error) {
        return {
          format: 'unknown',
          error: isAppError(error) ? (error.detail ?? error.message) : String(error),
        };
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      return { format: 'unknown', error: 'the input is neither JSON nor a compact JWT' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { format: 'unknown', error: 'a credential is a JSON object (or a JWT)' };
  }
  if (isOb2Assertion(value)) {
    return { format: 'ob2', input: ob2InputOfAssertion(value) };
  }
  return { format: 'json-ld', credential: value as Record<string, unknown> };
}

function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') {
    return issuer;
  }
  const id = (issuer as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function kindOf(credential: Record<string, unknown>): string {
  const types = Array.isArray(credential.type) ? credential.type : [credential.type];
  for (const kind of [
    'ClrCredential',
    'EndorsementCredential',
    'AchievementCredential',
    'OpenBadgeCredential',
  ]) {
    if (types.includes(kind)) {
      return kind === 'OpenBadgeCredential' ? 'AchievementCredential' : kind;
    }
  }
  return 'VerifiableCredential';
}

function firstFailure(report: VerificationReport): string {
  return report.checks.find((check) => check.status !== 'passed')?.detail ?? report.verdict;
}

/** The credentials a CLR carries (JSON objects, or compact JWS strings). */
function embeddedCredentials(credential: Record<string, unknown>): unknown[] {
  const subject = credential.credentialSubject as { verifiableCredential?: unknown } | undefined;
  const inner = subject?.verifiableCredential;
  return inner === undefined ? [] : Array.isArray(inner) ? inner : [inner];
}

/** Endorsements (embedded EndorsementCredentials or JWTs) on the credential, its issuer and its achievement. */
function endorsementsOf(credential: Record<string, unknown>): { on: string; endorsement: unknown }[] {
  const found: { on: string; endorsement: unknown }[] = [];
  const collect = (on: string, holder: unknown) => {
    if (typeof holder !== 'object' || holder === null) {
      return;
    }
    const { endorsement, endorsementJwt } = holder as { endorsement?: unknown; endorsementJwt?: unknown };
    for (const item of [endorsement, endorsementJwt].flatMap((value) =>
      value === undefined ? [] : Array.isArray(value) ? value : [value],
    )) {
      found.push({ on, endorsement: item });
    }
  };
  collect('credential', credential);
  collect('issuer', credential.issuer);
  const subject = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject[0]
    : credential.credentialSubject;
  collect('achievement', (subject as { achievement?: unknown } | undefined)?.achievement);
  return found;
}

/** The official JSON Schema of Open Badges and CLR credentials; other VCs get the VCDM structure check only. */
function defaultSchemaValidation(
  credential: Record<string, unknown>,
): { kind: string; errors: string[] } | undefined {
  if (kindOf(credential) === 'VerifiableCredential') {
    return undefined;
  }
  const result = validateCredential(credential, { mode: 'verify' });
  return {
    kind: result.kind,
    errors: result.errors.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)),
  };
}

/**
 * @example
 *   const report = await verifyCredential(json, { now: new Date(), crypto: nodeCryptoBackend });
 *   if (report.verified) { ... } else { console.log(report.verdict, report.checks) }
 */
export async function verifyCredential(
  input: unknown,
  options: VerifyCredentialOptions & { depth?: number },
): Promise<VerificationReport> {
  const depth = options.depth ?? 0;
  const checks: VerificationCheck[] = [];
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const verdicts: Verdict[] = [];
  const add = (check: VerificationCheck, verdict: Verdict | undefined, found?: Problem) => {
    checks.push(check);
    if (verdict) {
      verdicts.push(verdict);
    }
    if (found) {
      problems.push(found);
    }
  };

  const parsed = parseInput(input);
  if (parsed.format === 'unknown') {
    add(
      { check: 'format', status: 'failed', detail: parsed.error },
      'invalid',
      problem('PARSING_ERROR', parsed.error),
    );
    return {
      verified: false,
      verdict: 'invalid',
      format: 'unknown',
      credential: null,
      checks,
      problems,
      warnings,
    };
  }
  if (parsed.format === 'ob2') {
    return verifyOb2(parsed.input, {
      now: options.now,
      crypto: options.crypto,
      ...(options.fetchDocument ? { fetchDocument: options.fetchDocument } : {}),
      ...(options.recipient !== undefined ? { recipient: options.recipient } : {}),
    });
  }
  const { credential } = parsed;
  const vcdm = vcdmVersionOf(credential);
  const kind = kindOf(credential);
  const documentLoader = options.documentLoader ?? defaultDocumentLoader;
  const fast = createFastCanonizer(documentLoader, { sha256Hex: (text) => options.crypto.sha256Hex(text) });
  const canonize = options.canonize ?? fast;
  const resolveVerificationMethod = options.resolveVerificationMethod ?? createVerificationMethodResolver();
  const deps = { crypto: options.crypto, canonize };

  const formatDetail =
    parsed.format === 'jwt'
      ? `VC-JWT (${parsed.jwt.profile === 'ob3' ? 'Open Badges 3.0' : parsed.jwt.profile === 'vcdm1.1' ? 'VCDM 1.1 vc claim' : 'VC-JOSE-COSE'})`
      : 'JSON-LD with embedded proof';
  add(
    {
      check: 'format',
      status: 'passed',
      detail: `${formatDetail}, ${kind}${vcdm ? `, VC Data Model ${vcdm}` : ''}`,
    },
    undefined,
  );

  // Contexts: every one known (never fetched); safe-mode expansion where no RDFC proof will do it anyway.
  const rdfcWillExpand =
    parsed.format === 'json-ld' &&
    proofsOf(credential).some(
      (proof) => (proof as { cryptosuite?: string })?.cryptosuite !== 'eddsa-jcs-2022',
    );
  const contexts = await checkContexts(credential, {
    documentLoader,
    expand: !rdfcWillExpand,
    provesSafeExpansion: fast.provesSafeExpansion,
  });
  add(contexts.check, contexts.check.status === 'failed' ? 'invalid' : undefined, contexts.problem);
  warnings.push(...contexts.warnings);

  // Structure: VCDM rules, then the OB / CLR JSON Schema when a validator is given.
  const structure = checkCredentialStructure(credential);
  const schema = (options.validateSchema ?? defaultSchemaValidation)(credential);
  const schemaErrors = [...structure, ...(schema?.errors ?? [])];
  if (schemaErrors.length > 0) {
    const detail =
      schemaErrors.slice(0, 8).join('; ') +
      (schemaErrors.length > 8 ? `; and ${schemaErrors.length - 8} more` : '');
    add({ check: 'schema', status: 'failed', detail }, 'invalid', problem('MALFORMED_VALUE_ERROR', detail));
  } else {
    add(
      {
        check: 'schema',
        status: 'passed',
        detail: schema ? `matches the ${schema.kind ?? kind} schema` : 'well-formed verifiable credential',
      },
      undefined,
    );
  }

  // Proofs.
  const issuerId = issuerIdOf(credential);
  const signers: { controller: string; confirmed: boolean }[] = [];
  let proofUnknown = false;
  if (parsed.format === 'jwt') {
    const result = await verifyVcJwtSignature(parsed.jwt, {
      resolveVerificationMethod,
      crypto: options.crypto,
    });
    add(
      { check: 'proof', status: result.status, detail: result.detail },
      result.status === 'failed' ? 'tampered' : result.status === 'unknown' ? 'unknown' : undefined,
      result.problem,
    );
    if (result.status === 'passed' && result.method) {
      signers.push({ controller: result.method.controller, confirmed: result.method.keyConfirmed });
    }
    proofUnknown = result.status === 'unknown';
    const mismatches = jwtClaimMismatches(parsed.jwt);
    if (mismatches.length > 0) {
      const detail = mismatches.join('; ');
      add(
        { check: 'jwt-claims', status: 'failed', detail },
        'invalid',
        problem('MALFORMED_VALUE_ERROR', detail),
      );
    } else {
      add(
        {
          check: 'jwt-claims',
          status: 'passed',
          detail: 'iss, jti, nbf, sub and exp agree with the credential',
        },
        undefined,
      );
    }
  } else {
    const proofChecks: ProofCheck[] = await verifyDataIntegrityProofs(
      credential,
      {
        resolveVerificationMethod,
        now: options.now,
        expectedProofPurpose: options.expectedProofPurpose ?? 'assertionMethod',
      },
      deps,
    );
    if (proofChecks.length === 0) {
      const detail = 'the credential carries no proof: anyone could have written it';
      add(
        { check: 'proof', status: 'failed', detail },
        'invalid',
        problem('CRYPTOGRAPHIC_SECURITY_ERROR', detail),
      );
    }
    for (const proofCheck of proofChecks) {
      const label = proofChecks.length > 1 ? `proof[${proofCheck.index}]` : 'proof';
      const verdict: Verdict | undefined =
        proofCheck.status === 'failed'
          ? proofCheck.problem?.title === 'CRYPTOGRAPHIC_SECURITY_ERROR' && proofCheck.method
            ? 'tampered'
            : 'invalid'
          : proofCheck.status === 'unknown'
            ? 'unknown'
            : undefined;
      add(
        {
          check: 'proof',
          status: proofCheck.status,
          detail: proofChecks.length > 1 ? `${label}: ${proofCheck.detail}` : proofCheck.detail,
        },
        verdict,
        proofCheck.problem,
      );
      if (proofCheck.status === 'unknown') {
        proofUnknown = true;
      }
      if (proofCheck.status === 'passed' && proofCheck.method) {
        signers.push({ controller: proofCheck.method.controller, confirmed: proofCheck.method.keyConfirmed });
      }
      if (proofCheck.cryptosuite === 'eddsa-2022' || proofCheck.type === 'Ed25519Signature2020') {
        warnings.push(
          `${label} uses the legacy ${proofCheck.cryptosuite ?? proofCheck.type}; new credentials should use eddsa-rdfc-2022`,
        );
      }
    }
  }

  // Issuer: a valid proof by a key the issuer controls.
  const bySigner = signers.filter((signer) => signer.controller === issuerId);
  if (bySigner.some((signer) => signer.confirmed)) {
    add(
      { check: 'issuer', status: 'passed', detail: `signed with a key controlled by the issuer ${issuerId}` },
      undefined,
    );
  } else if (bySigner.length > 0) {
    add(
      {
        check: 'issuer',
        status: 'unknown',
        detail: `the key is named in the verification method URL itself; ${issuerId} could not be asked to confirm it`,
      },
      'unknown',
    );
  } else if (proofUnknown && signers.length === 0) {
    add(
      {
        check: 'issuer',
        status: 'unknown',
        detail: 'the signing key could not be resolved, so it cannot be tied to the issuer',
      },
      'unknown',
    );
  } else if (signers.length > 0) {
    const detail = `signed by ${[...new Set(signers.map((signer) => signer.controller))].join(', ')}, not by the issuer ${issuerId ?? '(none)'}`;
    add(
      { check: 'issuer', status: 'failed', detail },
      'invalid',
      problem('CRYPTOGRAPHIC_SECURITY_ERROR', detail),
    );
  } else {
    add(
      { check: 'issuer', status: 'failed', detail: 'no valid proof ties the credential to its issuer' },
      'invalid',
    );
  }

  // Validity window.
  const validity = checkValidity(credential, options.now);
  add(
    { check: validity.check, status: validity.status, detail: validity.detail },
    validity.state === 'expired'
      ? 'expired'
      : validity.state === 'not-yet-valid'
        ? 'not-yet-valid'
        : validity.state === 'malformed'
          ? 'invalid'
          : undefined,
    validity.status === 'failed' ? problem('RANGE_ERROR', validity.detail) : undefined,
  );

  // Status (revocation, suspension).
  if (credential.credentialStatus === undefined) {
    add(
      {
        check: 'status',
        status: 'passed',
        detail: 'the issuer declares no status list: the credential cannot be revoked',
      },
      undefined,
    );
  } else if (!options.checkStatus) {
    add(
      {
        check: 'status',
        status: 'unknown',
        detail: 'the credential has a status entry, and this verifier could not check it',
      },
      'unknown',
    );
  } else {
    let results: Awaited<ReturnType<StatusChecker>>;
    try {
      results = await options.checkStatus(credential, { now: options.now });
    } catch (error) {
      results = [
        {
          status: 'unknown',
          detail: `the status could not be checked: ${isAppError(error) ? (error.detail ?? error.message) : String(error)}`,
        },
      ];
    }
    if (results.length === 0) {
      results = [{ status: 'unknown', detail: 'no status entry of a supported type' }];
    }
    for (const result of results) {
      const verdict: Verdict | undefined =
        result.state === 'revoked'
          ? 'revoked'
          : result.state === 'suspended'
            ? 'suspended'
            : result.status === 'unknown'
              ? 'unknown'
              : result.status === 'failed'
                ? 'invalid'
                : undefined;
      add({ check: 'status', status: result.status, detail: result.detail }, verdict, result.problem);
      if (result.warning !== undefined) {
        warnings.push(result.warning);
      }
    }
  }

  // A CLR is only as good as every credential inside it.
  const embedded: VerificationReport[] = [];
  if (kind === 'ClrCredential' && depth === 0) {
    const inner = embeddedCredentials(credential);
    for (const [index, item] of inner.entries()) {
      const report = await verifyCredential(item, { ...options, depth: 1 });
      embedded.push(report);
      const name =
        typeof report.credential?.name === 'string' ? `"${report.credential.name}"` : `#${index + 1}`;
      add(
        {
          check: 'embedded',
          status: report.verified ? 'passed' : report.verdict === 'unknown' ? 'unknown' : 'failed',
          detail: report.verified
            ? `${name} verified`
            : `${name} is ${report.verdict}: ${firstFailure(report)}`,
        },
        report.verified ? undefined : report.verdict === 'valid' ? 'unknown' : report.verdict,
      );
    }
    if (inner.length === 0) {
      add({ check: 'embedded', status: 'failed', detail: 'the CLR carries no credential' }, 'invalid');
    }
  }

  const endorsements: EndorsementSummary[] = [];
  if (depth === 0) {
    for (const { on, endorsement } of endorsementsOf(credential)) {
      const report = await verifyCredential(endorsement, { ...options, depth: 1 });
      const id = typeof report.credential?.id === 'string' ? report.credential.id : undefined;
      const issuer = report.credential ? issuerIdOf(report.credential) : undefined;
      endorsements.push({ on, id, issuer, verified: report.verified, verdict: report.verdict });
      if (!report.verified) {
        warnings.push(`an endorsement on the ${on} (${id ?? 'no id'}) is ${report.verdict}`);
      }
    }
  }

  const verified = checks.every((check) => check.status === 'passed');
  const verdict = verified ? 'valid' : worst(verdicts.length > 0 ? verdicts : ['unknown']);
  return {
    ...(embedded.length > 0 ? { embedded } : {}),
    ...(endorsements.length > 0 ? { endorsements } : {}),
    verified,
    verdict,
    format: parsed.format,
    ...(vcdm ? { vcdm } : {}),
    kind,
    credential,
    checks,
    problems,
    warnings,
  };
}
