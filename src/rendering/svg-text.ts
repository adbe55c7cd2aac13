/** Small helpers for writing SVG by hand: every piece of user text goes through `xmlText`. */

/** Characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text made safe for XML character data or a double-quoted attribute. Never fails. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A number written short and stable (at most two decimals). */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** East Asian wide characters take about one em; everything else about 0.58 em in Noto Sans. */
const WIDE = /[\u1100-\u11FF\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFF60]|[\u{20000}-\u{2FA1F}]/u;

/** A rough width of `text` in ems, to choose a font size that fits without measuring glyphs. */
export function estimateEms(text: string, bold = false): number {
  let ems = 0;
  for (const char of text) {
    if (WIDE.test(char)) {
      ems += 1;
    } else if (char === ' ') {
      ems += 0.26;
    } else if (/[A-Z0-9MW@%]/.test(char)) {
      ems += bold ? 0.7 : 0.65;
    } else {
      ems += bold ? 0.58 : 0.54;
    }
  }
  return ems;
}

/** The largest font size up to `max` at which `text` fits in `width`, and at least `min`. */
export function fitFontSize(text: string, width: number, max: number, min: number, bold = false): number {
  const ems = estimateEms(text, bold);
  if (ems === 0) {
    return max;
  }
  return Math.max(min, Math.min(max, Math.floor(width / ems)));
}

/** Splits text into at most `maxLines` lines of about `maxEms` ems, at spaces (or anywhere for CJK). */
export function wrapText(text: string, maxEms: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (estimateEms(candidate) <= maxEms || current === '') {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current) {
    lines.push(current);
  }
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
    return kept;
  }
  return lines;
}
