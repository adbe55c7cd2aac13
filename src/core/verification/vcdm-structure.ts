/**
 * The structural rules of the VC Data Model (2.0, and 1.1 for legacy credentials) that JSON-LD alone does
 * not enforce: identifiers are URLs, the subject is not empty, typed objects have a type, dates carry a
 * time zone, language values have no stray keys. Returns one message per problem found.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#core-data-model
 */
import { CONTEXT_URLS } from '../jsonld/contexts.js';
import { isDateTimeStamp } from '../proofs/data-integrity-proof.js';
import { relatedResourceDigestProblems } from './related-resource-digests.js';

type Json = Record<string, unknown>;

/** An absolute URL (any scheme: https, did, urn…) with no white space. */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/.test(value)) {
    return false;
  }
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LANGUAGE_VALUE_KEYS = new Set(['@value', '@language', '@direction']);

function checkLanguageString(value: unknown, path: string, problems: string[]): void {
  for (const item of asArray(value)) {
    if (typeof item === 'string') {
      continue;
    }
    if (
      !isObject(item) ||
      typeof item['@value'] !== 'string' ||
      Object.keys(item).some((key) => !LANGUAGE_VALUE_KEYS.has(key))
    ) {
      problems.push(
        `${path} must be a string or a language value object ({"@value", "@language", "@direction"} only)`,
      );
      return;
    }
  }
}

function checkTypedObjects(
  document: Json,
  property: string,
  problems: string[],
  options: { idRequired?: boolean } = {},
): void {
  if (document[property] === undefined) {
    return;
  }
  for (const [index, item] of asArray(document[property]).entries()) {
    const path = Array.isArray(document[property]) ? `${property}[${index}]` : property;
    if (!isObject(item)) {
      problems.push(`${path} must be an object`);
      continue;
    }
    const type = item.type;
    if (
      type === undefined ||
      (typeof type !== 'string' &&
        !(Array.isArray(type) && type.length > 0 && type.every((t) => typeof t === 'string')))
    ) {
      problems.push(`${path}.type is required and must be a string or a list of strings`);
    }
    if (item.id !== undefined && !isUrl(item.id)) {
      problems.push(`${path}.id must be a URL`);
    } else if (options.idRequired && item.id === undefined) {
      problems.push(`${path}.id is required`);
    }
  }
}

/**
 * Every BitstringStatusListEntry anywhere in the document: statusListIndex is a base-10 integer string.
 * The path is built only when there is a problem to report (this walks every node of every verification).
 */
function checkStatusEntries(value: unknown, path: () => string, problems: string[]): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      checkStatusEntries(item, () => `${path()}[${index}]`, problems);
    }
    return;
  }
  if (!isObject(value)) {
    return;
  }
  if (asArray(value.type).includes('BitstringStatusListEntry')) {
    if (typeof value.statusListIndex !== 'string' || !/^(0|[1-9]\d*)$/.test(value.statusListIndex)) {
      problems.push(`${path()}.statusListIndex must be a base-10 integer written as a string`);
    }
    if (!isUrl(value.statusListCredential)) {
      problems.push(`${path()}.statusListCredential must be a URL`);
    }
    if (typeof value.statusPurpose !== 'string') {
      problems.push(`${path()}.statusPurpose must be a string`);
    }
  }
  for (const key of Object.keys(value)) {
    if (key !== 'proof') {
      const child = value[key];
      if (typeof child === 'object' && child !== null) {
        checkStatusEntries(child, () => (path() === '' ? key : `${path()}.${key}`), problems);
      }
    }
  }
}

function checkRelatedResources(value: unknown, problems: string[]): void {
  if (value === undefined) {
    return;
  }
  const ids = new Set<string>();
  for (const [index, item] of asArray(value).entries()) {
    if (!isObject(item) || !isUrl(item.id)) {
      problems.push(`relatedResource[${index}] must be an object with a URL id`);
      continue;
    }
    if (ids.has(item.id)) {
      problems.push(`relatedResource lists ${item.id} twice`);
    }
    ids.add(item.id);
    if (item.digestSRI === undefined && item.digestMultibase === undefined) {
      problems.push(`relatedResource[${index}] needs digestSRI or digestMultibase`);
    }
    problems.push(...relatedResourceDigestProblems({ ...item, id: item.id }, `relatedResource[${index}]`));
  }
}

export function vcdmVersionOf(document: Json): '2.0' | '1.1' | undefined {
  const first = asArray(document['@context'])[0];
  if (first === CONTEXT_URLS.VC_V2) {
    return '2.0';
  }
  if (first === CONTEXT_URLS.VC_V1) {
    return '1.1';
  }
  return undefined;
}

/** Structural problems of a credential; an empty list when it is well-formed. */
export function checkCredentialStructure(document: Json): string[] {
  const problems: string[] = [];
  const contexts = document['@context'];
  if (contexts === undefined) {
    problems.push('@context is required');
  } else {
    if (!asArray(contexts).every((entry) => isUrl(entry) || isObject(entry))) {
      problems.push('@context entries must be URLs or context objects');
    }
    if (vcdmVersionOf(document) === undefined) {
      problems.push(`@context must start with ${CONTEXT_URLS.VC_V2} (or ${CONTEXT_URLS.VC_V1} for VCDM 1.1)`);
    }
  }
  const version = vcdmVersionOf(document);
  const types = document.type;
  if (types === undefined || !asArray(types).every((type) => typeof type === 'string')) {
    problems.push('type is required: a list of strings');
  } else if (!asArray(types).includes('VerifiableCredential')) {
    problems.push('type must include "VerifiableCredential"');
  }
  if (document.id !== undefined && !isUrl(document.id)) {
    problems.push('id must be a single URL');
  }
  const issuer = document.issuer;
  if (issuer === undefined) {
    problems.push('issuer is required');
  } else if (!isUrl(issuer) && !(isObject(issuer) && isUrl(issuer.id))) {
    problems.push('issuer must be a URL or an object whose id is a URL');
  } else if (isObject(issuer)) {
    for (const key of ['name', 'description'] as const) {
      if (issuer[key] !== undefined) {
        checkLanguageString(issuer[key], `issuer.${key}`, problems);
      }
    }
  }
  const subject = document.credentialSubject;
  if (subject === undefined || subject === null) {
    problems.push('credentialSubject is required');
  } else {
    const subjects = asArray(subject);
    if (subjects.length === 0) {
      problems.push('credentialSubject must not be empty');
    }
    for (const [index, item] of subjects.entries()) {
      const path = Array.isArray(subject) ? `credentialSubject[${index}]` : 'credentialSubject';
      if (!isObject(item) || Object.keys(item).length === 0) {
        problems.push(`${path} must be a non-empty object`);
      } else if (item.id !== undefined && !isUrl(item.id)) {
        problems.push(`${path}.id must be a single URL`);
      }
    }
  }
  for (const key of ['name', 'description'] as const) {
    if (document[key] !== undefined) {
      checkLanguageString(document[key], key, problems);
    }
  }
  if (version === '2.0') {
    for (const key of ['validFrom', 'validUntil'] as const) {
      if (document[key] !== undefined && !isDateTimeStamp(document[key])) {
        problems.push(`${key} must be a date-time with a time zone, e.g. 2026-01-01T00:00:00Z`);
      }
    }
    if (
      isDateTimeStamp(document.validFrom) &&
      isDateTimeStamp(document.validUntil) &&
      Date.parse(document.validFrom) > Date.parse(document.validUntil)
    ) {
      problems.push('validFrom is after validUntil');
    }
  } else if (version === '1.1') {
    if (document.issuanceDate === undefined) {
      problems.push('issuanceDate is required in a VCDM 1.1 credential');
    }
    for (const key of ['issuanceDate', 'expirationDate'] as const) {
      if (
        document[key] !== undefined &&
        (typeof document[key] !== 'string' || Number.isNaN(Date.parse(document[key] as string)))
      ) {
        problems.push(`${key} must be a date-time`);
      }
    }
  }
  checkTypedObjects(document, 'credentialStatus', problems);
  checkTypedObjects(document, 'credentialSchema', problems, { idRequired: true });
  checkTypedObjects(document, 'refreshService', problems);
  checkTypedObjects(document, 'termsOfUse', problems);
  checkTypedObjects(document, 'evidence', problems);
  checkRelatedResources(document.relatedResource, problems);
  checkStatusEntries(document, () => '', problems);
  return problems;
}

/**
 * Structural problems of a verifiable presentation (VCDM 2.0 §4.13, or 1.1): the base context first,
 * `VerifiablePresentation` among its types, URL identifiers, and credentials that are objects (a VCDM 1.1
 * presentation may also carry compact VC-JWTs). Each credential's own rules are checked when it is verified.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
 */
export function checkPresentationStructure(document: Json): string[] {
  const problems: string[] = [];
  const contexts = document['@context'];
  const version = vcdmVersionOf(document);
  if (contexts === undefined) {
    problems.push('@context is required');
  } else {
    if (!asArray(contexts).every((entry) => isUrl(entry) || isObject(entry))) {
      problems.push('@context entries must be URLs or context objects');
    }
    if (version === undefined) {
      problems.push(`@context must start with ${CONTEXT_URLS.VC_V2} (or ${CONTEXT_URLS.VC_V1} for VCDM 1.1)`);
    }
  }
  const types = document.type;
  if (types === undefined || !asArray(types).every((type) => typeof type === 'string')) {
    problems.push('type is required: a list of strings');
  } else if (!asArray(types).includes('VerifiablePresentation')) {
    problems.push('type must include "VerifiablePresentation"');
  }
  if (document.id !== undefined && !isUrl(document.id)) {
    problems.push('id must be a single URL');
  }
  const holder = document.holder;
  if (holder !== undefined && !isUrl(holder) && !(isObject(holder) && isUrl(holder.id))) {
    problems.push('holder must be a URL or an object whose id is a URL');
  }
  if (document.verifiableCredential !== undefined) {
    for (const [index, item] of asArray(document.verifiableCredential).entries()) {
      const path = `verifiableCredential[${index}]`;
      const isJwt = typeof item === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(item);
      if (isJwt && version === '1.1') {
        continue;
      }
      if (!isObject(item)) {
        problems.push(
          `${path} must be a verifiable credential object, not ${item === null ? 'null' : Array.isArray(item) ? 'a list' : `a ${typeof item}`}`,
        );
        continue;
      }
      const itemTypes = asArray(item.type);
      if (
        !itemTypes.includes('VerifiableCredential') &&
        !itemTypes.includes('EnvelopedVerifiableCredential')
      ) {
        problems.push(`${path}.type must include "VerifiableCredential" or "EnvelopedVerifiableCredential"`);
      }
    }
  }
  return problems;
}
