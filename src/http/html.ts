/** Server-rendered HTML for public pages: every user-supplied string goes through `escapeHtml`. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ESCAPES[character] as string);
}

export type PageMeta = {
  title: string;
  description: string;
  url: string;
  image?: string;
  /** A machine-readable alternate, e.g. the credential's JSON. */
  alternate?: { type: string; href: string };
};

/** A complete HTML document; `body` must already be escaped HTML. */
export function renderPage(meta: PageMeta, body: string, options: { lang?: string } = {}): string {
  const tags = [
    `<meta property="og:title" content="${escapeHtml(meta.title)}">`,
    `<meta property="og:description" content="${escapeHtml(meta.description)}">`,
    `<meta property="og:url" content="${escapeHtml(meta.url)}">`,
    '<meta property="og:type" content="website">',
    `<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${escapeHtml(meta.title)}">`,
    `<meta name="twitter:description" content="${escapeHtml(meta.description)}">`,
    ...(meta.image
      ? [
          `<meta property="og:image" content="${escapeHtml(meta.image)}">`,
          `<meta name="twitter:image" content="${escapeHtml(meta.image)}">`,
        ]
      : []),
    `<link rel="canonical" href="${escapeHtml(meta.url)}">`,
    ...(meta.alternate
      ? [
          `<link rel="alternate" type="${escapeHtml(meta.alternate.type)}" href="${escapeHtml(meta.alternate.href)}">`,
        ]
      : []),
  ];
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<meta name="description" content="${escapeHtml(meta.description)}">
${tags.join('\n')}
</head>
<body>
${body}
</body>
</html>
`;
}
