/**
 * A strict allow-list sanitizer for uploaded SVG images: the output is rebuilt from scratch, element by
 * element, keeping only drawing elements and presentation attributes. What it removes:
 *
 * - links (`<a>`: the element goes, the shapes inside stay), scripts, `<foreignObject>` (HTML inside SVG), `<style>` (CSS can `@import` and `url()` anything),
 *   animation elements (they can set `href` to `javascript:`), any prefixed element (an Open Badges
 *   credential baked into the upload, RDF metadata), comments, processing instructions and the DOCTYPE
 *   (entity declarations);
 * - every event handler (`on*`) and every attribute not on the list;
 * - every reference that leaves the document: `href` other than `#fragment` (or, on `<image>`, a
 *   base64 PNG/JPEG/GIF/WebP data URL), and `url(…)` other than `url(#fragment)` in any attribute.
 *
 * Fails with IMAGE_INVALID when the input is not well-formed XML or its root is not `<svg>`.
 */
import { decodeXmlAttribute, decodeXmlText, escapeXmlAttribute } from '../core/baking/xml-text.js';
import { tokenizeXml } from '../core/baking/xml-tokenizer.js';
import { AppError } from '../errors.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'symbol',
  'use',
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
  'image',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'pattern',
  'marker',
  'filter',
  'feGaussianBlur',
  'feOffset',
  'feBlend',
  'feColorMatrix',
  'feFlood',
  'feComposite',
  'feMerge',
  'feMergeNode',
  'feDropShadow',
]);

/** Elements dropped while their content is kept: a link's shapes are drawn, the link is not. */
const UNWRAPPED = new Set(['a']);

const ATTRIBUTES = new Set([
  'id',
  'class',
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
  'width',
  'height',
  'd',
  'points',
  'transform',
  'viewBox',
  'preserveAspectRatio',
  'version',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'opacity',
  'color',
  'clip-path',
  'clip-rule',
  'clipPathUnits',
  'mask',
  'maskUnits',
  'maskContentUnits',
  'filter',
  'filterUnits',
  'primitiveUnits',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'word-spacing',
  'textLength',
  'lengthAdjust',
  'rotate',
  'startOffset',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'marker-start',
  'marker-mid',
  'marker-end',
  'stdDeviation',
  'in',
  'in2',
  'result',
  'mode',
  'type',
  'values',
  'operator',
  'k1',
  'k2',
  'k3',
  'k4',
  'flood-color',
  'flood-opacity',
  'visibility',
  'display',
  'paint-order',
  'vector-effect',
  'shape-rendering',
  'image-rendering',
  'href',
  'xlink:href',
  'xml:space',
]);

const SAFE_IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/\s]*={0,2}$/;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whether every `url(…)` in a value points inside the document. */
function onlyLocalUrls(value: string): boolean {
  for (const match of value.matchAll(/url\s*\(\s*(['"]?)([^)'"]*)\1\s*\)/gi)) {
    if (!(match[2] ?? '').trim().startsWith('#')) {
      return false;
    }
  }
  // A `url(` the pattern above did not understand is refused too.
  const count = (value.match(/url\s*\(/gi) ?? []).length;
  return count === [...value.matchAll(/url\s*\(\s*(['"]?)([^)'"]*)\1\s*\)/gi)].length;
}

function keepAttribute(element: string, name: string, value: string): boolean {
  if (!ATTRIBUTES.has(name)) {
    return false;
  }
  if (/javascript:|vbscript:|data:text|expression\s*\(|@import/i.test(value)) {
    return false;
  }
  if (name === 'href' || name === 'xlink:href') {
    const target = value.trim();
    return target.startsWith('#') || (element === 'image' && SAFE_IMAGE_DATA.test(target));
  }
  return onlyLocalUrls(value);
}

/**
 * Returns a safe SVG document built from the allowed parts of `svg` (see the module comment).
 *
 * @example
 * sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>…</script><circle r="4"/></svg>');
 * // '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
 */
export function sanitizeSvg(svg: string): string {
  let out = '';
  /** How deep inside a dropped element we are (its whole subtree goes). */
  let skipping = 0;
  const open: string[] = [];
  let sawRoot = false;
  for (const token of tokenizeXml(svg.replace(/^\uFEFF/, ''))) {
    if (token.kind === 'start-tag') {
      if (skipping > 0) {
        if (!token.selfClosing) {
          skipping++;
        }
        continue;
      }
      const name = token.name;
      if (!sawRoot && name !== 'svg') {
        throw new AppError('IMAGE_INVALID', 'The SVG does not start with an <svg> element');
      }
      if (sawRoot && open.length === 0) {
        // Anything after the root element is not part of the image.
        break;
      }
      sawRoot = true;
      if (UNWRAPPED.has(name) && open.length > 0) {
        if (!token.selfClosing) {
          open.push(`#${name}`);
        }
        continue;
      }
      if (!ELEMENTS.has(name)) {
        if (!token.selfClosing) {
          skipping = 1;
        }
        continue;
      }
      const attributes: string[] = [];
      if (open.length === 0) {
        attributes.push(`xmlns="${SVG_NAMESPACE}"`);
      }
      for (const attribute of token.attributes) {
        const value = decodeXmlAttribute(attribute.value);
        if (keepAttribute(name, attribute.name, value)) {
          // xlink:href becomes href (SVG 2), so no xlink namespace declaration is needed.
          const outName = attribute.name === 'xlink:href' ? 'href' : attribute.name;
          if (outName === 'href' && attributes.some((entry) => entry.startsWith('href='))) {
            continue;
          }
          attributes.push(`${outName}="${escapeXmlAttribute(value)}"`);
        }
      }
      const tag = `<${name}${attributes.length ? ` ${attributes.join(' ')}` : ''}`;
      if (token.selfClosing) {
        out += `${tag}/>`;
        if (open.length === 0) {
          break;
        }
      } else {
        out += `${tag}>`;
        open.push(name);
      }
    } else if (token.kind === 'end-tag') {
      if (skipping > 0) {
        skipping--;
        continue;
      }
      const name = open.pop();
      if (name === `#${token.name}`) {
        continue;
      }
      if (name === undefined || name !== token.name) {
        throw new AppError('IMAGE_INVALID', `The SVG is not well-formed: unexpected </${token.name}>`);
      }
      out += `</${name}>`;
      if (open.length === 0) {
        break;
      }
    } else if ((token.kind === 'text' || token.kind === 'cdata') && skipping === 0 && open.length > 0) {
      const text = token.kind === 'text' ? decodeXmlText(token.raw) : token.value;
      out += escapeText(text);
    }
  }
  if (!sawRoot) {
    throw new AppError('IMAGE_INVALID', 'The file has no <svg> element');
  }
  if (open.length > 0 || skipping > 0) {
    throw new AppError('IMAGE_INVALID', 'The SVG is not well-formed: it ends inside an element');
  }
  return out;
}
