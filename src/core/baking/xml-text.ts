import { AppError } from '../../errors.js';

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** XML 1.0 §2.2 Char: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Whether `text` holds a character XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates). */
export function hasNonXmlChar(text: string): boolean {
  return NOT_XML_CHAR.test(text);
}

/** XML 1.0 §2.11: CR LF and lone CR become LF. */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function isXmlCodePoint(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Replaces character references (`&#60;`, `&#x3C;`) and the five predefined entities in character data.
 * Line ends are normalized first, as an XML parser does before references are expanded.
 *
 * Fails with `IMAGE_INVALID` on a `&` that starts no reference, an unknown entity (entities declared in
 * a DOCTYPE are not supported) or a reference to a character XML does not allow.
 */
export function decodeXmlText(raw: string): string {
  const text = normalizeLineEnds(raw);
  let decoded = '';
  let at = 0;
  for (;;) {
    const amp = text.indexOf('&', at);
    if (amp < 0) {
      return decoded + text.slice(at);
    }
    decoded += text.slice(at, amp);
    const semicolon = text.indexOf(';', amp);
    const name = semicolon < 0 ? '' : text.slice(amp + 1, semicolon);
    if (!/^(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][\w.-]*)$/.test(name)) {
      throw new AppError(
        'IMAGE_INVALID',
        `The SVG has a "&" that starts no reference: "${text.slice(amp, amp + 12)}"`,
      );
    }
    if (name.startsWith('#')) {
      const codePoint = name.startsWith('#x')
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
      if (!isXmlCodePoint(codePoint)) {
        throw new AppError('IMAGE_INVALID', `The SVG refers to a character XML does not allow: "&${name};"`);
      }
      decoded += String.fromCodePoint(codePoint);
    } else {
      const replacement = PREDEFINED_ENTITIES[name];
      if (replacement === undefined) {
        throw new AppError(
          'IMAGE_INVALID',
          `The SVG uses the entity "&${name};", which Cairn does not expand`,
        );
      }
      decoded += replacement;
    }
    at = semicolon + 1;
  }
}

/**
 * Decodes an attribute value as XML 1.0 §3.3.3 says: line ends normalized, literal tab, CR and LF
 * become spaces, then references are expanded. Fails like `decodeXmlText`.
 */
export function decodeXmlAttribute(raw: string): string {
  return decodeXmlText(normalizeLineEnds(raw).replace(/[\t\n]/g, ' '));
}

/** Escapes text for a double-quoted attribute value. Never fails. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/**
 * Wraps text in CDATA sections. A `]]>` inside would end the section early, so it is split across two
 * sections (`]]` ends one, `>` starts the next); the text an XML parser reads back is unchanged. Never fails.
 */
export function wrapInCdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
