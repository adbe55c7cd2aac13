/**
 * The HTML snippet a learner pastes into a web page to show a credential: the badge image, with alt
 * text, linking to the credential's page. Every value is escaped.
 */
import { escapeHtml as escapeAttribute } from '../core/encoding/html.js';

export type EmbedInput = {
  /** The credential's public page. */
  pageUrl: string;
  /** The badge image (PNG) URL. */
  imageUrl: string;
  achievementName: string;
  issuerName: string;
  /** Displayed size in CSS pixels (default 150). */
  size?: number;
};

/** The embed snippet. */
export function embedHtml(input: EmbedInput): string {
  const size = input.size ?? 150;
  const alt = `${input.achievementName}, issued by ${input.issuerName}`;
  return `<a href="${escapeAttribute(input.pageUrl)}" target="_blank" rel="noopener" title="${escapeAttribute(`Verify: ${alt}`)}"><img src="${escapeAttribute(input.imageUrl)}" alt="${escapeAttribute(alt)}" width="${size}" height="${size}" style="border:0"></a>`;
}
