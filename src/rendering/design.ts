/**
 * Design settings for an achievement: how its badge looks (shape, colours, an icon or an uploaded
 * image, up to three lines of text) and how its certificate or diploma looks (layout, paper, colours,
 * title, logo, signature lines). Kept apart from the Open Badges Achievement document, which goes into
 * every credential: these are Cairn's presentation choices, not claims.
 *
 * The TypeBox schemas validate API input and become the OpenAPI document; `badgeDesign()` and
 * `certificateDesign()` fill in defaults.
 */
import { type Static, Type } from 'typebox';

const Color = Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: 'A colour as #RRGGBB' });

export const BADGE_SHAPES = ['circle', 'shield', 'hexagon', 'ribbon', 'square'] as const;
export const BADGE_ICONS = [
  'star',
  'check',
  'trophy',
  'book',
  'cairn',
  'code',
  'lightbulb',
  'heart',
] as const;

export type BadgeShape = (typeof BADGE_SHAPES)[number];
export type BadgeIcon = (typeof BADGE_ICONS)[number];

export const BadgeDesignSchema = Type.Object(
  {
    shape: Type.Optional(
      Type.Union([
        Type.Literal('circle'),
        Type.Literal('shield'),
        Type.Literal('hexagon'),
        Type.Literal('ribbon'),
        Type.Literal('square'),
      ]),
    ),
    colors: Type.Optional(
      Type.Object(
        {
          background: Type.Optional(Color),
          border: Type.Optional(Color),
          text: Type.Optional(Color),
          accent: Type.Optional(Color),
        },
        { additionalProperties: false },
      ),
    ),
    icon: Type.Optional(
      Type.Union([
        Type.Literal('star'),
        Type.Literal('check'),
        Type.Literal('trophy'),
        Type.Literal('book'),
        Type.Literal('cairn'),
        Type.Literal('code'),
        Type.Literal('lightbulb'),
        Type.Literal('heart'),
      ]),
    ),
    imageId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "An uploaded image of the organization's" }),
    ),
    imageDataUrl: Type.Optional(
      Type.String({
        maxLength: 1_500_000,
        pattern: '^data:image/(png|jpeg|svg\\+xml);base64,',
        description: 'An image as a base64 data URL (PNG, JPEG or SVG; SVG is sanitized)',
      }),
    ),
    textLines: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 3 })),
    altText: Type.Optional(
      Type.String({
        maxLength: 300,
        description:
          "The badge's alt text on the credential's pages (default: the achievement image's caption, else its name)",
      }),
    ),
  },
  { additionalProperties: false, $id: 'BadgeDesign' },
);

export const SignatureSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const CertificateDesignSchema = Type.Object(
  {
    layout: Type.Optional(
      Type.Union([Type.Literal('certificate'), Type.Literal('diploma')], {
        description: 'certificate: landscape; diploma: portrait. Default: by achievement type',
      }),
    ),
    paper: Type.Optional(Type.Union([Type.Literal('A4'), Type.Literal('Letter')])),
    font: Type.Optional(Type.Union([Type.Literal('serif'), Type.Literal('sans')])),
    colors: Type.Optional(
      Type.Object(
        {
          primary: Type.Optional(Color),
          accent: Type.Optional(Color),
          text: Type.Optional(Color),
          background: Type.Optional(Color),
        },
        { additionalProperties: false },
      ),
    ),
    title: Type.Optional(Type.String({ maxLength: 80 })),
    logoImageId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "Default: the issuer's image" }),
    ),
    signatures: Type.Optional(Type.Array(SignatureSchema, { maxItems: 3 })),
    showBadge: Type.Optional(Type.Boolean({ description: 'Show the badge as a seal (default true)' })),
  },
  { additionalProperties: false, $id: 'CertificateDesign' },
);

export type BadgeDesignInput = Static<typeof BadgeDesignSchema>;
export type CertificateDesignInput = Static<typeof CertificateDesignSchema>;

export type BadgeDesign = {
  shape: BadgeShape;
  colors: { background: string; border: string; text: string; accent: string };
  icon?: BadgeIcon;
  imageId?: string;
  imageDataUrl?: string;
  textLines: string[];
};

export type CertificateDesign = {
  layout: 'certificate' | 'diploma';
  paper: 'A4' | 'Letter';
  font: 'serif' | 'sans';
  colors: { primary: string; accent: string; text: string; background: string };
  title?: string;
  logoImageId?: string;
  signatures: { name: string; title?: string }[];
  showBadge: boolean;
};

export const DEFAULT_BADGE_COLORS = {
  background: '#1F4E79',
  border: '#C9A227',
  text: '#FFFFFF',
  accent: '#F2D06B',
};

export const DEFAULT_CERTIFICATE_COLORS = {
  primary: '#1F4E79',
  accent: '#C9A227',
  text: '#1A1A1A',
  background: '#FFFFFF',
};

/** A badge design with every default filled in. */
export function badgeDesign(input: BadgeDesignInput = {}): BadgeDesign {
  return {
    shape: input.shape ?? 'circle',
    colors: { ...DEFAULT_BADGE_COLORS, ...input.colors },
    ...(input.icon ? { icon: input.icon } : {}),
    ...(input.imageId ? { imageId: input.imageId } : {}),
    ...(input.imageDataUrl ? { imageDataUrl: input.imageDataUrl } : {}),
    textLines: (input.textLines ?? []).map((line) => line.trim()).filter((line) => line !== ''),
  };
}

/** Achievement types shown as a portrait diploma by default; every other type gets a landscape certificate. */
const DIPLOMA_TYPES = new Set([
  'Diploma',
  'Degree',
  'AssociateDegree',
  'BachelorDegree',
  'MasterDegree',
  'DoctoralDegree',
]);

/** A certificate design with every default filled in; the layout follows the achievement type. */
export function certificateDesign(
  input: CertificateDesignInput = {},
  achievementType = '',
): CertificateDesign {
  return {
    layout: input.layout ?? (DIPLOMA_TYPES.has(achievementType) ? 'diploma' : 'certificate'),
    paper: input.paper ?? 'A4',
    font: input.font ?? 'serif',
    colors: { ...DEFAULT_CERTIFICATE_COLORS, ...input.colors },
    ...(input.title ? { title: input.title } : {}),
    ...(input.logoImageId ? { logoImageId: input.logoImageId } : {}),
    signatures: input.signatures ?? [],
    showBadge: input.showBadge ?? true,
  };
}
