/** Server-rendered HTML for public pages: every user-supplied string goes through `escapeHtml`. */

import { escapeHtml } from '../core/encoding/html.js';

export { escapeHtml };

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the line separators escaped, so
 * no string inside can close the element or start a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export type PageMeta = {
  title: string;
  description: string;
  url: string;
  image?: string;
  /** Alternative text of `image`, for cards that show it. */
  imageAlt?: string;
  /** A machine-readable alternate, e.g. the credential's JSON (JSON-LD). */
  alternate?: { type: string; href: string };
  /** og:type; default `website`. */
  type?: string;
};

export type PageAssets = {
  /** Stylesheets to link. */
  styles: string[];
  /** The module script that hydrates the page. */
  script?: string;
  /** Chunks the script imports, preloaded. */
  preload: string[];
};

const NO_ASSETS: PageAssets = { styles: [], preload: [] };

/** A complete HTML document; `body` must already be escaped HTML. */
export function renderPage(
  meta: PageMeta,
  body: string,
  options: { lang?: string; assets?: PageAssets; head?: string } = {},
): string {
  const assets = options.assets ?? NO_ASSETS;
  const tags = [
    '<meta property="og:site_name" content="Cairn">',
    `<meta property="og:title" content="${escapeHtml(meta.title)}">`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}">`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}">`,
    `<meta property="og:type" content="${escapeHtml(meta.type ?? 'website')}">`,
    `<meta property="og:locale" content="${escapeHtml(options.lang === 'es' ? 'es_ES' : 'en_US')}">`,
    `<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${escapeHtml(meta.title)}">`,
    `<meta name="twitter:description" content="${escapeHtml(meta.description)}">`,
    ...(meta.image
      ? [
          `<meta property="og:image" content="${escapeHtml(meta.image)}">`,
          `<meta name="twitter:image" content="${escapeHtml(meta.image)}">`,
          ...(meta.imageAlt
            ? [
                `<meta property="og:image:alt" content="${escapeHtml(meta.imageAlt)}">`,
                `<meta name="twitter:image:alt" content="${escapeHtml(meta.imageAlt)}">`,
              ]
            : []),
        ]
      : []),
    `<link rel="canonical" href="${escapeHtml(meta.url)}">`,
    ...(meta.alternate
      ? [
          `<link rel="alternate" type="${escapeHtml(meta.alternate.type)}" href="${escapeHtml(meta.alternate.href)}">`,
        ]
      : []),
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
    ...assets.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...assets.preload.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
    ...(assets.script ? [`<script type="module" src="${escapeHtml(assets.script)}"></script>`] : []),
  ];
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<meta name="description" content="${escapeHtml(meta.description)}">
${tags.join('\n')}
${options.head ?? ''}
</head>
<body>
${body}
</body>
</html>
`;
}
