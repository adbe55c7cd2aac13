/**
 * The files a credential is shown and shared as: its badge (PNG and SVG, baked with the signed
 * credential per Open Badges 3.0), its certificate or diploma (PDF with the credential attached) and its
 * social card (PNG). Generated on request from the credential, its achievement's design and its issuer,
 * then kept in an in-process LRU cache under a key that changes whenever any of those change (so a second
 * process simply renders again: nothing here needs sharing).
 */
import { createHash } from 'node:crypto';
import { bakePng, bakeSvg } from '../core/baking/index.js';
import { sanitizeSvg } from '../core/images/sanitize-svg.js';
import { AppError } from '../errors.js';
import {
  type BadgeImage,
  imageFromDataUrl,
  renderBadgeSvg,
  safeImageDataUrl,
} from '../rendering/badge-svg.js';
import { formatDate, renderCertificatePdf } from '../rendering/certificate-pdf.js';
import {
  type BadgeDesign,
  type BadgeDesignInput,
  badgeDesign,
  type CertificateDesign,
  type CertificateDesignInput,
  certificateDesign,
} from '../rendering/design.js';
import { embedHtml } from '../rendering/embed.js';
import { linkedInAddToProfileUrl } from '../rendering/linkedin.js';
import { LruCache } from '../rendering/lru-cache.js';
import { rasterizeSvg } from '../rendering/rasterize.js';
import { renderSocialImage } from '../rendering/social-image.js';
import { xmlText } from '../rendering/svg-text.js';
import { type Achievement, findAchievement } from '../storage/achievements.repository.js';
import type { Credential } from '../storage/credentials.repository.js';
import { type Design, findDesign } from '../storage/designs.repository.js';
import { findImage } from '../storage/images.repository.js';
import { findIssuer, type Issuer } from '../storage/issuers.repository.js';
import { findLearner } from '../storage/learners.repository.js';
import type { AppContext } from './context.js';
import { urls } from './urls.js';

/** Bumped when rendering changes, so cached files and ETags from older code are not reused. */
const RENDERING_VERSION = '1';

export type ArtifactKind = 'png' | 'svg' | 'pdf' | 'og';

export const ARTIFACT_TYPES: Record<ArtifactKind, string> = {
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  pdf: 'application/pdf',
  og: 'image/png',
};

export type Artifact = { bytes: Uint8Array; contentType: string; etag: string; filename: string };

/** Everything a credential's files are made from, loaded once per request. */
export type CredentialSources = {
  row: Credential;
  credential: Record<string, unknown>;
  achievement: Achievement;
  issuer: Issuer;
  design: Design | undefined;
  learnerName: string | undefined;
};

const cache = new LruCache<Uint8Array>(300, 96 * 1024 * 1024);
const inFlight = new Map<string, Promise<Uint8Array>>();

function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return text(value[0]);
  }
  if (typeof value === 'object' && value !== null && '@value' in value) {
    return String((value as { '@value': unknown })['@value']);
  }
  return '';
}

function subjectOf(credential: Record<string, unknown>): Record<string, unknown> {
  const subject = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject[0]
    : credential.credentialSubject;
  return (typeof subject === 'object' && subject !== null ? subject : {}) as Record<string, unknown>;
}

/** The learner's name as the credential states it (an unhashed `identityType: name` identifier). */
export function learnerNameOf(credential: Record<string, unknown>): string | undefined {
  const identifiers = subjectOf(credential).identifier;
  for (const entry of Array.isArray(identifiers) ? identifiers : []) {
    const identity = entry as { identityType?: unknown; identityHash?: unknown; hashed?: unknown };
    if (
      identity.identityType === 'name' &&
      identity.hashed !== true &&
      typeof identity.identityHash === 'string'
    ) {
      return identity.identityHash;
    }
  }
  return undefined;
}

/**
 * Loads what a credential's files are made from. Throws NOT_FOUND when the credential's achievement or
 * issuer is gone (it never is: foreign keys keep them), INTERNAL for a stored document that is not JSON.
 */
export async function loadCredentialSources(ctx: AppContext, row: Credential): Promise<CredentialSources> {
  const [achievement, issuer, design, learner] = await Promise.all([
    findAchievement(ctx.db, row.organization_id, row.achievement_id),
    findIssuer(ctx.db, row.organization_id, row.issuer_id),
    findDesign(ctx.db, row.organization_id, row.achievement_id),
    findLearner(ctx.db, row.organization_id, row.learner_id),
  ]);
  if (!achievement || !issuer) {
    throw new AppError('NOT_FOUND', 'The credential’s achievement or issuer is missing');
  }
  const credential = JSON.parse(row.document) as Record<string, unknown>;
  return {
    row,
    credential,
    achievement,
    issuer,
    design,
    learnerName: learnerNameOf(credential) ?? learner?.name ?? undefined,
  };
}

async function loadImage(ctx: AppContext, organizationId: string, id: string | undefined | null) {
  if (!id) {
    return undefined;
  }
  const image = await findImage(ctx.db, organizationId, id);
  return image
    ? ({ mediaType: image.media_type, bytes: new Uint8Array(image.bytes) } satisfies BadgeImage)
    : undefined;
}

/** The achievement's badge: a design (saved or default), or the image uploaded for the achievement. */
type BadgeSource =
  | { kind: 'design'; design: BadgeDesign; image?: BadgeImage }
  | { kind: 'upload'; image: BadgeImage };

export type BadgeText = { title: string; description: string };

/**
 * Resolves a badge design's image (an uploaded image id of the organization, or a data URL). Throws
 * INVALID_INPUT for an image id the organization does not have.
 */
export async function resolveDesignImage(
  ctx: AppContext,
  organizationId: string,
  design: BadgeDesign,
): Promise<BadgeImage | undefined> {
  if (design.imageDataUrl) {
    return imageFromDataUrl(design.imageDataUrl);
  }
  if (design.imageId) {
    const image = await loadImage(ctx, organizationId, design.imageId);
    if (!image) {
      throw new AppError('INVALID_INPUT', `No image ${design.imageId} in this organization`);
    }
    return image;
  }
  return undefined;
}

async function badgeSource(ctx: AppContext, sources: CredentialSources): Promise<BadgeSource> {
  const saved = sources.design?.badge;
  if (saved) {
    const design = badgeDesign(saved as BadgeDesignInput);
    const image = await resolveDesignImage(ctx, sources.row.organization_id, design).catch(() => undefined);
    return { kind: 'design', design, ...(image ? { image } : {}) };
  }
  const upload = await loadImage(ctx, sources.row.organization_id, sources.achievement.image_id);
  if (upload && safeImageDataUrl(upload)) {
    return { kind: 'upload', image: upload };
  }
  return { kind: 'design', design: badgeDesign({ icon: 'cairn', textLines: [sources.achievement.name] }) };
}

function badgeText(sources: CredentialSources): BadgeText {
  const document = sources.achievement.document as Record<string, unknown>;
  return { title: sources.achievement.name, description: text(document.description) };
}

/** An uploaded raster shown as an SVG document (for the .svg download and the social card). */
function rasterAsSvg(image: BadgeImage, alt: BadgeText): string {
  const href = safeImageDataUrl(image) ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-labelledby="badge-title badge-desc"><title id="badge-title">${xmlText(alt.title)}</title><desc id="badge-desc">${xmlText(alt.description)}</desc><image width="600" height="600" preserveAspectRatio="xMidYMid meet" href="${href}"/></svg>`;
}

/** An uploaded SVG, sanitized, with the alt text added when it has none. */
function uploadedSvg(image: BadgeImage, alt: BadgeText): string {
  const clean = sanitizeSvg(new TextDecoder().decode(image.bytes)).svg;
  if (/<title[\s>]/.test(clean)) {
    return clean;
  }
  return clean.replace(
    /^<svg([^>]*)>/,
    `<svg$1 role="img"><title>${xmlText(alt.title)}</title><desc>${xmlText(alt.description)}</desc>`,
  );
}

async function badgeSvgOf(source: BadgeSource, alt: BadgeText): Promise<string> {
  if (source.kind === 'design') {
    return renderBadgeSvg({
      design: source.design,
      ...(source.image ? { image: source.image } : {}),
      ...alt,
    });
  }
  return source.image.mediaType === 'image/svg+xml'
    ? uploadedSvg(source.image, alt)
    : rasterAsSvg(source.image, alt);
}

async function badgePngOf(source: BadgeSource, alt: BadgeText, width?: number): Promise<Uint8Array> {
  if (source.kind === 'upload' && source.image.mediaType === 'image/png' && width === undefined) {
    return source.image.bytes;
  }
  return await rasterizeSvg(await badgeSvgOf(source, alt), width ? { width } : {});
}

/** The badge of a design, for previews: SVG or PNG, not baked. */
export async function renderBadgePreview(
  ctx: AppContext,
  organizationId: string,
  input: BadgeDesignInput,
  alt: BadgeText,
  format: 'svg' | 'png',
): Promise<Uint8Array> {
  const design = badgeDesign(input);
  const image = await resolveDesignImage(ctx, organizationId, design);
  const svg = renderBadgeSvg({ design, ...(image ? { image } : {}), ...alt });
  return format === 'svg' ? new TextEncoder().encode(svg) : await rasterizeSvg(svg);
}

function certificateDesignOf(sources: CredentialSources): CertificateDesign {
  return certificateDesign(
    (sources.design?.certificate ?? {}) as CertificateDesignInput,
    sources.achievement.achievement_type,
  );
}

/** A logo as PNG or JPEG for the PDF (an SVG logo is sanitized and rasterized). */
async function logoFor(image: BadgeImage | undefined): Promise<BadgeImage | undefined> {
  if (!image) {
    return undefined;
  }
  if (image.mediaType === 'image/svg+xml') {
    try {
      const svg = sanitizeSvg(new TextDecoder().decode(image.bytes)).svg;
      return { mediaType: 'image/png', bytes: await rasterizeSvg(svg, { width: 480 }) };
    } catch {
      return undefined;
    }
  }
  return image;
}

async function renderCertificate(ctx: AppContext, sources: CredentialSources): Promise<Uint8Array> {
  const { row, credential, achievement, issuer } = sources;
  const design = certificateDesignOf(sources);
  const description = badgeText(sources).description;
  const issuerProfile = (credential.issuer ?? {}) as Record<string, unknown>;
  const logoId = design.logoImageId ?? issuer.image_id;
  const logo = await logoFor(await loadImage(ctx, row.organization_id, logoId));
  const badgePng = design.showBadge
    ? await badgePngOf(await badgeSource(ctx, sources), badgeText(sources), 300)
    : undefined;
  const validUntil = text(credential.validUntil);
  const awarded = subjectOf(credential).achievement as Record<string, unknown> | undefined;
  return await renderCertificatePdf({
    design,
    learnerName: sources.learnerName ?? 'Credential holder',
    achievementName: text(awarded?.name) || achievement.name,
    ...(description ? { achievementDescription: description } : {}),
    issuerName: text(issuerProfile.name) || issuer.name,
    issuedOn: text(credential.awardedDate) || text(credential.validFrom) || row.valid_from,
    ...(validUntil ? { validUntil } : {}),
    credentialId: text(credential.id) || row.id,
    credentialUrl: urls.credentialPage(ctx.config.publicUrl, row.id),
    credentialText: row.document,
    ...(logo ? { logo } : {}),
    ...(badgePng ? { badgePng } : {}),
  });
}

async function renderSocial(ctx: AppContext, sources: CredentialSources): Promise<Uint8Array> {
  const source = await badgeSource(ctx, sources);
  const alt = badgeText(sources);
  const colors =
    source.kind === 'design'
      ? { background: source.design.colors.background, accent: source.design.colors.accent }
      : { background: '#1F4E79', accent: '#C9A227' };
  return await renderSocialImage({
    badgePng: await badgePngOf(source, alt, 420),
    achievementName: sources.achievement.name,
    ...(sources.learnerName ? { learnerName: sources.learnerName } : {}),
    issuerName: sources.issuer.name,
    issuedOn: formatDate(text(sources.credential.awardedDate) || sources.row.valid_from),
    url: urls.credentialPage(ctx.config.publicUrl, sources.row.id),
    colors,
  });
}

async function render(ctx: AppContext, kind: ArtifactKind, sources: CredentialSources): Promise<Uint8Array> {
  switch (kind) {
    case 'png':
      return bakePng(
        await badgePngOf(await badgeSource(ctx, sources), badgeText(sources)),
        sources.row.document,
        {
          overwrite: true,
        },
      );
    case 'svg':
      return new TextEncoder().encode(
        bakeSvg(await badgeSvgOf(await badgeSource(ctx, sources), badgeText(sources)), sources.row.document, {
          overwrite: true,
        }),
      );
    case 'pdf':
      return await renderCertificate(ctx, sources);
    case 'og':
      return await renderSocial(ctx, sources);
  }
}

/**
 * A certificate design rendered with sample values (and a PREVIEW mark, and no credential attached),
 * for the console's live preview. The achievement, when given, supplies its name, description, type and
 * issuer.
 */
export async function renderCertificatePreview(
  ctx: AppContext,
  organizationId: string,
  input: CertificateDesignInput,
  options: { achievement?: Achievement; issuer?: Issuer; badge?: BadgeDesignInput; learnerName?: string },
): Promise<Uint8Array> {
  const achievement = options.achievement;
  const design = certificateDesign(input, achievement?.achievement_type ?? '');
  const logoId = design.logoImageId ?? options.issuer?.image_id;
  if (design.logoImageId && !(await loadImage(ctx, organizationId, design.logoImageId))) {
    throw new AppError('INVALID_INPUT', `No image ${design.logoImageId} in this organization`);
  }
  const logo = await logoFor(await loadImage(ctx, organizationId, logoId));
  const alt = {
    title: achievement?.name ?? 'Achievement name',
    description: text((achievement?.document as Record<string, unknown> | undefined)?.description),
  };
  const badgePng = design.showBadge
    ? await renderBadgePreview(
        ctx,
        organizationId,
        options.badge ?? { icon: 'cairn', textLines: [alt.title] },
        alt,
        'png',
      )
    : undefined;
  const sampleId = '00000000-0000-4000-8000-000000000000';
  const now = ctx.clock();
  return await renderCertificatePdf({
    design,
    learnerName: options.learnerName ?? 'Alex Example',
    achievementName: alt.title,
    ...(alt.description ? { achievementDescription: alt.description } : {}),
    issuerName: options.issuer?.name ?? 'Issuer name',
    issuedOn: now.toISOString(),
    ...(achievement?.validity_months
      ? {
          validUntil: new Date(
            now.getTime() + achievement.validity_months * 30.44 * 86_400_000,
          ).toISOString(),
        }
      : {}),
    credentialId: `urn:uuid:${sampleId}`,
    credentialUrl: urls.credentialPage(ctx.config.publicUrl, sampleId),
    ...(logo ? { logo } : {}),
    ...(badgePng ? { badgePng } : {}),
    watermark: 'PREVIEW',
  });
}

/** The version of everything a file is made from: it names the cache entry and the ETag. */
function versionKey(kind: ArtifactKind, sources: CredentialSources): string {
  const parts = [
    RENDERING_VERSION,
    kind,
    sources.row.id,
    sources.row.updated_at,
    sources.achievement.updated_at,
    sources.issuer.updated_at,
    sources.design?.updated_at ?? '-',
  ];
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22);
}

/**
 * One of a credential's files, from the cache or rendered now. Throws NOT_FOUND for a revoked
 * credential (its printable and shareable forms are withdrawn; its JSON still says it is revoked),
 * RENDER_FAILED when rendering fails.
 */
export async function credentialArtifact(
  ctx: AppContext,
  row: Credential,
  kind: ArtifactKind,
): Promise<Artifact> {
  if (row.status === 'revoked') {
    throw new AppError(
      'NOT_FOUND',
      'This credential has been revoked; its badge and certificate are withdrawn',
    );
  }
  const sources = await loadCredentialSources(ctx, row);
  const key = versionKey(kind, sources);
  let bytes = cache.get(key);
  if (!bytes) {
    let pending = inFlight.get(key);
    if (!pending) {
      pending = render(ctx, kind, sources).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    bytes = await pending;
    cache.set(key, bytes);
  }
  const base =
    `${sources.achievement.name}`
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'credential';
  return {
    bytes,
    contentType: ARTIFACT_TYPES[kind],
    etag: `"${kind}-${key}"`,
    filename: kind === 'og' ? `${base}-card.png` : `${base}.${kind}`,
  };
}

export type ShareLinks = {
  url: string;
  linkedin: string;
  embedHtml: string;
  socialImage: string;
  downloads: { json: string; png: string; svg: string; pdf: string };
};

/** Where a credential can be shared and downloaded, for the console and wallet's share actions. */
export async function credentialShareLinks(ctx: AppContext, row: Credential): Promise<ShareLinks> {
  const sources = await loadCredentialSources(ctx, row);
  const base = ctx.config.publicUrl;
  const page = urls.credentialPage(base, row.id);
  const download = (suffix: string) => `${page}${suffix}`;
  const validUntil = text(sources.credential.validUntil);
  const issued = new Date(
    text(sources.credential.awardedDate) || text(sources.credential.validFrom) || row.valid_from,
  );
  return {
    url: page,
    linkedin: linkedInAddToProfileUrl({
      name: sources.achievement.name,
      ...(sources.issuer.linkedin_organization_id
        ? { organizationId: sources.issuer.linkedin_organization_id }
        : {}),
      organizationName: sources.issuer.name,
      issued,
      ...(validUntil ? { expires: new Date(validUntil) } : {}),
      certUrl: page,
      certId: row.id,
    }),
    embedHtml: embedHtml({
      pageUrl: page,
      imageUrl: download('.png'),
      achievementName: sources.achievement.name,
      issuerName: sources.issuer.name,
    }),
    socialImage: `${page}/og.png`,
    downloads: {
      json: download('.json'),
      png: download('.png'),
      svg: download('.svg'),
      pdf: download('.pdf'),
    },
  };
}
