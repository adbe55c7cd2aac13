/**
 * The CSS an uploaded SVG may keep: declarations of a fixed set of presentation properties whose values
 * call only harmless functions and reference nothing outside the document. Used for `style` attributes,
 * `<style>` elements and presentation attribute values alike (browsers parse those as CSS too).
 *
 * It is an allowlist, not a filter: anything the checks do not recognize is dropped. Backslashes are
 * refused outright, so CSS escapes cannot spell a forbidden name (`u\72l(`, `@\69mport`).
 */

/** CSS properties (and SVG presentation attributes) that paint, place or lay out, and fetch nothing. */
export const SAFE_CSS_PROPERTIES: ReadonlySet<string> = new Set([
  'alignment-baseline',
  'baseline-shift',
  'clip',
  'clip-path',
  'clip-rule',
  'color',
  'color-interpolation',
  'color-interpolation-filters',
  'color-rendering',
  'direction',
  'display',
  'dominant-baseline',
  'enable-background',
  'fill',
  'fill-opacity',
  'fill-rule',
  'filter',
  'flood-color',
  'flood-opacity',
  'font',
  'font-family',
  'font-feature-settings',
  'font-kerning',
  'font-size',
  'font-size-adjust',
  'font-stretch',
  'font-style',
  'font-variant',
  'font-weight',
  'image-rendering',
  'isolation',
  'letter-spacing',
  'lighting-color',
  'line-height',
  'marker',
  'marker-end',
  'marker-mid',
  'marker-start',
  'mask',
  'mask-type',
  'mix-blend-mode',
  'opacity',
  'overflow',
  'paint-order',
  'shape-rendering',
  'stop-color',
  'stop-opacity',
  'stroke',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-opacity',
  'stroke-width',
  'text-anchor',
  'text-decoration',
  'text-rendering',
  'transform',
  'transform-box',
  'transform-origin',
  'unicode-bidi',
  'vector-effect',
  'visibility',
  'white-space',
  'word-spacing',
  'writing-mode',
]);

/**
 * Functions a value may call. None loads anything: `url()` is checked apart (a `#fragment` only), and
 * `image()`, `image-set()`, `cross-fade()`, `element()`, `src()`, `expression()` … are simply not here.
 */
const SAFE_FUNCTIONS: ReadonlySet<string> = new Set([
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'calc',
  'min',
  'max',
  'clamp',
  'var',
  'matrix',
  'translate',
  'translatex',
  'translatey',
  'scale',
  'scalex',
  'scaley',
  'rotate',
  'skew',
  'skewx',
  'skewy',
  // filter functions: they compute, they do not fetch
  'blur',
  'brightness',
  'contrast',
  'drop-shadow',
  'grayscale',
  'hue-rotate',
  'invert',
  'opacity',
  'saturate',
  'sepia',
]);

/** `url(#id)`, `url('#id')` or `url("#id")`: a reference inside the same document. */
const FRAGMENT_URL = /^url\(\s*(['"]?)#[\w.:-]+\1\s*\)/i;

/**
 * Whether a CSS value (or a presentation attribute's value) is safe to keep: no escapes, comments,
 * braces, `@`, `<`, or `;`; no `javascript:`/`vbscript:`/`data:`; every function call in
 * `SAFE_FUNCTIONS`, and every `url()` a `#fragment`.
 */
export function isSafeCssValue(value: string): boolean {
  if (/[\\<>{}@;`]|\/\*|\*\//.test(value) || !hasBalancedQuotes(value)) {
    return false;
  }
  if (/(?:javascript|vbscript|data|livescript)\s*:/i.test(value)) {
    return false;
  }
  for (const match of value.matchAll(/([A-Za-z0-9_-]*)\s*\(/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (name === '') {
      continue; // a bare parenthesis, as in calc((1px + 2px) * 2)
    }
    if (name === 'url') {
      if (!FRAGMENT_URL.test(value.slice(match.index))) {
        return false;
      }
    } else if (!SAFE_FUNCTIONS.has(name)) {
      return false;
    }
  }
  return true;
}

/**
 * Whether every quoted string closes on its own line. Output made only of such pieces tokenizes the
 * same in a browser as here: no string can swallow a brace and shift what counts as a selector.
 */
function hasBalancedQuotes(text: string): boolean {
  let quote = '';
  for (const char of text) {
    if (quote !== '') {
      if (char === quote) {
        quote = '';
      } else if (char === '\n' || char === '\r' || char === '\f') {
        return false;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    }
  }
  return quote === '';
}

/** Removes CSS comments. Undefined for an unterminated comment or any backslash (escapes). */
function stripComments(css: string): string | undefined {
  if (css.includes('\\')) {
    return undefined;
  }
  let out = '';
  let at = 0;
  for (;;) {
    const open = css.indexOf('/*', at);
    if (open < 0) {
      return out + css.slice(at);
    }
    const close = css.indexOf('*/', open + 2);
    if (close < 0) {
      return undefined;
    }
    out += `${css.slice(at, open)} `;
    at = close + 2;
  }
}

/** Splits on `;` outside quotes and parentheses. */
function splitDeclarations(block: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let at = 0; at < block.length; at++) {
    const char = block.charAt(at);
    if (quote !== '') {
      if (char === quote) {
        quote = '';
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth = Math.max(0, depth - 1);
    } else if (char === ';' && depth === 0) {
      parts.push(block.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(block.slice(start));
  return parts;
}

/** What a CSS check kept, and a description of each thing it dropped. */
export type CssResult = { css: string; removed: string[] };

function sanitizeBlock(block: string, removed: string[]): string {
  const kept: string[] = [];
  for (const declaration of splitDeclarations(block)) {
    if (declaration.trim() === '') {
      continue;
    }
    const colon = declaration.indexOf(':');
    const name = (colon < 0 ? declaration : declaration.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : declaration.slice(colon + 1).trim();
    if (!SAFE_CSS_PROPERTIES.has(name)) {
      removed.push(`CSS property "${name.slice(0, 40)}"`);
    } else if (value === '' || !isSafeCssValue(value)) {
      removed.push(`CSS value of "${name}"`);
    } else {
      kept.push(`${name}:${value}`);
    }
  }
  return kept.join(';');
}

/** A `style` attribute: the declarations that pass, re-serialized (`fill:#fff;stroke:none`). */
export function sanitizeStyleAttribute(style: string): CssResult {
  const removed: string[] = [];
  const css = stripComments(style);
  if (css === undefined) {
    return { css: '', removed: ['style attribute with CSS escapes or an unterminated comment'] };
  }
  return { css: sanitizeBlock(css, removed), removed };
}

/** Selectors may use names, classes, ids, combinators, pseudo-classes and attribute tests. */
const SAFE_SELECTOR = /^[\w\s.#:,>+~*()[\]="'^$|%-]+$/;

/**
 * A `<style>` element's text: plain rules (`selector { declarations }`) whose selectors and
 * declarations pass. Every at-rule (`@import`, `@font-face`, `@media`, `@namespace` …) is dropped.
 * A stylesheet that cannot be read (an unbalanced brace, an escape) is dropped whole.
 */
export function sanitizeStylesheet(stylesheet: string): CssResult {
  const removed: string[] = [];
  const css = stripComments(stylesheet.replace(/<!--|-->/g, ' '));
  if (css === undefined) {
    return { css: '', removed: ['stylesheet with CSS escapes or an unterminated comment'] };
  }
  const rules: string[] = [];
  let at = 0;
  while (at < css.length) {
    const char = css.charAt(at);
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === '@') {
      const end = skipAtRule(css, at);
      if (end === undefined) {
        return { css: '', removed: ['unreadable stylesheet'] };
      }
      removed.push(`CSS at-rule ${/^@[\w-]*/.exec(css.slice(at))?.[0] ?? '@'}`);
      at = end;
      continue;
    }
    const open = css.indexOf('{', at);
    const close = open < 0 ? -1 : css.indexOf('}', open);
    const selector = open < 0 ? '' : css.slice(at, open).trim();
    if (open < 0 || close < 0 || /[{};@]/.test(selector) || css.slice(open + 1, close).includes('{')) {
      return { css: '', removed: ['unreadable stylesheet'] };
    }
    if (selector === '' || !SAFE_SELECTOR.test(selector) || !hasBalancedQuotes(selector)) {
      removed.push('CSS rule with an unusual selector');
    } else {
      const declarations = sanitizeBlock(css.slice(open + 1, close), removed);
      if (declarations !== '') {
        rules.push(`${selector.replace(/\s+/g, ' ')}{${declarations}}`);
      }
    }
    at = close + 1;
  }
  return { css: rules.join('\n'), removed };
}

/** The offset after an at-rule: its `;`, or its balanced `{ … }` block. Undefined when unbalanced. */
function skipAtRule(css: string, from: number): number | undefined {
  let depth = 0;
  for (let at = from; at < css.length; at++) {
    const char = css.charAt(at);
    if (char === ';' && depth === 0) {
      return at + 1;
    }
    if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) {
        return at + 1;
      }
      if (depth < 0) {
        return undefined;
      }
    }
  }
  return undefined;
}
