/**
 * Text in PDFs in any of the scripts Cairn supports. A string is split into runs, each drawn with the
 * first font of the stack that has its characters (the document's Latin/Greek/Cyrillic face, then Noto
 * Sans Arabic, then Noto Sans SC); fontkit shapes each run (Arabic joining forms, ligatures) when
 * pdf-lib lays it out. Right-to-left runs are placed right to left when the text starts with a
 * right-to-left letter. Fonts are embedded on first use and subset: only the glyphs used are stored.
 */
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import { fontkit } from './fontkit.js';
import { type FontFamily, type FontWeight, fontBytes } from './fonts.js';

/** The glyph lookup the run splitter needs from a fontkit font. */
type GlyphSource = { hasGlyphForCodePoint(codePoint: number): boolean };

const fontkitFonts = new Map<string, GlyphSource>();

/** A fontkit font for a bundled face, parsed once (for coverage checks). */
export function fontkitFont(family: FontFamily, weight: FontWeight): GlyphSource {
  const key = `${family}/${weight}`;
  let font = fontkitFonts.get(key);
  if (!font) {
    font = fontkit.create(fontBytes(family, weight));
    fontkitFonts.set(key, font);
  }
  return font;
}

export type TextRun = { text: string; family: FontFamily; rtl: boolean };

const NEUTRAL = /[\s\p{P}\p{S}\p{M}\p{Nd}\u200C\u200D]/u;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
const STRONG = /[\p{L}]/u;

/**
 * Splits text into runs by font: each character goes to the first family of `[primary, 'arabic',
 * 'cjk']` with a glyph for it; neutral characters (spaces, punctuation, digits, marks) stay in the
 * current run when its font has them, so "محمد علي" or "山田 太郎" is one run.
 */
export function splitRuns(text: string, primary: 'sans' | 'serif', weight: FontWeight): TextRun[] {
  const stack: FontFamily[] = [primary, 'arabic', 'cjk'];
  const runs: TextRun[] = [];
  let current: TextRun | undefined;
  for (const char of text.normalize('NFC')) {
    const codePoint = char.codePointAt(0) as number;
    let family: FontFamily;
    if (
      current &&
      NEUTRAL.test(char) &&
      fontkitFont(current.family, weight).hasGlyphForCodePoint(codePoint)
    ) {
      family = current.family;
    } else {
      family =
        stack.find((candidate) => fontkitFont(candidate, weight).hasGlyphForCodePoint(codePoint)) ?? primary;
    }
    if (current && current.family === family) {
      current.text += char;
      current.rtl ||= RTL.test(char);
    } else {
      current = { text: char, family, rtl: RTL.test(char) };
      runs.push(current);
    }
  }
  return runs;
}

/** Whether a text's first strong letter is right-to-left (the paragraph direction, UAX #9 P2). */
export function isRtlParagraph(text: string): boolean {
  for (const char of text) {
    if (STRONG.test(char)) {
      return RTL.test(char);
    }
  }
  return false;
}

/** Embeds fonts into one document on first use (subset) and draws multi-script text with them. */
export class PdfTextWriter {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly primary: 'sans' | 'serif',
  ) {}

  font(family: FontFamily, weight: FontWeight): Promise<PDFFont> {
    const key = `${family}/${weight}`;
    let font = this.embedded.get(key);
    if (!font) {
      font = this.doc.embedFont(fontBytes(family, weight), { subset: true });
      this.embedded.set(key, font);
    }
    return font;
  }

  private async measured(text: string, size: number, weight: FontWeight, primary = this.primary) {
    const runs = splitRuns(text, primary, weight);
    const ordered = isRtlParagraph(text) ? [...runs].reverse() : runs;
    const pieces = await Promise.all(
      ordered.map(async (run) => {
        const font = await this.font(run.family, weight);
        return { run, font, width: font.widthOfTextAtSize(run.text, size) };
      }),
    );
    return { pieces, width: pieces.reduce((sum, piece) => sum + piece.width, 0) };
  }

  /** The width of `text` at `size` points. */
  async width(text: string, size: number, weight: FontWeight = 'regular'): Promise<number> {
    return (await this.measured(text, size, weight)).width;
  }

  /** The largest size up to `max` (at least `min`) at which `text` fits in `maxWidth`. */
  async fit(text: string, maxWidth: number, max: number, min: number, weight: FontWeight = 'regular') {
    const width = await this.width(text, max, weight);
    return width <= maxWidth ? max : Math.max(min, Math.floor((max * maxWidth) / width));
  }

  /** Draws `text` with its left edge at x (`align: 'left'`), centred on x, or its right edge at x. */
  async draw(
    page: PDFPage,
    text: string,
    options: {
      x: number;
      y: number;
      size: number;
      color: RGB;
      weight?: FontWeight;
      align?: 'left' | 'center' | 'right';
      primary?: 'sans' | 'serif';
    },
  ): Promise<number> {
    const { pieces, width } = await this.measured(
      text,
      options.size,
      options.weight ?? 'regular',
      options.primary,
    );
    let x = options.x;
    if (options.align === 'center') {
      x -= width / 2;
    } else if (options.align === 'right') {
      x -= width;
    }
    for (const piece of pieces) {
      page.drawText(piece.run.text, {
        x,
        y: options.y,
        size: options.size,
        font: piece.font,
        color: options.color,
      });
      x += piece.width;
    }
    return width;
  }

  /** Breaks text into lines no wider than `maxWidth`, at spaces (or between any CJK characters). */
  async wrap(text: string, size: number, maxWidth: number, maxLines: number, weight: FontWeight = 'regular') {
    const tokens =
      text.match(
        /[\u3000-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]|[^\s\u3000-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]+|\s+/gu,
      ) ?? [];
    const lines: string[] = [];
    let current = '';
    for (const token of tokens) {
      const candidate = current + token;
      if (current.trim() === '' || (await this.width(candidate.trim(), size, weight)) <= maxWidth) {
        current = candidate;
      } else {
        lines.push(current.trim());
        current = token.trimStart();
      }
    }
    if (current.trim()) {
      lines.push(current.trim());
    }
    if (lines.length > maxLines) {
      const kept = lines.slice(0, maxLines);
      kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
      return kept;
    }
    return lines;
  }
}
