/**
 * JSON Canonicalization Scheme (RFC 8785): the canonical text eddsa-jcs-2022 hashes.
 * Keys sorted by UTF-16 code units, no whitespace, numbers in ECMAScript form, strings as JSON.stringify writes them
 * (which is exactly RFC 8785's escaping). Rejects values JSON cannot represent (NaN, Infinity, undefined in arrays...).
 * Written as one recursive string builder: it runs on every JCS signature and verification.
 * @see https://www.rfc-editor.org/rfc/rfc8785
 */

/** Member names repeat across credentials ("type", "id", "name"); their quoted form is kept. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < MAX_QUOTED_KEYS) {
      quotedKeys.set(key, quoted);
    }
  }
  return quoted;
}

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError('JCS cannot represent a non-finite number');
      }
      // Number -> string in ECMAScript form is exactly what RFC 8785 §3.2.2.3 requires; -0 becomes "0".
      return JSON.stringify(value);
    case 'object': {
      if (value === null) {
        return 'null';
      }
      if (Array.isArray(value)) {
        let out = '[';
        for (let index = 0; index < value.length; index++) {
          const item = value[index];
          out += index === 0 ? '' : ',';
          out += item === undefined ? 'null' : write(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member !== undefined) {
          out += first ? '' : ',';
          out += `${quoteKey(key)}:${write(member)}`;
          first = false;
        }
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

export function canonicalizeJcs(value: unknown): string {
  return write(value);
}
