/**
 * N-Quads terms exactly as rdf-canonize writes them (RDFC-1.0 canonical N-Quads), and RDF literals exactly
 * as jsonld.js's toRDF forms them from JSON values.
 * @see https://www.w3.org/TR/rdf-canon/#canonical-quads
 * @see https://www.w3.org/TR/json-ld11-api/#object-to-rdf-conversion
 */

export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDF_TYPE = `${RDF}type`;
export const RDF_FIRST = `${RDF}first`;
export const RDF_REST = `${RDF}rest`;
export const RDF_NIL = `${RDF}nil`;
export const RDF_LANGSTRING = `${RDF}langString`;
export const RDF_JSON = `${RDF}JSON`;
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const XSD_BOOLEAN = `${XSD}boolean`;
export const XSD_DOUBLE = `${XSD}double`;
export const XSD_INTEGER = `${XSD}integer`;
export const XSD_STRING = `${XSD}string`;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what N-Quads escapes
const LITERAL_SPECIALS = /[\u0000-\u001F\u007F"\\]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what N-Quads escapes
const IRI_SPECIALS = /[\u0000-\u0020<>"{}|^`\\]/g;
const ECHAR: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

function uchar(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function escapeLiteral(text: string): string {
  LITERAL_SPECIALS.lastIndex = 0;
  if (!LITERAL_SPECIALS.test(text)) {
    return text;
  }
  return text.replace(LITERAL_SPECIALS, (character) => ECHAR[character] ?? uchar(character));
}

function escapeIri(iri: string): string {
  IRI_SPECIALS.lastIndex = 0;
  if (!IRI_SPECIALS.test(iri)) {
    return iri;
  }
  return iri.replace(IRI_SPECIALS, uchar);
}

/** `<iri>` */
export function iriTerm(iri: string): string {
  return `<${escapeIri(iri)}>`;
}

/** A literal with a datatype (xsd:string is written bare) or a language tag. */
export function literalTerm(lexical: string, datatype: string, language?: string): string {
  const quoted = `"${escapeLiteral(lexical)}"`;
  if (datatype === RDF_LANGSTRING) {
    return language ? `${quoted}@${language}` : quoted;
  }
  return datatype === XSD_STRING ? quoted : `${quoted}^^${iriTerm(datatype)}`;
}

/** jsonld.js's test for a JSON number that becomes xsd:double rather than xsd:integer. */
function isDouble(value: number): boolean {
  return String(value).includes('.') || Math.abs(value) >= 1e21;
}

/** The canonical xsd:double form the JSON-LD API specifies, e.g. 1.5 → "1.5E0". */
function canonicalDouble(value: number): string {
  return value.toExponential(15).replace(/(\d)0*e\+?/, '$1E');
}

/**
 * The RDF literal of a JSON scalar with an optional datatype (from the context or the value object) and
 * language, in the order of JSON-LD toRDF's object conversion.
 */
export function scalarLiteral(
  value: string | number | boolean,
  datatype?: string,
  language?: string,
): string {
  if (typeof value === 'boolean') {
    return literalTerm(String(value), datatype ?? XSD_BOOLEAN);
  }
  if (typeof value === 'number' && (isDouble(value) || datatype === XSD_DOUBLE)) {
    return literalTerm(canonicalDouble(value), datatype ?? XSD_DOUBLE);
  }
  if (typeof value === 'string' && datatype === XSD_DOUBLE) {
    return literalTerm(canonicalDouble(Number.parseFloat(value)), datatype);
  }
  if (typeof value === 'number') {
    return literalTerm(value.toFixed(0), datatype ?? XSD_INTEGER);
  }
  if (language !== undefined) {
    return literalTerm(value, RDF_LANGSTRING, language);
  }
  return literalTerm(value, datatype ?? XSD_STRING);
}
