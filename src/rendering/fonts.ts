/**
 * The fonts every rendering uses, bundled from npm packages (Google's Noto families as TTF files), never
 * the system's: a badge or certificate looks the same on every server, and a name in any of the scripts
 * Cairn supports (Latin, Greek, Cyrillic, CJK, Arabic) has glyphs.
 *
 * Files are read once, on first use, and kept in memory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type FontFamily = 'sans' | 'serif' | 'arabic' | 'cjk';
export type FontWeight = 'regular' | 'bold';

/** The family name each file declares (what SVG `font-family` names). */
export const FONT_FAMILY_NAMES: Record<FontFamily, string> = {
  sans: 'Noto Sans',
  serif: 'Noto Serif',
  arabic: 'Noto Sans Arabic',
  cjk: 'Noto Sans SC',
};

const FILES: Record<FontFamily, Record<FontWeight, string>> = {
  sans: {
    regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  },
  serif: {
    regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
    bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  },
  arabic: {
    regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  },
  cjk: {
    regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  },
};

const cache = new Map<string, Uint8Array>();

/** The path of a bundled font file. */
export function fontPath(family: FontFamily, weight: FontWeight): string {
  return require.resolve(FILES[family][weight]);
}

/** The bytes of a bundled font file (TTF), read once. */
export function fontBytes(family: FontFamily, weight: FontWeight): Uint8Array {
  const path = fontPath(family, weight);
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(path));
    cache.set(path, bytes);
  }
  return bytes;
}

/** Arabic script blocks (Arabic, Supplement, Extended-A, Presentation Forms A and B). */
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u;
/** CJK ideographs, kana, Hangul, CJK punctuation and full-width forms. */
const CJK =
  /[\u1100-\u11FF\u2E80-\u2FDF\u3000-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]|[\u{20000}-\u{2FA1F}]/u;

/** The fallback families a text needs besides the primary one, for SVG rendering. */
export function fallbackFamiliesFor(text: string): FontFamily[] {
  const families: FontFamily[] = [];
  if (ARABIC.test(text)) {
    families.push('arabic');
  }
  if (CJK.test(text)) {
    families.push('cjk');
  }
  return families;
}

/** A CSS/SVG font-family list: the primary family, then the fallbacks for other scripts. */
export function svgFontStack(primary: 'sans' | 'serif' = 'sans'): string {
  return [FONT_FAMILY_NAMES[primary], FONT_FAMILY_NAMES.arabic, FONT_FAMILY_NAMES.cjk]
    .map((name) => `'${name}'`)
    .concat(primary === 'serif' ? ['serif'] : ['sans-serif'])
    .join(', ');
}
