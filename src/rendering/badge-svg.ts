/**
 * The badge designer: a badge design (shape, colours, an icon or an image, up to three text lines) as an
 * SVG document. Deterministic (the same design gives the same bytes), every text escaped, and the image
 * described for screen readers (`<title>` and `<desc>`: the achievement's name and description).
 *
 * An uploaded image is only ever included as a data URL in an `<image>` element: rasters as they are, an
 * SVG after `sanitizeSvg`. Browsers never run scripts or load resources in an SVG shown through
 * `<image>`, and the sanitizer has already removed them.
 */

import { sanitizeSvg } from '../core/images/sanitize-svg.js';
import type { BadgeDesign, BadgeIcon, BadgeShape } from './design.js';
import { svgFontStack } from './fonts.js';
import { fitFontSize, num, xmlText } from './svg-text.js';

/** The side of a badge in SVG user units, and of its PNG in pixels. */
export const BADGE_SIZE = 600;

/** An image to put in the badge: bytes and their media type (image/png, image/jpeg or image/svg+xml). */
export type BadgeImage = { mediaType: string; bytes: Uint8Array };

export type BadgeSvgInput = {
  design: BadgeDesign;
  /** The uploaded image the design uses, already loaded. */
  image?: BadgeImage;
  /** Alt text: the achievement's name ... */
  title: string;
  /** ... and its description. */
  description?: string;
};

function shapeOutline(shape: BadgeShape): string {
  switch (shape) {
    case 'circle':
      return '<circle cx="300" cy="300" r="284"/>';
    case 'shield':
      return '<path d="M300 22 L548 92 V292 C548 452 440 536 300 580 C160 536 52 452 52 292 V92 Z"/>';
    case 'hexagon':
      return '<path d="M300 18 L544 159 V441 L300 582 L56 441 V159 Z"/>';
    case 'ribbon':
      return '<circle cx="300" cy="262" r="236"/>';
    case 'square':
      return '<rect x="26" y="26" width="548" height="548" rx="64"/>';
  }
}

function innerOutline(shape: BadgeShape): string {
  switch (shape) {
    case 'circle':
      return '<circle cx="300" cy="300" r="252"/>';
    case 'shield':
      return '<path d="M300 54 L518 116 V292 C518 434 424 508 300 548 C176 508 82 434 82 292 V116 Z"/>';
    case 'hexagon':
      return '<path d="M300 52 L514 176 V424 L300 548 L86 424 V176 Z"/>';
    case 'ribbon':
      return '<circle cx="300" cy="262" r="206"/>';
    case 'square':
      return '<rect x="56" y="56" width="488" height="488" rx="44"/>';
  }
}

/** Ribbon tails, drawn behind the ribbon badge's disc. */
const RIBBON_TAILS =
  '<path d="M196 420 L132 584 L200 556 L236 598 L286 470 Z"/><path d="M404 420 L468 584 L400 556 L364 598 L314 470 Z"/>';

/** Built-in icons on a 100 × 100 grid; `currentColor` is the accent colour. */
const ICONS: Record<BadgeIcon, string> = {
  star: '<path fill="currentColor" d="M50 6 L62.9 34.2 L93.8 37.6 L70.8 58.4 L77.1 88.8 L50 73.4 L22.9 88.8 L29.2 58.4 L6.2 37.6 L37.1 34.2 Z"/>',
  check:
    '<circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="8"/><path d="M27 52 L44 69 L75 34" fill="none" stroke="currentColor" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>',
  trophy:
    '<path fill="currentColor" d="M28 10 H72 V40 C72 56 62 64 54 66 V76 H66 V88 H34 V76 H46 V66 C38 64 28 56 28 40 Z"/><path d="M28 18 H14 V30 C14 40 22 46 30 46 M72 18 H86 V30 C86 40 78 46 70 46" fill="none" stroke="currentColor" stroke-width="6"/>',
  book: '<path fill="currentColor" d="M8 20 C24 14 38 16 48 24 V88 C38 80 24 78 8 84 Z M92 20 C76 14 62 16 52 24 V88 C62 80 76 78 92 84 Z"/>',
  cairn:
    '<ellipse cx="50" cy="84" rx="40" ry="11" fill="currentColor"/><ellipse cx="50" cy="62" rx="30" ry="10" fill="currentColor"/><ellipse cx="50" cy="42" rx="21" ry="9" fill="currentColor"/><ellipse cx="50" cy="24" rx="13" ry="8" fill="currentColor"/>',
  code: '<path d="M32 24 L8 50 L32 76 M68 24 L92 50 L68 76 M58 14 L42 86" fill="none" stroke="currentColor" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>',
  lightbulb:
    '<path fill="currentColor" d="M50 6 C30 6 18 22 18 38 C18 52 28 60 34 68 V76 H66 V68 C72 60 82 52 82 38 C82 22 70 6 50 6 Z"/><rect x="36" y="80" width="28" height="6" rx="3" fill="currentColor"/><rect x="40" y="90" width="20" height="6" rx="3" fill="currentColor"/>',
  heart:
    '<path fill="currentColor" d="M50 88 C20 66 6 50 6 32 C6 18 17 8 30 8 C39 8 46 13 50 20 C54 13 61 8 70 8 C83 8 94 18 94 32 C94 50 80 66 50 88 Z"/>',
};

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The image as a data URL safe to embed: PNG and JPEG as they are, SVG sanitized. Undefined for any
 * other type. Throws IMAGE_INVALID for an SVG that is not well-formed.
 */
export function safeImageDataUrl(image: BadgeImage): string | undefined {
  const type = image.mediaType.split(';')[0]?.trim().toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') {
    return `data:${type};base64,${base64(image.bytes)}`;
  }
  if (type === 'image/svg+xml') {
    const clean = sanitizeSvg(new TextDecoder().decode(image.bytes)).svg;
    return `data:image/svg+xml;base64,${base64(new TextEncoder().encode(clean))}`;
  }
  return undefined;
}

/** Decodes a `data:image/…;base64,` URL into an image. Undefined when it is not one. */
export function imageFromDataUrl(url: string): BadgeImage | undefined {
  const match = /^data:(image\/(?:png|jpeg|svg\+xml));base64,([A-Za-z0-9+/=\s]*)$/.exec(url);
  if (!match) {
    return undefined;
  }
  return { mediaType: match[1] as string, bytes: new Uint8Array(Buffer.from(match[2] as string, 'base64')) };
}

/** Where the picture goes: centred, larger when there is no text. */
function pictureBox(shape: BadgeShape, lines: number): { x: number; y: number; size: number } {
  const centerY = shape === 'ribbon' ? 262 : 300;
  if (lines === 0) {
    const size = shape === 'ribbon' ? 280 : 320;
    return { x: 300 - size / 2, y: centerY - size / 2, size };
  }
  const size = shape === 'ribbon' ? 170 : 200;
  const top = shape === 'ribbon' ? 90 : shape === 'shield' ? 110 : 100;
  return { x: 300 - size / 2, y: top, size };
}

function textBlock(design: BadgeDesign): string {
  const lines = design.textLines.slice(0, 3);
  if (lines.length === 0) {
    return '';
  }
  const ribbon = design.shape === 'ribbon';
  const firstY = ribbon ? 330 : 380;
  const width = design.shape === 'shield' ? 340 : ribbon ? 330 : 400;
  const stack = xmlText(svgFontStack('sans'));
  let y = firstY;
  return lines
    .map((line, index) => {
      const bold = index === 0;
      const size = fitFontSize(line, width, bold ? 48 : 34, 16, bold);
      y += index === 0 ? size * 0.8 : size * 1.25;
      return `<text x="300" y="${num(y)}" text-anchor="middle" font-family="${stack}" font-size="${size}"${
        bold ? ' font-weight="700"' : ''
      } fill="${design.colors.text}">${xmlText(line)}</text>`;
    })
    .join('');
}

/**
 * Renders a badge design as a complete SVG document (600 × 600). Throws IMAGE_INVALID when the design's
 * uploaded SVG is not well-formed.
 *
 * @example
 * renderBadgeSvg({ design: badgeDesign({ shape: 'shield', icon: 'star', textLines: ['Rust'] }), title: 'Rust 101' });
 */
export function renderBadgeSvg(input: BadgeSvgInput): string {
  const { design } = input;
  const { colors } = design;
  const box = pictureBox(design.shape, design.textLines.length);
  const imageUrl = input.image ? safeImageDataUrl(input.image) : undefined;
  let picture = '';
  if (imageUrl) {
    picture = `<image x="${num(box.x)}" y="${num(box.y)}" width="${num(box.size)}" height="${num(box.size)}" preserveAspectRatio="xMidYMid meet" href="${imageUrl}"/>`;
  } else {
    const icon = ICONS[design.icon ?? 'cairn'];
    picture = `<g color="${colors.accent}" transform="translate(${num(box.x)} ${num(box.y)}) scale(${num(box.size / 100)})">${icon}</g>`;
  }
  const title = xmlText(input.title);
  const description = xmlText(input.description ?? '');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 ${BADGE_SIZE} ${BADGE_SIZE}" role="img" aria-labelledby="badge-title badge-desc">`,
    `<title id="badge-title">${title}</title>`,
    `<desc id="badge-desc">${description}</desc>`,
    design.shape === 'ribbon' ? `<g fill="${colors.border}">${RIBBON_TAILS}</g>` : '',
    `<g fill="${colors.background}" stroke="${colors.border}" stroke-width="16">${shapeOutline(design.shape)}</g>`,
    `<g fill="none" stroke="${colors.accent}" stroke-width="4" opacity="0.8">${innerOutline(design.shape)}</g>`,
    picture,
    textBlock(design),
    '</svg>',
  ].join('');
}
