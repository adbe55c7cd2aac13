/**
 * Rules the JSON Schemas cannot express, checked in code on untrusted input:
 * - VCDM structure for a credential that is not an OB/CLR type;
 * - the recipient rule (subject `id` or `identifier`), which is prose in the OB spec;
 * - `extensions.json` in `@context` when a 1EdTech extension type is used;
 * - results that point at their achievement's result descriptions and rubric levels.
 */
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import { findExtensionContextReason, OB_EXTENSIONS_CONTEXT } from './constants.js';
import { isDateTimeZ } from './dates.js';
import type { ValidationIssue } from './schema-errors.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function join(path: string, property: string): string {
  return path === '' ? property : `${path}.${property}`;
}

/** True for an absolute URI with a scheme (`https:`, `urn:`, `did:`, `data:` …) and no white space. */
export function isAbsoluteUri(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || /\s/.test(value)) {
    return false;
  }
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const DATE_TIME_MESSAGE = 'must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z';
const URL_MESSAGE = 'must be a URL, e.g. https://example.org/… or urn:uuid:…';

function checkDate(credential: Json, property: string, issues: ValidationIssue[]): void {
  const value = credential[property];
  if (value !== undefined && (typeof value !== 'string' || !isDateTimeZ(value))) {
    issues.push({ path: property, message: DATE_TIME_MESSAGE });
  }
}

/**
 * Minimal VCDM structure, for credentials that are not OB/CLR types (Cairn has no schema for them).
 * VCDM 2.0 (`https://www.w3.org/ns/credentials/v2` first) or VCDM 1.1 (`…/2018/credentials/v1` first).
 * @see https://www.w3.org/TR/vc-data-model-2.0/#basic-concepts
 */
export function checkVcdmStructure(credential: unknown): ValidationIssue[] {
  if (!isObject(credential)) {
    return [{ path: '', message: 'the credential must be a JSON object' }];
  }
  const issues: ValidationIssue[] = [];
  const context = credential['@context'];
  let isV1 = false;
  if (context === undefined) {
    issues.push({ path: '@context', message: 'is required' });
  } else if (!Array.isArray(context) || context.length === 0) {
    issues.push({
      path: '@context',
      message: `must be an array whose first item is "${CONTEXT_URLS.VC_V2}"`,
    });
  } else {
    isV1 = context[0] === CONTEXT_URLS.VC_V1;
    if (context[0] !== CONTEXT_URLS.VC_V2 && !isV1) {
      issues.push({
        path: '@context[0]',
        message: `must be "${CONTEXT_URLS.VC_V2}" (or "${CONTEXT_URLS.VC_V1}" for a VCDM 1.1 credential)`,
      });
    }
    context.forEach((entry, index) => {
      if (typeof entry !== 'string' && !isObject(entry)) {
        issues.push({ path: `@context[${index}]`, message: 'must be a URL or a context object' });
      }
    });
  }

  const type = credential.type;
  if (type === undefined) {
    issues.push({ path: 'type', message: 'is required' });
  } else if (!asList(type).every((item) => typeof item === 'string')) {
    issues.push({ path: 'type', message: 'must be an array of strings' });
  } else if (!asList(type).includes('VerifiableCredential')) {
    issues.push({ path: 'type', message: 'must contain "VerifiableCredential"' });
  }

  if (credential.id !== undefined && !isAbsoluteUri(credential.id)) {
    issues.push({ path: 'id', message: URL_MESSAGE });
  }

  const issuer = credential.issuer;
  if (issuer === undefined) {
    issues.push({ path: 'issuer', message: 'is required' });
  } else if (isObject(issuer)) {
    if (issuer.id === undefined) {
      issues.push({ path: 'issuer.id', message: 'is required' });
    } else if (!isAbsoluteUri(issuer.id)) {
      issues.push({ path: 'issuer.id', message: URL_MESSAGE });
    }
  } else if (!isAbsoluteUri(issuer)) {
    issues.push({ path: 'issuer', message: 'must be a URL or an object with a URL "id"' });
  }

  const subject = credential.credentialSubject;
  if (subject === undefined) {
    issues.push({ path: 'credentialSubject', message: 'is required' });
  } else {
    const subjects = asList(subject);
    if (subjects.length === 0) {
      issues.push({ path: 'credentialSubject', message: 'must not be empty' });
    }
    subjects.forEach((item, index) => {
      const path = Array.isArray(subject) ? `credentialSubject[${index}]` : 'credentialSubject';
      if (!isObject(item)) {
        issues.push({ path, message: 'must be an object' });
      } else if (Object.keys(item).length === 0) {
        issues.push({ path, message: 'must not be empty' });
      }
    });
  }

  if (isV1) {
    if (credential.issuanceDate === undefined) {
      issues.push({ path: 'issuanceDate', message: 'is required in a VCDM 1.1 credential' });
    }
    checkDate(credential, 'issuanceDate', issues);
    checkDate(credential, 'expirationDate', issues);
  } else {
    for (const legacy of ['issuanceDate', 'expirationDate'] as const) {
      if (credential[legacy] !== undefined) {
        const replacement = legacy === 'issuanceDate' ? 'validFrom' : 'validUntil';
        issues.push({
          path: legacy,
          message: `is a VCDM 1.1 property that the VCDM 2.0 context does not define; use ${replacement}`,
        });
      }
    }
  }
  checkDate(credential, 'validFrom', issues);
  checkDate(credential, 'validUntil', issues);
  return issues;
}

/**
 * OB 3.0 / CLR 2.0: "Either id or at least one identifier MUST be supplied" for the subject.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#achievementsubject
 */
export function checkSubjectIdentity(subject: unknown, path: string): ValidationIssue[] {
  if (!isObject(subject)) {
    return [];
  }
  const hasId = typeof subject.id === 'string' && subject.id !== '';
  const hasIdentifier = asList(subject.identifier).length > 0;
  return hasId || hasIdentifier
    ? []
    : [{ path, message: 'must have an "id" (a DID or URL) or at least one "identifier" (IdentityObject)' }];
}

/**
 * The 1EdTech extension types are defined only in the OB `extensions.json` context; without it they
 * become relative IRIs and JSON-LD safe mode (hence signing and verification) fails.
 */
export function checkExtensionsContext(credential: unknown): ValidationIssue[] {
  if (!isObject(credential)) {
    return [];
  }
  const reason = findExtensionContextReason(credential);
  if (reason === undefined || asList(credential['@context']).includes(OB_EXTENSIONS_CONTEXT)) {
    return [];
  }
  return [{ path: '@context', message: `must include "${OB_EXTENSIONS_CONTEXT}" because ${reason}` }];
}

function idsOf(value: unknown): string[] {
  return asList(value)
    .filter(isObject)
    .map((item) => item.id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * Checks an achievement's internal references: each ResultDescription's `requiredLevel` names one of
 * its own rubric criterion levels.
 */
export function checkAchievementReferences(achievement: unknown, path: string): ValidationIssue[] {
  if (!isObject(achievement)) {
    return [];
  }
  const issues: ValidationIssue[] = [];
  asList(achievement.resultDescription).forEach((description, index) => {
    if (isObject(description) && typeof description.requiredLevel === 'string') {
      if (!idsOf(description.rubricCriterionLevel).includes(description.requiredLevel)) {
        issues.push({
          path: join(path, `resultDescription[${index}].requiredLevel`),
          message: "must be the id of one of this resultDescription's rubricCriterionLevel entries",
        });
      }
    }
  });
  return issues;
}

/**
 * Checks a subject's results against its achievement: `resultDescription` must be the id of one of
 * the achievement's result descriptions, `achievedLevel` one of that description's rubric levels, and
 * `status` is required when the description's resultType is `Status`.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#result
 */
export function checkResultReferences(subject: unknown, path: string): ValidationIssue[] {
  if (!isObject(subject)) {
    return [];
  }
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const descriptions = asList(achievement.resultDescription).filter(isObject);
  const issues: ValidationIssue[] = [];
  asList(subject.result).forEach((result, index) => {
    if (!isObject(result)) {
      return;
    }
    const resultPath = join(path, `result[${index}]`);
    if (typeof result.resultDescription !== 'string') {
      return;
    }
    const description = descriptions.find((item) => item.id === result.resultDescription);
    if (description === undefined) {
      issues.push({
        path: `${resultPath}.resultDescription`,
        message: "must be the id of one of the achievement's resultDescription entries",
      });
      return;
    }
    if (description.resultType === 'Status' && result.status === undefined) {
      issues.push({
        path: `${resultPath}.status`,
        message: 'is required because the linked resultDescription has resultType "Status"',
      });
    }
    if (
      typeof result.achievedLevel === 'string' &&
      !idsOf(description.rubricCriterionLevel).includes(result.achievedLevel)
    ) {
      issues.push({
        path: `${resultPath}.achievedLevel`,
        message: "must be the id of one of the linked resultDescription's rubricCriterionLevel entries",
      });
    }
  });
  return issues;
}
