/**
 * Structural validation of OB 3.0 / CLR 2.0 credentials against the official JSON Schemas, plus the
 * few rules the schemas cannot express, with messages a person can act on.
 *
 * Structure only: no proof, status or date-range checks (that is verification's job).
 */
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import {
  checkAchievementReferences,
  checkExtensionsContext,
  checkResultReferences,
  checkSubjectIdentity,
  checkVcdmStructure,
  isAbsoluteUri,
} from './credential-rules.js';
import { dedupeIssues, explainSchemaErrors, prefixIssues, type ValidationIssue } from './schema-errors.js';
import { getValidator, SCHEMA_IDS } from './schemas.js';

export type { ValidationIssue } from './schema-errors.js';

/** Which class a credential is, judged from its `type` (and, failing that, its subject). */
export type CredentialKind =
  | 'AchievementCredential'
  | 'EndorsementCredential'
  | 'ClrCredential'
  | 'VerifiableCredential';

/**
 * - `issue` (default): what Cairn emits. Formal OB schemas, where every 0..* property is an array,
 *   plus result/rubric cross-references and URL ids.
 * - `verify`: what Cairn accepts from others. JSON-LD-adapted schemas, which also accept compacted
 *   single values and language maps; VCDM 1.1 OB credentials are checked as their VCDM 2.0 equivalent.
 */
export type ValidationMode = 'issue' | 'verify';

/** What `validateCredential` found. `valid` is true exactly when `errors` is empty. */
export type ValidationResult = {
  valid: boolean;
  kind: CredentialKind;
  /** The `$id` of the JSON Schema used, or `cairn:vcdm-minimal` for the built-in VCDM check. */
  schema: string;
  errors: ValidationIssue[];
};

/** Name of the built-in check used for credentials that are not OB/CLR types. */
export const VCDM_MINIMAL_SCHEMA = 'cairn:vcdm-minimal';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Tells which class a credential is. By `type` first (`ClrCredential`, `OpenBadgeCredential` /
 * `AchievementCredential`, `EndorsementCredential`); when `type` names none of them, by the subject
 * (`ClrSubject`/`verifiableCredential`, `AchievementSubject`/`achievement`, `EndorsementSubject`), so
 * that an OB credential with a wrong `type` is still checked — and reported — as an OB credential.
 */
export function detectCredentialKind(credential: unknown): CredentialKind {
  if (!isObject(credential)) {
    return 'VerifiableCredential';
  }
  const types = asList(credential.type);
  if (types.includes('ClrCredential')) {
    return 'ClrCredential';
  }
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) {
    return 'AchievementCredential';
  }
  if (types.includes('EndorsementCredential')) {
    return 'EndorsementCredential';
  }
  const subject = asList(credential.credentialSubject)[0];
  if (isObject(subject)) {
    const subjectTypes = asList(subject.type);
    if (subjectTypes.includes('ClrSubject') || 'verifiableCredential' in subject) {
      return 'ClrCredential';
    }
    if (subjectTypes.includes('AchievementSubject') || 'achievement' in subject) {
      return 'AchievementCredential';
    }
    if (subjectTypes.includes('EndorsementSubject')) {
      return 'EndorsementCredential';
    }
  }
  return 'VerifiableCredential';
}

function schemaFor(kind: Exclude<CredentialKind, 'VerifiableCredential'>, mode: ValidationMode): string {
  switch (kind) {
    case 'AchievementCredential':
      return mode === 'issue'
        ? SCHEMA_IDS.OB_ACHIEVEMENT_CREDENTIAL_FORMAL
        : SCHEMA_IDS.OB_ACHIEVEMENT_CREDENTIAL_JSONLD;
    case 'EndorsementCredential':
      return mode === 'issue'
        ? SCHEMA_IDS.OB_ENDORSEMENT_CREDENTIAL_FORMAL
        : SCHEMA_IDS.OB_ENDORSEMENT_CREDENTIAL_JSONLD;
    case 'ClrCredential':
      // No formal CLR 2.0 schema is available; the JSON-LD adaptation is used in both modes.
      return SCHEMA_IDS.CLR_CREDENTIAL_JSONLD;
  }
}

const VCDM11_RENAMES = { issuanceDate: 'validFrom', expirationDate: 'validUntil' } as const;

/**
 * A VCDM 1.1 OB credential read as VCDM 2.0: the OB 3.0 schemas require the v2 context and
 * `validFrom`, which 1.1 credentials (issued before the spec moved to VCDM 2.0) spell differently.
 */
function asVcdm20(credential: Json): Json {
  const copy: Json = {
    ...credential,
    '@context': [CONTEXT_URLS.VC_V2, ...asList(credential['@context']).slice(1)],
  };
  for (const [legacy, current] of Object.entries(VCDM11_RENAMES)) {
    if (legacy in copy && !(current in copy)) {
      copy[current] = copy[legacy];
      delete copy[legacy];
    }
  }
  return copy;
}

function renameVcdm20Paths(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    for (const [legacy, current] of Object.entries(VCDM11_RENAMES)) {
      if (issue.path === current) {
        return { ...issue, path: legacy };
      }
    }
    return issue;
  });
}

const REQUIRED_TYPES: Record<Exclude<CredentialKind, 'VerifiableCredential'>, readonly string[]> = {
  AchievementCredential: ['AchievementCredential', 'OpenBadgeCredential'],
  EndorsementCredential: ['EndorsementCredential'],
  ClrCredential: ['ClrCredential'],
};

/**
 * `type` must name VerifiableCredential and the class. The JSON-LD schemas accept any single string
 * as a compacted `type`, so this is checked in code too (the messages match the schemas' wording).
 */
function checkTypes(
  kind: Exclude<CredentialKind, 'VerifiableCredential'>,
  credential: Json,
): ValidationIssue[] {
  const types = asList(credential.type);
  const issues: ValidationIssue[] = [];
  if (credential.type !== undefined && !types.includes('VerifiableCredential')) {
    issues.push({ path: 'type', message: 'must contain "VerifiableCredential"' });
  }
  const classNames = REQUIRED_TYPES[kind];
  if (credential.type !== undefined && !classNames.some((name) => types.includes(name))) {
    issues.push({
      path: 'type',
      message: `must contain ${classNames.map((name) => `"${name}"`).join(' or ')}`,
    });
  }
  return issues;
}

/**
 * One clear message instead of one per item when `@context` is a single value (which the JSON-LD
 * schemas accept, although the OB terms then stay undefined) or lists the VCDM context but not
 * first, e.g. `[OB, VC]` (the schemas check `@context` position by position).
 */
function explainContextOrder(
  kind: CredentialKind,
  credential: Json,
  issues: ValidationIssue[],
): ValidationIssue[] {
  const context = credential['@context'];
  const isSingleValue = context !== undefined && !Array.isArray(context);
  const isMisordered =
    Array.isArray(context) && context[0] !== CONTEXT_URLS.VC_V2 && context.includes(CONTEXT_URLS.VC_V2);
  if (!isSingleValue && !isMisordered) {
    return issues;
  }
  const order =
    kind === 'ClrCredential'
      ? `"${CONTEXT_URLS.VC_V2}", then "${CONTEXT_URLS.CLR_V2P0}", then "${CONTEXT_URLS.OB_V3P0}"`
      : `"${CONTEXT_URLS.VC_V2}", then "${CONTEXT_URLS.OB_V3P0}"`;
  return [
    { path: '@context', message: `must list ${order}, in that order` },
    ...issues.filter((issue) => issue.path !== '@context' && !issue.path.startsWith('@context[')),
  ];
}

function checkIssueModeRules(kind: CredentialKind, credential: Json): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const urlMessage = 'must be a URL, e.g. urn:uuid:… or https://…';
  if (typeof credential.id === 'string' && !isAbsoluteUri(credential.id)) {
    issues.push({ path: 'id', message: urlMessage });
  }
  const issuer = credential.issuer;
  if (typeof issuer === 'string' && !isAbsoluteUri(issuer)) {
    issues.push({ path: 'issuer', message: urlMessage });
  } else if (isObject(issuer) && typeof issuer.id === 'string' && !isAbsoluteUri(issuer.id)) {
    issues.push({ path: 'issuer.id', message: urlMessage });
  }
  const subject = credential.credentialSubject;
  if (kind === 'AchievementCredential' && isObject(subject)) {
    issues.push(...checkAchievementReferences(subject.achievement, 'credentialSubject.achievement'));
    issues.push(...checkResultReferences(subject, 'credentialSubject'));
  }
  if (kind === 'ClrCredential' && isObject(subject)) {
    asList(subject.achievement).forEach((achievement, index) => {
      const path = Array.isArray(subject.achievement)
        ? `credentialSubject.achievement[${index}]`
        : 'credentialSubject.achievement';
      issues.push(...checkAchievementReferences(achievement, path));
    });
  }
  return issues;
}

/** Embedded credentials in a CLR were signed by someone else earlier; check them as received. */
function checkEmbeddedCredentials(subject: unknown): ValidationIssue[] {
  if (!isObject(subject)) {
    return [];
  }
  const embedded = subject.verifiableCredential;
  const issues: ValidationIssue[] = [];
  asList(embedded).forEach((credential, index) => {
    const kind = detectCredentialKind(credential);
    if (kind !== 'AchievementCredential' && kind !== 'EndorsementCredential') {
      return;
    }
    const prefix = Array.isArray(embedded)
      ? `credentialSubject.verifiableCredential[${index}]`
      : 'credentialSubject.verifiableCredential';
    issues.push(...prefixIssues(prefix, validateCredential(credential, { mode: 'verify' }).errors));
  });
  return issues;
}

/**
 * Validates the structure of a credential and explains every problem as `{ path, message }`, e.g.
 * `{ path: 'credentialSubject.achievement.criteria', message: 'is required' }`.
 *
 * The kind comes from `type` (see {@link detectCredentialKind}). OB AchievementCredential and
 * EndorsementCredential use the formal OB 3.0 schemas in `issue` mode and the JSON-LD-adapted ones in
 * `verify` mode. ClrCredential uses the CLR 2.0 JSON-LD schema in both modes (no formal CLR schema is
 * available), and each embedded OB credential is checked with the OB JSON-LD schema. Any other VC gets
 * a minimal VCDM 2.0 / 1.1 structure check in code. On top of the schemas: the subject needs an `id`
 * or an `identifier`; `extensions.json` must be in `@context` when a 1EdTech extension type is used;
 * in `issue` mode ids must be URLs and results must point at their achievement's descriptions/levels.
 *
 * Never throws; a non-object input is reported as an error.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#json-schema
 * @see https://www.imsglobal.org/spec/ob/v3p0/#serialization
 * @example
 *   const result = validateCredential(credential);
 *   if (!result.valid) console.log(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
 */
/**
 * VCDM 2.0 lets `credentialStatus` be a list (a revocation and a suspension entry); the OB 3.0 and CLR
 * schemas allow one object. Cairn accepts a list of well-formed entries: the schema checks the first,
 * and each of the others must have a URL `id` and a `type`.
 */
function withSingleStatus(credential: Json): { subject: Json; statusErrors: ValidationIssue[] } {
  const status = credential.credentialStatus;
  if (!Array.isArray(status) || status.length === 0) {
    return { subject: credential, statusErrors: [] };
  }
  const statusErrors: ValidationIssue[] = [];
  status.slice(1).forEach((entry, offset) => {
    const entryObject = isObject(entry) ? entry : {};
    if (
      typeof entryObject.id !== 'string' ||
      !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(entryObject.id) ||
      typeof entryObject.type !== 'string'
    ) {
      statusErrors.push({
        path: `credentialStatus[${offset + 1}]`,
        message: 'needs a URL "id" and a "type"',
      });
    }
  });
  return { subject: { ...credential, credentialStatus: status[0] }, statusErrors };
}

export function validateCredential(
  credential: unknown,
  options: { mode?: ValidationMode } = {},
): ValidationResult {
  const mode = options.mode ?? 'issue';
  const kind = detectCredentialKind(credential);
  if (kind === 'VerifiableCredential' || !isObject(credential)) {
    const errors = dedupeIssues(checkVcdmStructure(credential));
    return { valid: errors.length === 0, kind, schema: VCDM_MINIMAL_SCHEMA, errors };
  }
  const schema = schemaFor(kind, mode);
  const isVcdm11 = mode === 'verify' && asList(credential['@context'])[0] === CONTEXT_URLS.VC_V1;
  const validate = getValidator(schema);
  const { subject: checked, statusErrors } = withSingleStatus(isVcdm11 ? asVcdm20(credential) : credential);
  // The JSON-LD schema only relaxes the formal one (single values for lists), and costs several times
  // more: a credential that passes the formal schema needs no second look.
  const formal = mode === 'verify' ? getValidator(schemaFor(kind, 'issue')) : undefined;
  if (!formal?.(checked)) {
    validate(checked);
  }
  let errors = [...(formal?.errors === null ? [] : explainSchemaErrors(validate.errors)), ...statusErrors];
  if (isVcdm11) {
    errors = renameVcdm20Paths(errors);
  }
  errors = explainContextOrder(kind, credential, errors);
  errors.push(...checkTypes(kind, credential));
  errors.push(...checkExtensionsContext(credential));
  if (kind !== 'EndorsementCredential') {
    errors.push(...checkSubjectIdentity(credential.credentialSubject, 'credentialSubject'));
  }
  if (kind === 'ClrCredential') {
    errors.push(...checkEmbeddedCredentials(credential.credentialSubject));
  }
  if (mode === 'issue') {
    errors.push(...checkIssueModeRules(kind, credential));
  }
  errors = dedupeIssues(errors);
  return { valid: errors.length === 0, kind, schema, errors };
}
