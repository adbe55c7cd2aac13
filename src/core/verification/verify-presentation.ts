/**
 * verifyPresentation(): the verdict on a verifiable presentation (VCDM 2.0, or 1.1) secured with Data
 * Integrity proofs — its contexts and structure, its proofs (purpose `authentication`, with the domain and
 * challenge the verifier asked for), the holder binding, and every credential it carries, each verified
 * with verifyCredential. Like verifyCredential, a bad presentation gives a report, never an exception.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
 */
import { base64urlDecode } from '../encoding/base.js';
import { utf8Decode } from '../encoding/bytes.js';
import { type Canonizer, canonizeRdfc } from '../jsonld/canonize.js';
import { type DocumentLoader, defaultDocumentLoader } from '../jsonld/document-loader.js';
import { createVerificationMethodResolver } from '../keys/resolve-verification-method.js';
import { proofsOf } from '../proofs/data-integrity-proof.js';
import { type Problem, problem } from '../proofs/problems.js';
import { verifyDataIntegrityProofs } from '../proofs/verify-proofs.js';
import { checkContexts } from './check-contexts.js';
import type { Verdict, VerificationCheck, VerificationReport } from './report.js';
import { checkPresentationStructure, vcdmVersionOf } from './vcdm-structure.js';
import { worst } from './verdict.js';
import { type VerifyCredentialOptions, verifyCredential } from './verify-credential.js';

export type VerifyPresentationOptions = Omit<VerifyCredentialOptions, 'expectedProofPurpose'> & {
  /** The domain the verifier asked the holder to sign for; when given, a proof must carry it. */
  domain?: string;
  /** The challenge the verifier gave the holder; when given, a proof must carry exactly it. */
  challenge?: string;
  /** The purpose of the presentation's proofs. Default `authentication`. */
  expectedProofPurpose?: string;
};

export type PresentationVerificationReport = {
  verified: boolean;
  verdict: Verdict;
  /** VC Data Model version of the presentation. */
  vcdm?: '2.0' | '1.1';
  presentation: Record<string, unknown> | null;
  /** The holder the presentation names, if any. */
  holder?: string;
  /** format, context, schema, proof (one per proof), holder, credential (one per credential carried). */
  checks: VerificationCheck[];
  problems: Problem[];
  warnings: string[];
  /** The full report of every credential the presentation carries, in order. */
  credentials: VerificationReport[];
};

const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsePresentation(input: unknown): Record<string, unknown> | string {
  let value = input;
  if (value instanceof Uint8Array) {
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return 'the input is not UTF-8 text';
    }
  }
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value.trim().replace(/^\uFEFF/, ''));
    } catch {
      return 'the input is not JSON (presentations secured as JWTs are not supported)';
    }
  }
  return isObject(value) ? value : 'a presentation is a JSON object';
}

function holderIdOf(presentation: Record<string, unknown>): string | undefined {
  const holder = presentation.holder;
  if (typeof holder === 'string') {
    return holder;
  }
  return isObject(holder) && typeof holder.id === 'string' ? holder.id : undefined;
}

/**
 * The secured credential inside an EnvelopedVerifiableCredential's `data:` URL (a compact JWT, or JSON
 * text), or undefined when the id is not a data: URL.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials
 */
export function envelopedCredentialPayload(id: unknown): string | undefined {
  if (typeof id !== 'string') {
    return undefined;
  }
  const match = /^data:([^,]*),(.*)$/s.exec(id);
  if (!match) {
    return undefined;
  }
  const parameters = (match[1] ?? '').split(';').map((part) => part.trim().toLowerCase());
  const data = match[2] ?? '';
  // A compact JWT is base64url inside already; some senders still label it `;base64` or `;base64url`.
  if (COMPACT_JWS.test(data)) {
    return data;
  }
  try {
    return parameters.includes('base64') || parameters.includes('base64url')
      ? utf8Decode(base64urlDecode(data.replace(/\+/g, '-').replace(/\//g, '_')))
      : decodeURIComponent(data);
  } catch {
    return undefined;
  }
}

function firstFailure(report: VerificationReport): string {
  return report.checks.find((check) => check.status !== 'passed')?.detail ?? report.verdict;
}

/**
 * @example
 *   const report = await verifyPresentation(vp, {
 *     now: new Date(), crypto: nodeCryptoBackend, domain: 'verifier.example', challenge,
 *   });
 *   if (report.verified) { ... } // the holder proved possession, and every credential verified
 */
export async function verifyPresentation(
  input: unknown,
  options: VerifyPresentationOptions,
): Promise<PresentationVerificationReport> {
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

  const parsed = parsePresentation(input);
  if (typeof parsed === 'string') {
    add({ check: 'format', status: 'failed', detail: parsed }, 'invalid', problem('PARSING_ERROR', parsed));
    return {
      verified: false,
      verdict: 'invalid',
      presentation: null,
      checks,
      problems,
      warnings,
      credentials: [],
    };
  }
  const presentation = parsed;
  const vcdm = vcdmVersionOf(presentation);
  const holder = holderIdOf(presentation);
  const documentLoader: DocumentLoader = options.documentLoader ?? defaultDocumentLoader;
  const canonize: Canonizer =
    options.canonize ?? ((document: object) => canonizeRdfc(document, documentLoader));
  const resolveVerificationMethod = options.resolveVerificationMethod ?? createVerificationMethodResolver();
  add(
    {
      check: 'format',
      status: 'passed',
      detail: `JSON-LD presentation with embedded proof${vcdm ? `, VC Data Model ${vcdm}` : ''}`,
    },
    undefined,
  );

  // Contexts: known, never fetched; safe-mode expansion unless an RDFC proof will canonicalize anyway.
  const rdfcWillExpand = proofsOf(presentation).some(
    (proof) => isObject(proof) && proof.cryptosuite !== 'eddsa-jcs-2022',
  );
  const contexts = await checkContexts(presentation, {
    documentLoader,
    expand: !rdfcWillExpand,
    subject: 'presentation',
  });
  add(contexts.check, contexts.check.status === 'failed' ? 'invalid' : undefined, contexts.problem);
  warnings.push(...contexts.warnings);

  const structure = checkPresentationStructure(presentation);
  if (structure.length > 0) {
    const detail = structure.join('; ');
    add({ check: 'schema', status: 'failed', detail }, 'invalid', problem('MALFORMED_VALUE_ERROR', detail));
  } else {
    add({ check: 'schema', status: 'passed', detail: 'well-formed verifiable presentation' }, undefined);
  }

  // The holder's proofs: authentication, bound to the verifier's domain and challenge.
  const proofChecks = await verifyDataIntegrityProofs(
    presentation,
    {
      resolveVerificationMethod,
      now: options.now,
      expectedProofPurpose: options.expectedProofPurpose ?? 'authentication',
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
      ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
    },
    { crypto: options.crypto, canonize },
  );
  if (proofChecks.length === 0) {
    const detail = 'the presentation carries no proof: nothing shows who presented it';
    add(
      { check: 'proof', status: 'failed', detail },
      'invalid',
      problem('CRYPTOGRAPHIC_SECURITY_ERROR', detail),
    );
  }
  const signers: string[] = [];
  for (const proofCheck of proofChecks) {
    const label = proofChecks.length > 1 ? `proof[${proofCheck.index}]: ` : '';
    add(
      { check: 'proof', status: proofCheck.status, detail: `${label}${proofCheck.detail}` },
      proofCheck.status === 'failed'
        ? proofCheck.problem?.title === 'CRYPTOGRAPHIC_SECURITY_ERROR' && proofCheck.method
          ? 'tampered'
          : 'invalid'
        : proofCheck.status === 'unknown'
          ? 'unknown'
          : undefined,
      proofCheck.problem,
    );
    if (proofCheck.status === 'passed' && proofCheck.method) {
      signers.push(proofCheck.method.controller);
    }
  }
  if (options.challenge === undefined && proofChecks.length > 0) {
    warnings.push('no challenge was checked: this presentation could be a replay');
  }

  // Holder binding: a named holder must be the one who signed.
  if (presentation.holder !== undefined) {
    if (holder !== undefined && signers.includes(holder)) {
      add({ check: 'holder', status: 'passed', detail: `signed by the holder ${holder}` }, undefined);
    } else if (signers.length > 0) {
      const detail = `signed by ${[...new Set(signers)].join(', ')}, not by the holder ${holder ?? '(none)'}`;
      add(
        { check: 'holder', status: 'failed', detail },
        'invalid',
        problem('CRYPTOGRAPHIC_SECURITY_ERROR', detail),
      );
    } else if (proofChecks.some((proofCheck) => proofCheck.status === 'unknown')) {
      add(
        {
          check: 'holder',
          status: 'unknown',
          detail: 'the signing key could not be resolved, so it cannot be tied to the holder',
        },
        'unknown',
      );
    } else {
      add(
        { check: 'holder', status: 'failed', detail: 'no valid proof ties the presentation to its holder' },
        'invalid',
      );
    }
  }

  // Every credential carried, on its own merits.
  const credentials: VerificationReport[] = [];
  const { expectedProofPurpose: _purpose, domain: _domain, challenge: _challenge, ...shared } = options;
  const carried =
    presentation.verifiableCredential === undefined
      ? []
      : Array.isArray(presentation.verifiableCredential)
        ? presentation.verifiableCredential
        : [presentation.verifiableCredential];
  for (const [index, item] of carried.entries()) {
    const types = isObject(item) ? (Array.isArray(item.type) ? item.type : [item.type]) : [];
    const enveloped = isObject(item) && types.includes('EnvelopedVerifiableCredential');
    const payload = enveloped ? envelopedCredentialPayload(item.id) : undefined;
    if (enveloped && payload === undefined) {
      const detail = `verifiableCredential[${index}] is enveloped, but its id is not a data: URL`;
      add(
        { check: 'credential', status: 'failed', detail },
        'invalid',
        problem('MALFORMED_VALUE_ERROR', detail),
      );
      continue;
    }
    const report = await verifyCredential(enveloped ? payload : item, {
      ...shared,
      documentLoader,
      canonize,
      resolveVerificationMethod,
    });
    credentials.push(report);
    const id = typeof report.credential?.id === 'string' ? ` (${report.credential.id})` : '';
    add(
      {
        check: 'credential',
        status: report.verified ? 'passed' : report.verdict === 'unknown' ? 'unknown' : 'failed',
        detail: report.verified
          ? `verifiableCredential[${index}]${id} verified`
          : `verifiableCredential[${index}]${id} is ${report.verdict}: ${firstFailure(report)}`,
      },
      report.verified ? undefined : report.verdict === 'valid' ? 'unknown' : report.verdict,
    );
  }

  const verified = checks.every((check) => check.status === 'passed');
  return {
    verified,
    verdict: verified ? 'valid' : worst(verdicts.length > 0 ? verdicts : ['unknown']),
    ...(vcdm ? { vcdm } : {}),
    presentation,
    ...(holder !== undefined ? { holder } : {}),
    checks,
    problems,
    warnings,
    credentials,
  };
}
