/**
 * The design editor's form state, and the API's design objects it comes from and goes back to. The
 * editor starts from the API's `effective` design (every default filled in), so each control shows
 * what is rendered now.
 */
import type { BadgeDesign, CertificateDesign } from '../../api.js';

export const SHAPES = ['circle', 'shield', 'hexagon', 'ribbon', 'square'] as const;
export const ICONS = ['cairn', 'star', 'check', 'trophy', 'book', 'code', 'lightbulb', 'heart'] as const;
export const BADGE_COLORS = ['background', 'border', 'text', 'accent'] as const;
export const CERTIFICATE_COLORS = ['primary', 'accent', 'text', 'background'] as const;

type BadgeColor = (typeof BADGE_COLORS)[number];
type CertificateColor = (typeof CERTIFICATE_COLORS)[number];

export type BadgeDraft = {
  shape: string;
  colors: Record<BadgeColor, string>;
  source: 'icon' | 'image';
  icon: string;
  imageId: string | undefined;
  textLines: [string, string, string];
  altText: string;
};

export type Signature = { name: string; title: string };

export type CertificateDraft = {
  layout: 'certificate' | 'diploma';
  paper: 'A4' | 'Letter';
  font: 'serif' | 'sans';
  colors: Record<CertificateColor, string>;
  title: string;
  logoImageId: string | undefined;
  signatures: [Signature, Signature, Signature];
  showBadge: boolean;
};

export const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;

// The server's `effective` design always names every colour; these only stand in should one be missing.
const BADGE_DEFAULTS: Record<BadgeColor, string> = {
  background: '#1F4E79',
  border: '#C9A227',
  text: '#FFFFFF',
  accent: '#F2D06B',
};
const CERTIFICATE_DEFAULTS: Record<CertificateColor, string> = {
  primary: '#1F4E79',
  accent: '#C9A227',
  text: '#1A1A1A',
  background: '#FFFFFF',
};

/** `effective` (every default filled in) for the looks, `altText` from what was saved. */
export function badgeDraft(design: BadgeDesign, altText = ''): BadgeDraft {
  const lines = design.textLines ?? [];
  return {
    shape: design.shape ?? 'circle',
    colors: { ...BADGE_DEFAULTS, ...design.colors },
    source: design.imageId ? 'image' : 'icon',
    icon: design.icon ?? 'cairn',
    imageId: design.imageId,
    textLines: [lines[0] ?? '', lines[1] ?? '', lines[2] ?? ''],
    altText,
  };
}

export function certificateDraft(design: CertificateDesign): CertificateDraft {
  const signature = (index: number): Signature => ({
    name: design.signatures?.[index]?.name ?? '',
    title: design.signatures?.[index]?.title ?? '',
  });
  return {
    layout: design.layout ?? 'certificate',
    paper: design.paper ?? 'A4',
    font: design.font ?? 'serif',
    colors: { ...CERTIFICATE_DEFAULTS, ...design.colors },
    title: design.title ?? '',
    logoImageId: design.logoImageId,
    signatures: [signature(0), signature(1), signature(2)],
    showBadge: design.showBadge ?? true,
  };
}

/** The badge as the API takes it; undefined while a colour is not #RRGGBB (nothing to render yet). */
export function badgeBody(draft: BadgeDraft): BadgeDesign | undefined {
  if (!Object.values(draft.colors).every((color) => COLOR_PATTERN.test(color))) {
    return undefined;
  }
  const textLines = draft.textLines.map((line) => line.trim()).filter(Boolean);
  return {
    shape: draft.shape,
    colors: { ...draft.colors },
    ...(draft.source === 'image' && draft.imageId ? { imageId: draft.imageId } : { icon: draft.icon }),
    ...(textLines.length > 0 ? { textLines } : {}),
    ...(draft.altText.trim() ? { altText: draft.altText.trim() } : {}),
  };
}

export function certificateBody(draft: CertificateDraft): CertificateDesign | undefined {
  if (!Object.values(draft.colors).every((color) => COLOR_PATTERN.test(color))) {
    return undefined;
  }
  const signatures = draft.signatures
    .filter((signature) => signature.name.trim())
    .map((signature) => ({
      name: signature.name.trim(),
      ...(signature.title.trim() ? { title: signature.title.trim() } : {}),
    }));
  return {
    layout: draft.layout,
    paper: draft.paper,
    font: draft.font,
    colors: { ...draft.colors },
    ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
    ...(draft.logoImageId ? { logoImageId: draft.logoImageId } : {}),
    signatures,
    showBadge: draft.showBadge,
  };
}
