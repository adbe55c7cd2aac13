/**
 * The frame of every e-mail Cairn sends: one accessible HTML document with inline styles (mail clients
 * drop style sheets) and the same content as plain text. Everything a template passes in is text, and is
 * escaped here; links are only ever http(s) URLs Cairn made. Accessibility: `lang` on the document, a
 * heading, `role="presentation"` on layout tables, alt text on the badge, and every button followed by
 * its address as a plain link (some clients block buttons; screen readers read links).
 */

import { escapeHtml as escapeText } from '../../core/encoding/html.js';

/** Only http(s) links reach a mail: anything else (javascript:, data:) is dropped. */
function safeUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

export type MailLink = { label: string; url: string };

export type MailContent = {
  locale: string;
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: readonly string[];
  /** The main button (and its address as a plain link below it). */
  action?: MailLink;
  /** Further links, as plain links. */
  links?: readonly MailLink[];
  /** The badge image, with its alt text. */
  image?: { src: string; alt: string };
  /** Small print under a rule. */
  footer: readonly string[];
  /** Non-essential mail only. */
  unsubscribe?: MailLink;
  linkFallback: string;
};

export type RenderedMail = { subject: string; text: string; html: string };

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const LINK_STYLE = 'color:#1d4f45;text-decoration:underline;word-break:break-all';

function htmlLink(link: MailLink): string {
  const url = safeUrl(link.url);
  return url
    ? `<a href="${escapeText(url)}" style="${LINK_STYLE}">${escapeText(link.label)}</a>`
    : escapeText(link.label);
}

function renderHtml(content: MailContent): string {
  const parts: string[] = [];
  const image = content.image && safeUrl(content.image.src);
  if (image && content.image) {
    parts.push(
      `<img src="${escapeText(image)}" alt="${escapeText(content.image.alt)}" width="96" height="96" style="display:block;width:96px;height:96px;margin:0 0 16px;border:0">`,
    );
  }
  parts.push(
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#10201c">${escapeText(content.heading)}</h1>`,
  );
  parts.push(`<p style="margin:0 0 12px">${escapeText(content.greeting)}</p>`);
  for (const paragraph of content.paragraphs) {
    parts.push(`<p style="margin:0 0 12px">${escapeText(paragraph)}</p>`);
  }
  const action = content.action && safeUrl(content.action.url);
  if (action && content.action) {
    parts.push(
      `<p style="margin:24px 0 8px"><a href="${escapeText(action)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1d4f45;color:#ffffff;font-weight:bold;text-decoration:none">${escapeText(content.action.label)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:14px;color:#3e4c49">${escapeText(content.linkFallback)}<br><a href="${escapeText(action)}" style="${LINK_STYLE}">${escapeText(action)}</a></p>`,
    );
  }
  for (const link of content.links ?? []) {
    parts.push(`<p style="margin:0 0 12px">${htmlLink(link)}</p>`);
  }
  const small = [
    ...content.footer.map(escapeText),
    ...(content.unsubscribe ? [htmlLink(content.unsubscribe)] : []),
  ];
  parts.push(
    `<hr style="border:0;border-top:1px solid #d5dcda;margin:24px 0 12px">`,
    ...small.map((line) => `<p style="margin:0 0 6px;font-size:13px;color:#3e4c49">${line}</p>`),
  );
  const lang = escapeText(content.locale);
  return `<!doctype html>
<html lang="${lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeText(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f1ea">
<div role="article" aria-roledescription="email" aria-label="${escapeText(content.subject)}" lang="${lang}" style="${FONT};font-size:16px;line-height:1.5;color:#10201c">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f1ea"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px"><tr><td style="padding:32px">
${parts.join('\n')}
</td></tr></table>
</td></tr></table>
</div>
</body>
</html>
`;
}

function renderText(content: MailContent): string {
  const blocks: string[] = [content.heading, content.greeting, ...content.paragraphs];
  if (content.action) {
    blocks.push(`${content.action.label}:\n${content.action.url}`);
  }
  for (const link of content.links ?? []) {
    blocks.push(`${link.label}:\n${link.url}`);
  }
  blocks.push(
    [
      '--',
      ...content.footer,
      ...(content.unsubscribe ? [`${content.unsubscribe.label}: ${content.unsubscribe.url}`] : []),
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

export function renderMail(content: MailContent): RenderedMail {
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}
