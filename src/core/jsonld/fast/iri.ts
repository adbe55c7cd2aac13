/** IRI and keyword tests with exactly the rules jsonld.js applies, so both paths accept the same input. */

/** jsonld.js's "absolute IRI" test: a scheme (or "_" for blank nodes), a colon, no white space. */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;

/** Looks like a keyword: jsonld.js ignores (and safe mode rejects) such terms and values. */
export const KEYWORD_FORM = /^@[a-zA-Z]+$/;

/** The language tags jsonld.js accepts without a safe-mode warning. */
export const BCP47 = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

const KEYWORDS = new Set([
  '@base',
  '@container',
  '@context',
  '@default',
  '@direction',
  '@embed',
  '@explicit',
  '@graph',
  '@id',
  '@included',
  '@index',
  '@json',
  '@language',
  '@list',
  '@nest',
  '@none',
  '@omitDefault',
  '@prefix',
  '@preserve',
  '@protected',
  '@requireAll',
  '@reverse',
  '@set',
  '@type',
  '@value',
  '@version',
  '@vocab',
]);

export function isKeyword(value: string): boolean {
  return value.charCodeAt(0) === 64 /* @ */ && KEYWORDS.has(value);
}

export function isAbsoluteIri(value: string): boolean {
  return ABSOLUTE_IRI.test(value);
}

/** An IRI the RDF output can carry: absolute and not a blank node identifier. */
export function isNamedNodeIri(value: string): boolean {
  return ABSOLUTE_IRI.test(value) && !value.startsWith('_:');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
