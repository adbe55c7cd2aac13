/**
 * Sanitizes an uploaded SVG badge image: reads it as XML, keeps only an allowlist of static-graphics
 * SVG elements and attributes, and writes a new document from what it kept. The original text is never
 * passed through, so nothing the reader did not understand (a namespace trick, an entity, a comment
 * that a browser would read differently) can reach the output.
 *
 * What never survives: scripts and event handlers (`<script>`, `on*`), foreign content
 * (`<foreignObject>`, HTML, `<iframe>`/`<embed>`/`<object>` in any namespace), animation (`<set>` and
 * `<animate>` can rewrite an `href` to `javascript:`), links and references outside the document
 * (`href`/`xlink:href` other than `#fragment`, or `data:image/png|jpeg` on `<image>`/`<feImage>`),
 * CSS that could load anything (`url()` other than `#fragment`, `@import`, `image-set()` …), DOCTYPEs,
 * processing instructions (`<?xml-stylesheet?>`) and comments.
 *
 * @see https://www.w3.org/TR/SVG2/ (element and attribute names)
 */
import { AppError } from '../../errors.js';
import { decodeXmlAttribute, decodeXmlText, hasNonXmlChar } from '../baking/xml-text.js';
import { tokenizeXml, type XmlToken } from '../baking/xml-tokenizer.js';
import {
  isSafeCssValue,
  SAFE_CSS_PROPERTIES,
  sanitizeStyleAttribute,
  sanitizeStylesheet,
} from './svg-css.js';

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Deeper nesting than any drawing needs; refusing it bounds the work a hostile file can cause. */
export const MAX_SVG_DEPTH = 256;

/** Static SVG 1.1 / 2 graphics. Everything else is dropped with its whole subtree. */
const ELEMENTS: ReadonlySet<string> = new Set([
  'svg',
  'g',
  'defs',
  'desc',
  'title',
  'symbol',
  'use',
  'switch',
  'a',
  'image',
  'style',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'pattern',
  'clipPath',
  'mask',
  'marker',
  'filter',
  'feBlend',
  'feColorMatrix',
  'feComponentTransfer',
  'feComposite',
  'feConvolveMatrix',
  'feDiffuseLighting',
  'feDisplacementMap',
  'feDistantLight',
  'feDropShadow',
  'feFlood',
  'feFuncA',
  'feFuncB',
  'feFuncG',
  'feFuncR',
  'feGaussianBlur',
  'feImage',
  'feMerge',
  'feMergeNode',
  'feMorphology',
  'feOffset',
  'fePointLight',
  'feSpecularLighting',
  'feSpotLight',
  'feTile',
  'feTurbulence',
]);

/** Elements whose `href` may be an embedded raster image as well as a `#fragment`. */
const IMAGE_ELEMENTS: ReadonlySet<string> = new Set(['image', 'feImage']);

/** Attributes whose values are names or prose, never parsed as CSS or URLs by a browser. */
const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'class',
  'lang',
  'role',
  'aria-label',
  'aria-labelledby',
  'aria-describedby',
  'aria-hidden',
  'aria-roledescription',
]);

/** Geometry and structure attributes (no namespace). Presentation attributes come from SAFE_CSS_PROPERTIES. */
const ATTRIBUTES: ReadonlySet<string> = new Set([
  ...TEXT_ATTRIBUTES,
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'fr',
  'dx',
  'dy',
  'z',
  'width',
  'height',
  'd',
  'points',
  'pathLength',
  'viewBox',
  'preserveAspectRatio',
  'version',
  'baseProfile',
  'focusable',
  'systemLanguage',
  // markers
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  // text
  'rotate',
  'textLength',
  'lengthAdjust',
  'startOffset',
  'method',
  'spacing',
  'side',
  // gradients, patterns, clips, masks
  'offset',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  // filters
  'filterUnits',
  'primitiveUnits',
  'in',
  'in2',
  'result',
  'stdDeviation',
  'mode',
  'operator',
  'k1',
  'k2',
  'k3',
  'k4',
  'type',
  'values',
  'tableValues',
  'slope',
  'intercept',
  'amplitude',
  'exponent',
  'order',
  'kernelMatrix',
  'divisor',
  'bias',
  'targetX',
  'targetY',
  'edgeMode',
  'kernelUnitLength',
  'preserveAlpha',
  'surfaceScale',
  'diffuseConstant',
  'specularConstant',
  'specularExponent',
  'scale',
  'xChannelSelector',
  'yChannelSelector',
  'radius',
  'azimuth',
  'elevation',
  'pointsAtX',
  'pointsAtY',
  'pointsAtZ',
  'limitingConeAngle',
  'baseFrequency',
  'numOctaves',
  'seed',
  'stitchTiles',
]);

const FRAGMENT = /^#[\w.:-]+$/;
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]+$/i;

/** The sanitized document, and what was taken out (one line per kind of thing, for the uploader). */
export type SanitizedSvg = { svg: string; removed: string[] };

type Binding = { prefix: string; uri: string };

type Open = {
  /** The qualified name as written, to match the end tag. */
  rawName: string;
  /** The local name written out, or undefined when the element (and its subtree) is dropped. */
  outName: string | undefined;
  /** True when this element or an ancestor is dropped. */
  hidden: boolean;
  declared: Binding[];
};

function invalid(detail: string): AppError {
  return new AppError('IMAGE_INVALID', `The SVG cannot be accepted: ${detail}`);
}

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { prefix: '', local: name }
    : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

type StartTag = Extract<XmlToken, { kind: 'start-tag' }>;

/**
 * Sanitizes SVG source text. The result is a complete SVG document (root `<svg>` in the SVG
 * namespace, `xlink` declared) that contains only what the allowlists admit.
 *
 * Fails with `IMAGE_INVALID` when the text is not a well-formed XML document whose root is `svg`, uses
 * an entity other than the five predefined ones, has a DOCTYPE with an internal subset (entity
 * declarations), holds a character XML forbids, or nests deeper than {@link MAX_SVG_DEPTH}.
 *
 * @example
 *   sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x</script><circle r="4"/></svg>')
 *   // → { svg: '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><circle r="4"/></svg>',
 *   //     removed: ['attribute onload on <svg>', 'element <script>'] }
 */
export function sanitizeSvg(source: string): SanitizedSvg {
  if (hasNonXmlChar(source)) {
    throw invalid('it contains a character XML does not allow');
  }
  const removed = new Set<string>();
  const out: string[] = [];
  const stack: Open[] = [];
  const bindings = new Map<string, string[]>([['xml', [XML_NAMESPACE]]]);
  let rootSeen = false;
  let rootClosed = false;
  /** The open `<style>` element: its text so far, and the index in `out` where it will be written. */
  let style: { css: string; at: number } | undefined;

  const lookup = (prefix: string): string | undefined => {
    const uri = bindings.get(prefix)?.at(-1);
    return uri === '' ? undefined : uri;
  };
  const enter = (tag: StartTag): Binding[] => {
    const declared: Binding[] = [];
    for (const attribute of tag.attributes) {
      if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
        const prefix = attribute.name === 'xmlns' ? '' : attribute.name.slice(6);
        const uri = decodeXmlAttribute(attribute.value);
        bindings.set(prefix, [...(bindings.get(prefix) ?? []), uri]);
        declared.push({ prefix, uri });
      }
    }
    return declared;
  };
  const leave = (declared: Binding[]): void => {
    for (const { prefix } of declared) {
      bindings.get(prefix)?.pop();
    }
  };
  const dropped = () => stack.at(-1)?.hidden === true;

  for (const token of tokenizeXml(source, source.startsWith('\uFEFF') ? 1 : 0)) {
    switch (token.kind) {
      case 'doctype': {
        if (rootSeen) {
          throw invalid('a DOCTYPE after the root element starts');
        }
        if (source.slice(token.start, token.end).includes('[')) {
          throw invalid('a DOCTYPE with an internal subset (entity declarations are not accepted)');
        }
        removed.add('DOCTYPE');
        break;
      }
      case 'processing-instruction': {
        if (!/^<\?xml\s/.test(source.slice(token.start, token.end))) {
          removed.add('processing instruction');
        }
        break;
      }
      case 'comment':
        break;
      case 'text':
      case 'cdata': {
        const text = token.kind === 'text' ? decodeXmlText(token.raw) : token.value;
        if (stack.length === 0) {
          if (token.kind === 'cdata' || /[^ \t\r\n]/.test(text)) {
            throw invalid(`content outside the root element at offset ${token.start}`);
          }
          break;
        }
        if (dropped()) {
          break;
        }
        if (style !== undefined) {
          style.css += text;
        } else {
          out.push(escapeText(text));
        }
        break;
      }
      case 'start-tag': {
        if (rootClosed) {
          throw invalid(`a second root element <${token.name}> at offset ${token.start}`);
        }
        if (stack.length >= MAX_SVG_DEPTH) {
          throw invalid(`elements nested deeper than ${MAX_SVG_DEPTH} levels`);
        }
        const declared = enter(token);
        const { prefix, local } = splitName(token.name);
        const namespace = prefix === '' ? lookup('') : lookup(prefix);
        const isSvg = namespace === SVG_NAMESPACE || (namespace === undefined && prefix === '');
        if (!rootSeen) {
          rootSeen = true;
          if (!isSvg || local !== 'svg') {
            throw invalid(`the root element is <${token.name}>, not an SVG <svg>`);
          }
        }
        let outName: string | undefined;
        if (dropped()) {
          outName = undefined;
        } else if (!isSvg || !ELEMENTS.has(local)) {
          removed.add(`element <${isSvg ? local : token.name}>`);
        } else if (style !== undefined) {
          removed.add(`element <${local}> inside <style>`);
        } else {
          outName = local;
        }
        const open: Open = { rawName: token.name, outName, hidden: outName === undefined, declared };
        if (outName === 'style') {
          if (!token.selfClosing) {
            style = { css: '', at: out.length };
            out.push(''); // filled in when the element closes
          }
        } else if (outName !== undefined) {
          const attributes = sanitizeAttributes(token, outName, lookup, removed);
          const head = stack.length === 0 ? ` xmlns="${SVG_NAMESPACE}" xmlns:xlink="${XLINK_NAMESPACE}"` : '';
          out.push(`<${outName}${head}${attributes}${token.selfClosing ? '/>' : '>'}`);
        }
        if (token.selfClosing) {
          leave(declared);
          if (stack.length === 0) {
            rootClosed = true;
          }
        } else {
          stack.push(open);
        }
        break;
      }
      case 'end-tag': {
        const open = stack.pop();
        if (open === undefined || open.rawName !== token.name) {
          throw invalid(
            `</${token.name}> at offset ${token.start} closes ${open ? `<${open.rawName}>` : 'nothing'}`,
          );
        }
        leave(open.declared);
        if (open.outName === 'style' && style !== undefined) {
          const result = sanitizeStylesheet(style.css);
          for (const item of result.removed) {
            removed.add(item);
          }
          out[style.at] = result.css === '' ? '' : `<style>${escapeText(result.css)}</style>`;
          style = undefined;
        } else if (open.outName !== undefined) {
          out.push(`</${open.outName}>`);
        }
        if (stack.length === 0) {
          rootClosed = true;
        }
        break;
      }
    }
  }
  if (!rootSeen) {
    throw invalid('there is no <svg> element');
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    throw invalid(`<${unclosed.rawName}> is never closed (truncated?)`);
  }
  return { svg: out.join(''), removed: [...removed] };
}

function sanitizeAttributes(
  tag: StartTag,
  element: string,
  lookup: (prefix: string) => string | undefined,
  removed: Set<string>,
): string {
  const kept: string[] = [];
  let href: { value: string; plain: boolean } | undefined;
  for (const attribute of tag.attributes) {
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
      continue; // namespaces are written afresh on the root
    }
    const { prefix, local } = splitName(attribute.name);
    const value = decodeXmlAttribute(attribute.value);
    const namespace = prefix === '' ? undefined : lookup(prefix);
    const where = `on <${element}>`;
    if ((prefix === '' && local === 'href') || (namespace === XLINK_NAMESPACE && local === 'href')) {
      const safe = safeHref(value, element);
      if (safe === undefined) {
        removed.add(`${attribute.name} ${where} pointing outside the image`);
      } else if (href === undefined || prefix === '') {
        // SVG 2: a plain href wins over xlink:href.
        href = { value: safe, plain: prefix === '' };
      }
      continue;
    }
    if (namespace === XML_NAMESPACE && (local === 'space' || local === 'lang') && /^[\w-]*$/.test(value)) {
      kept.push(` xml:${local}="${escapeAttribute(value)}"`);
      continue;
    }
    if (prefix !== '') {
      removed.add(`attribute ${attribute.name} ${where}`);
      continue;
    }
    if (/^on/i.test(local)) {
      removed.add(`event handler ${local} ${where}`);
      continue;
    }
    if (local === 'style') {
      const result = sanitizeStyleAttribute(value);
      for (const item of result.removed) {
        removed.add(item);
      }
      if (result.css !== '') {
        kept.push(` style="${escapeAttribute(result.css)}"`);
      }
      continue;
    }
    if (!ATTRIBUTES.has(local) && !isPresentationAttribute(local)) {
      removed.add(`attribute ${local} ${where}`);
      continue;
    }
    if (!TEXT_ATTRIBUTES.has(local) && !isSafeCssValue(value)) {
      removed.add(`value of ${local} ${where}`);
      continue;
    }
    kept.push(` ${local}="${escapeAttribute(value)}"`);
  }
  if (href !== undefined) {
    kept.push(` xlink:href="${escapeAttribute(href.value)}"`);
  }
  return kept.join('');
}

/** A `#fragment`; on `<image>`/`<feImage>` also a base64 PNG or JPEG `data:` URL. Undefined otherwise. */
function safeHref(value: string, element: string): string | undefined {
  const trimmed = value.trim();
  if (FRAGMENT.test(trimmed)) {
    return trimmed;
  }
  if (IMAGE_ELEMENTS.has(element) && RASTER_DATA_URL.test(trimmed)) {
    return trimmed.replace(/\s+/g, '');
  }
  return undefined;
}

function isPresentationAttribute(name: string): boolean {
  return SAFE_CSS_PROPERTIES.has(name) && name !== 'font' && name !== 'marker' && name !== 'transform-box';
}
