/**
 * The OpenGraph / Twitter card image of a credential (1200 × 630 PNG): the badge on the left; the
 * achievement, the learner, the issuer and the date on the right. Rendered through resvg with the
 * bundled fonts, so names in every supported script show.
 */
import { BADGE_SIZE } from './badge-svg.js';
import { svgFontStack } from './fonts.js';
import { rasterizeSvg } from './rasterize.js';
import { fitFontSize, num, wrapText, xmlText } from './svg-text.js';

export const SOCIAL_WIDTH = 1200;
export const SOCIAL_HEIGHT = 630;

export type SocialImageInput = {
  /**
   * The badge as PNG. (Not as SVG: resvg draws an SVG nested in an image without the bundled fonts, so
   * a badge's text lines would vanish.)
   */
  badgePng: Uint8Array;
  achievementName: string;
  learnerName?: string;
  issuerName: string;
  /** Already formatted, e.g. "28 November 2026". */
  issuedOn: string;
  /** The credential page, shown small at the bottom. */
  url: string;
  colors: { background: string; accent: string };
};

function badgeHref(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}

/** The card as SVG (what `renderSocialImage` rasterizes). */
export function socialImageSvg(input: SocialImageInput): string {
  const stack = xmlText(svgFontStack('sans'));
  const left = 560;
  const width = SOCIAL_WIDTH - left - 70;
  const titleLines = wrapText(input.achievementName, width / 52, 3);
  const titleSize = Math.min(...titleLines.map((line) => fitFontSize(line, width, 60, 30, true)));
  let y = 150;
  const parts: string[] = [];
  parts.push(
    `<text x="${left}" y="${y}" font-family="${stack}" font-size="26" fill="#5B6770" letter-spacing="1">${xmlText(input.issuerName.toUpperCase())}</text>`,
  );
  y += 30;
  for (const line of titleLines) {
    y += titleSize * 1.15;
    parts.push(
      `<text x="${left}" y="${num(y)}" font-family="${stack}" font-size="${titleSize}" font-weight="700" fill="#14202B">${xmlText(line)}</text>`,
    );
  }
  if (input.learnerName) {
    y += 70;
    const size = fitFontSize(`Awarded to ${input.learnerName}`, width, 34, 20);
    parts.push(
      `<text x="${left}" y="${num(y)}" font-family="${stack}" font-size="${size}" fill="#14202B">Awarded to <tspan font-weight="700">${xmlText(input.learnerName)}</tspan></text>`,
    );
  }
  y += 50;
  parts.push(
    `<text x="${left}" y="${num(y)}" font-family="${stack}" font-size="26" fill="#5B6770">${xmlText(input.issuedOn)}</text>`,
  );
  const host = input.url.replace(/^https?:\/\//, '');
  parts.push(
    `<text x="${left}" y="${SOCIAL_HEIGHT - 50}" font-family="${stack}" font-size="20" fill="#5B6770">Verify: ${xmlText(host)}</text>`,
  );
  const badgeSize = 420;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SOCIAL_WIDTH}" height="${SOCIAL_HEIGHT}" viewBox="0 0 ${SOCIAL_WIDTH} ${SOCIAL_HEIGHT}" role="img" aria-label="${xmlText(`${input.achievementName}, issued by ${input.issuerName}`)}">`,
    '<rect width="1200" height="630" fill="#FFFFFF"/>',
    `<rect width="500" height="630" fill="${input.colors.background}"/>`,
    `<rect x="500" width="12" height="630" fill="${input.colors.accent}"/>`,
    `<image x="${250 - badgeSize / 2}" y="${315 - badgeSize / 2}" width="${badgeSize}" height="${badgeSize}" preserveAspectRatio="xMidYMid meet" href="${badgeHref(input.badgePng)}"/>`,
    ...parts,
    '</svg>',
  ].join('');
}

/** The card as PNG bytes. Fails with RENDER_FAILED when resvg cannot render it. */
export async function renderSocialImage(input: SocialImageInput): Promise<Uint8Array> {
  return await rasterizeSvg(socialImageSvg(input));
}

export { BADGE_SIZE };
