import { AppError } from '../../errors.js';

/** An attribute as written: `value` is the raw text between the quotes (references not yet decoded). */
export type XmlAttribute = { name: string; value: string; start: number; end: number };

/** One piece of an XML document, with its offsets (`end` is exclusive) in the source string. */
export type XmlToken =
  | {
      kind: 'start-tag';
      name: string;
      attributes: XmlAttribute[];
      selfClosing: boolean;
      /** Offset just after the last attribute (or the name), where another attribute can be inserted. */
      attributesEnd: number;
      start: number;
      end: number;
    }
  | { kind: 'end-tag'; name: string; start: number; end: number }
  | { kind: 'text'; raw: string; start: number; end: number }
  | { kind: 'cdata'; value: string; start: number; end: number }
  | { kind: 'comment' | 'processing-instruction' | 'doctype'; start: number; end: number };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Characters that end a name. Deliberately looser than the XML Name production: enough to split tags. */
const NAME_END = /[\s/>=<"'!?]/;
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

function malformed(detail: string, offset: number): AppError {
  return new AppError('IMAGE_INVALID', `The SVG is not well-formed XML: ${detail} at offset ${offset}`);
}

function find(source: string, needle: string, from: number, what: string, start: number): number {
  const at = source.indexOf(needle, from);
  if (at < 0) {
    throw malformed(`unterminated ${what}`, start);
  }
  return at;
}

function readName(source: string, from: number): number {
  if (!NAME_START.test(source.charAt(from))) {
    throw malformed('expected a name', from);
  }
  let end = from + 1;
  while (end < source.length && !NAME_END.test(source.charAt(end))) {
    end++;
  }
  return end;
}

function skipWhitespace(source: string, from: number): number {
  let at = from;
  while (WHITESPACE.has(source.charAt(at))) {
    at++;
  }
  return at;
}

/** Finds the `>` closing a DOCTYPE, skipping quoted literals, comments and PIs in its internal subset. */
function endOfDoctype(source: string, start: number): number {
  let at = start + '<!DOCTYPE'.length;
  let inSubset = false;
  while (at < source.length) {
    const char = source.charAt(at);
    if (char === '"' || char === "'") {
      at = find(source, char, at + 1, 'DOCTYPE literal', start) + 1;
    } else if (inSubset && source.startsWith('<!--', at)) {
      at = find(source, '-->', at + 4, 'comment in DOCTYPE', start) + 3;
    } else if (inSubset && source.startsWith('<?', at)) {
      at = find(source, '?>', at + 2, 'processing instruction in DOCTYPE', start) + 2;
    } else if (char === '[' && !inSubset) {
      inSubset = true;
      at++;
    } else if (char === ']' && inSubset) {
      inSubset = false;
      at++;
    } else if (char === '>' && !inSubset) {
      return at + 1;
    } else {
      at++;
    }
  }
  throw malformed('unterminated DOCTYPE', start);
}

function readStartTag(source: string, start: number): XmlToken {
  const nameEnd = readName(source, start + 1);
  const attributes: XmlAttribute[] = [];
  const seen = new Set<string>();
  let attributesEnd = nameEnd;
  let at = nameEnd;
  for (;;) {
    const afterSpace = skipWhitespace(source, at);
    if (source.startsWith('/>', afterSpace) || source.charAt(afterSpace) === '>') {
      const selfClosing = source.charAt(afterSpace) === '/';
      const end = afterSpace + (selfClosing ? 2 : 1);
      return {
        kind: 'start-tag',
        name: source.slice(start + 1, nameEnd),
        attributes,
        selfClosing,
        attributesEnd,
        start,
        end,
      };
    }
    if (afterSpace >= source.length) {
      throw malformed('unterminated start tag', start);
    }
    if (afterSpace === at) {
      throw malformed('expected whitespace, ">" or "/>" in a start tag', at);
    }
    const attributeStart = afterSpace;
    const attributeNameEnd = readName(source, attributeStart);
    const name = source.slice(attributeStart, attributeNameEnd);
    if (seen.has(name)) {
      throw malformed(`duplicate attribute "${name}"`, attributeStart);
    }
    seen.add(name);
    at = skipWhitespace(source, attributeNameEnd);
    if (source.charAt(at) !== '=') {
      throw malformed(`attribute "${name}" has no value`, attributeStart);
    }
    at = skipWhitespace(source, at + 1);
    const quote = source.charAt(at);
    if (quote !== '"' && quote !== "'") {
      throw malformed(`the value of attribute "${name}" is not quoted`, at);
    }
    const valueEnd = find(source, quote, at + 1, `value of attribute "${name}"`, attributeStart);
    const value = source.slice(at + 1, valueEnd);
    if (value.includes('<')) {
      throw malformed(`"<" in the value of attribute "${name}"`, attributeStart);
    }
    at = valueEnd + 1;
    attributes.push({ name, value, start: attributeStart, end: at });
    attributesEnd = at;
  }
}

/**
 * Splits an XML document into tokens, lazily and in one pass (every step moves forward, so it cannot
 * hang). Checks the syntax of each token; nesting, namespaces and references are the caller's business.
 *
 * Fails with `IMAGE_INVALID` on a syntax error: an unterminated comment, CDATA section, processing
 * instruction, DOCTYPE, tag or attribute value; an unquoted or duplicate attribute; a stray `<`.
 */
export function* tokenizeXml(source: string, from = 0): Generator<XmlToken> {
  let at = from;
  while (at < source.length) {
    const start = at;
    if (source.charAt(at) !== '<') {
      const next = source.indexOf('<', at);
      at = next < 0 ? source.length : next;
      yield { kind: 'text', raw: source.slice(start, at), start, end: at };
    } else if (source.startsWith('<!--', at)) {
      at = find(source, '-->', at + 4, 'comment', start) + 3;
      yield { kind: 'comment', start, end: at };
    } else if (source.startsWith('<![CDATA[', at)) {
      const close = find(source, ']]>', at + 9, 'CDATA section', start);
      at = close + 3;
      yield { kind: 'cdata', value: source.slice(start + 9, close), start, end: at };
    } else if (source.startsWith('<!DOCTYPE', at)) {
      at = endOfDoctype(source, start);
      yield { kind: 'doctype', start, end: at };
    } else if (source.startsWith('<?', at)) {
      at = find(source, '?>', at + 2, 'processing instruction', start) + 2;
      yield { kind: 'processing-instruction', start, end: at };
    } else if (source.startsWith('</', at)) {
      const nameEnd = readName(source, at + 2);
      const close = skipWhitespace(source, nameEnd);
      if (source.charAt(close) !== '>') {
        throw malformed('unterminated end tag', start);
      }
      at = close + 1;
      yield { kind: 'end-tag', name: source.slice(start + 2, nameEnd), start, end: at };
    } else {
      const token = readStartTag(source, start);
      at = token.end;
      yield token;
    }
  }
}
