import { AppError } from '../../errors.js';
import { BAKING_NAMES } from './constants.js';
import { checkCredentialToBake, readOb2Text, readOb3Text } from './credential-text.js';
import { type BakedSvgElement, readSvgDocument } from './svg-document.js';
import type { BakeOptions, ExtractedCredential } from './types.js';
import {
  decodeXmlAttribute,
  decodeXmlText,
  escapeXmlAttribute,
  hasNonXmlChar,
  normalizeLineEnds,
  wrapInCdata,
} from './xml-text.js';

const { OB3_SVG_NAMESPACE, OB3_SVG_ELEMENT, SVG_PREFIX } = BAKING_NAMES;
const NAMESPACE_ATTRIBUTE = `xmlns:${SVG_PREFIX}`;

type Edit = { start: number; end: number; text: string };

function applyEdits(source: string, edits: Edit[]): string {
  // Edits never overlap; at the same offset an insertion (start === end) goes before a removal.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let at = 0;
  for (const edit of sorted) {
    result += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + source.slice(at);
}

/**
 * Bakes an OB 3.0 credential into an SVG: binds `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
 * on the root `<svg>` and puts `<openbadges:credential>` directly after its start tag. JSON goes in the
 * element's body as CDATA (a `]]>` inside is split across sections); a compact JWS goes in its `verify`
 * attribute and the element is left empty. The rest of the document is copied unchanged.
 *
 * Fails with `IMAGE_INVALID` when `svg` is not a well-formed SVG document (see `readSvgDocument`);
 * `IMAGE_ALREADY_BAKED` when it already carries an OB 3.0 `credential` or OB 2.0 `assertion` element and
 * `overwrite` is not set (with `overwrite`, every such element is removed first);
 * `INVALID_INPUT` when the root binds `openbadges` to another namespace that the document still uses, or
 * the credential holds characters XML cannot carry; `INVALID_JSON` / `INVALID_INPUT` when `credential` is
 * neither JSON text nor a compact JWS.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#svg-baking
 * @example
 * const baked = bakeSvg(svgText, compactJws);
 */
export function bakeSvg(svg: string, credential: string, options: BakeOptions = {}): string {
  const kind = checkCredentialToBake(credential);
  if (hasNonXmlChar(credential)) {
    throw new AppError('INVALID_INPUT', 'The credential holds a character that XML cannot carry');
  }
  const { root, baked, rootPrefixUses } = readSvgDocument(svg);
  if (baked.length > 0 && options.overwrite !== true) {
    throw new AppError(
      'IMAGE_ALREADY_BAKED',
      'The SVG already carries a credential; bake with overwrite to replace it',
    );
  }
  const edits: Edit[] = baked.map((element) => ({ start: element.start, end: element.end, text: '' }));

  const binding = root.attributes.find((attribute) => attribute.name === NAMESPACE_ATTRIBUTE);
  if (binding === undefined) {
    const text = ` ${NAMESPACE_ATTRIBUTE}="${OB3_SVG_NAMESPACE}"`;
    edits.push({ start: root.attributesEnd, end: root.attributesEnd, text });
  } else if (binding.value !== OB3_SVG_NAMESPACE) {
    // Typically an OB 2.0 image being overwritten: rebind the prefix if nothing else still relies on it.
    if (rootPrefixUses.some((at) => !baked.some((element) => at >= element.start && at < element.end))) {
      throw new AppError(
        'INVALID_INPUT',
        `The SVG already uses the prefix "${SVG_PREFIX}" for another namespace`,
      );
    }
    edits.push({
      start: binding.start,
      end: binding.end,
      text: `${NAMESPACE_ATTRIBUTE}="${OB3_SVG_NAMESPACE}"`,
    });
  }

  const name = `${SVG_PREFIX}:${OB3_SVG_ELEMENT}`;
  const element =
    kind === 'jwt'
      ? `<${name} verify="${escapeXmlAttribute(credential.trim())}"></${name}>`
      : `<${name}>${wrapInCdata(credential)}</${name}>`;
  if (root.selfClosing) {
    // <svg .../> becomes <svg ...><openbadges:credential …/></svg>
    edits.push({ start: root.end - 2, end: root.end, text: `>${element}</${root.name}>` });
  } else {
    edits.push({ start: root.end, end: root.end, text: element });
  }
  return applyEdits(svg, edits);
}

function bodyText(element: BakedSvgElement): string {
  return element.content
    .map((piece) => (piece.kind === 'cdata' ? normalizeLineEnds(piece.value) : decodeXmlText(piece.value)))
    .join('');
}

/**
 * Extracts the first credential baked into an SVG: the first OB 3.0 `credential` element (namespace
 * `https://purl.imsglobal.org/ob/v3p0`, any prefix) or OB 2.0 `assertion` element (namespace
 * `http://openbadges.org`), whichever comes first. A non-empty body (CDATA and text, references decoded)
 * is the credential (JSON); otherwise the `verify` attribute is (OB 3.0: a compact JWS; OB 2.0: a JWS or
 * the hosted assertion's URL). The whole document is checked first.
 *
 * Fails with `IMAGE_INVALID` when `svg` is not a well-formed SVG document (see `readSvgDocument`), or the
 * first element's content is not a credential or uses an unknown entity; `IMAGE_NO_CREDENTIAL` when
 * there is no such element, or it is empty.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#svg-baking
 * @example
 * const { obVersion, kind, text } = extractFromSvg(svgText);
 */
export function extractFromSvg(svg: string): ExtractedCredential {
  const [element] = readSvgDocument(svg).baked;
  if (element === undefined) {
    throw new AppError('IMAGE_NO_CREDENTIAL', 'The SVG has no OB 3.0 credential or OB 2.0 assertion element');
  }
  const read = element.obVersion === '3.0' ? readOb3Text : readOb2Text;
  const tag = element.obVersion === '3.0' ? '<credential> element' : '<assertion> element';
  const body = bodyText(element);
  if (body.trim() !== '' || element.verify === undefined) {
    return read(body, `body of the ${tag}`);
  }
  return read(decodeXmlAttribute(element.verify), `verify attribute of the ${tag}`);
}
