/**
 * Data validation of OB 2.0 Badge Objects: the required properties of an Assertion, a BadgeClass and an
 * issuer Profile, with the types the vocabulary expects (OB 2.0 "Data Validation").
 */
import { idOf, isObject, type Json, typesOf } from './ob2-input.js';

/** OB 2.0 DateTime: ISO 8601 with a time and a zone (2.0 refuses the Unix timestamps 1.x allowed). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function dateErrors(object: Json, property: string, required: boolean): string[] {
  const value = object[property];
  if (value === undefined) {
    return required ? [`${property} is missing`] : [];
  }
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
    ? []
    : [`${property} is not an ISO 8601 date-time with a time zone`];
}

function requireStrings(object: Json, where: string, properties: string[]): string[] {
  return properties
    .filter((property) => typeof object[property] !== 'string' || object[property] === '')
    .map((property) => `${where}.${property} is missing`);
}

export function assertionErrors(assertion: Json): string[] {
  const errors: string[] = [];
  if (typeof assertion.id !== 'string') {
    errors.push('the assertion has no id');
  }
  if (!typesOf(assertion).includes('Assertion')) {
    errors.push('the assertion type is not "Assertion"');
  }
  const recipient = assertion.recipient;
  if (!isObject(recipient)) {
    errors.push('recipient is missing');
  } else {
    errors.push(...requireStrings(recipient, 'recipient', ['identity', 'type']));
    if (recipient.hashed !== undefined && typeof recipient.hashed !== 'boolean') {
      errors.push('recipient.hashed is not a boolean');
    }
  }
  if (idOf(assertion.badge) === undefined) {
    errors.push('badge is missing');
  }
  if (!isObject(assertion.verification ?? assertion.verify)) {
    errors.push('verification is missing');
  }
  errors.push(...dateErrors(assertion, 'issuedOn', true), ...dateErrors(assertion, 'expires', false));
  return errors;
}

export function badgeClassErrors(badge: Json): string[] {
  const errors = requireStrings(badge, 'badge', ['id', 'name', 'description']);
  if (!typesOf(badge).includes('BadgeClass')) {
    errors.push('the badge type is not "BadgeClass"');
  }
  if (idOf(badge.image) === undefined) {
    errors.push('badge.image is missing');
  }
  if (idOf(badge.criteria) === undefined && !isObject(badge.criteria)) {
    errors.push('badge.criteria is missing');
  }
  if (idOf(badge.issuer) === undefined) {
    errors.push('badge.issuer is missing');
  }
  return errors;
}

/** An issuer Profile needs id, type, name and url; `email` is required too, but its absence only warns. */
export function profileErrors(profile: Json): string[] {
  const errors = requireStrings(profile, 'issuer', ['id', 'name', 'url']);
  if (!typesOf(profile).some((type) => type === 'Issuer' || type === 'Profile')) {
    errors.push('the issuer type is not "Issuer" or "Profile"');
  }
  return errors;
}
