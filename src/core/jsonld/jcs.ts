/**
 * JSON Canonicalization Scheme (RFC 8785): the canonical text eddsa-jcs-2022 hashes.
 * Keys sorted by UTF-16 code units, no whitespace, numbers in ECMAScript form, strings as JSON.stringify writes them
 * (which is exactly RFC 8785's escaping). Rejects values JSON cannot represent (NaN, Infinity, undefined in arrays...).
 * @see https://www.rfc-editor.org/rfc/rfc8785
 */
export function canonicalizeJcs(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError('JCS cannot represent a non-finite number');
    }
    // Number -> string in ECMAScript form is exactly what RFC 8785 §3.2.2.3 requires; -0 becomes "0".
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalizeJcs(item === undefined ? null : item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalizeJcs((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
}
