// Minimal typings for the parts of `fontkit` 2 (no bundled types) Cairn uses: pdf-lib drives the rest.
declare module 'fontkit' {
  export type Glyph = { id: number; codePoints: number[]; advanceWidth: number };
  export type GlyphRun = { glyphs: Glyph[]; positions: { xAdvance: number }[] };
  export type Subset = { includeGlyph(glyph: number | Glyph): number; encode(): Uint8Array; cff?: unknown };
  export type Font = {
    postscriptName: string;
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun;
    createSubset(): Subset;
  };
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
