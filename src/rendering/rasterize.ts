/**
 * SVG → PNG with resvg (a Rust renderer, off the event loop), using only the bundled fonts: system fonts
 * are never loaded, so the output is the same on every machine.
 *
 * resvg fetches nothing from the network; on top of that every `href` and `url()` is checked to point
 * inside the document or at a data URL before rendering, so no file on the server is ever read through
 * an image reference either.
 */
import { renderAsync } from '@resvg/resvg-js';
import { AppError } from '../errors.js';
import { FONT_FAMILY_NAMES, type FontFamily, fallbackFamiliesFor, fontPath } from './fonts.js';

export type RasterizeOptions = {
  /** Output width in pixels (the height follows the aspect ratio); default: the SVG's own size. */
  width?: number;
  /** A background colour for transparent areas (default: transparent). */
  background?: string;
};

/** Every `href` (or `xlink:href`) and every `url(…)` in an attribute must be local (`#…`) or a data URL. */
function assertNoExternalReferences(svg: string): void {
  const local = (target: string) => target.startsWith('#') || target.startsWith('data:');
  for (const match of svg.matchAll(/([\w:-]+)\s*=\s*(["'])(.*?)\2/gs)) {
    const name = match[1] ?? '';
    const value = (match[3] ?? '').trim();
    const external =
      (/(^|:)href$/.test(name) && !local(value)) ||
      [...value.matchAll(/url\(\s*(['"]?)([^)'"]*)\1\s*\)/g)].some((url) => !local((url[2] ?? '').trim()));
    if (external) {
      throw new AppError('RENDER_FAILED', 'The SVG refers to an external resource');
    }
  }
}

/** The font files a document needs: Latin/Greek/Cyrillic always, Arabic and CJK when it uses them. */
function fontFilesFor(svg: string): string[] {
  const families: FontFamily[] = ['sans', 'serif', ...fallbackFamiliesFor(svg)];
  return families.flatMap((family) => [fontPath(family, 'regular'), fontPath(family, 'bold')]);
}

/**
 * Renders an SVG document to PNG bytes. Fails with RENDER_FAILED when the SVG refers to anything
 * outside itself or resvg cannot render it.
 */
export async function rasterizeSvg(svg: string, options: RasterizeOptions = {}): Promise<Uint8Array> {
  assertNoExternalReferences(svg);
  try {
    const rendered = await renderAsync(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: fontFilesFor(svg),
        defaultFontFamily: FONT_FAMILY_NAMES.sans,
        sansSerifFamily: FONT_FAMILY_NAMES.sans,
        serifFamily: FONT_FAMILY_NAMES.serif,
      },
      ...(options.width ? { fitTo: { mode: 'width' as const, value: options.width } } : {}),
      ...(options.background ? { background: options.background } : {}),
      shapeRendering: 2,
      textRendering: 1,
      logLevel: 'off',
    });
    return new Uint8Array(rendered.asPng());
  } catch (error) {
    throw new AppError('RENDER_FAILED', 'The SVG could not be rendered', { cause: error });
  }
}
