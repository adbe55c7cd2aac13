/**
 * Names the Open Badges baking specifications fix.
 *
 * @see https://www.imsglobal.org/spec/ob/v3p0/#baked-badge
 * @see https://www.imsglobal.org/spec/ob/v2p0/baking/
 */
export const BAKING_NAMES = {
  /** Keyword of the OB 3.0 PNG `iTXt` chunk. */
  OB3_PNG_KEYWORD: 'openbadgecredential',
  /** Keyword of the OB 2.0 PNG `iTXt` chunk, and of the pre-2.0 `tEXt` chunk. */
  OB2_PNG_KEYWORD: 'openbadges',
  /** Namespace of the OB 3.0 SVG `credential` element. */
  OB3_SVG_NAMESPACE: 'https://purl.imsglobal.org/ob/v3p0',
  /** Namespace of the OB 2.0 SVG `assertion` element. */
  OB2_SVG_NAMESPACE: 'http://openbadges.org',
  /** Local name of the OB 3.0 SVG element. */
  OB3_SVG_ELEMENT: 'credential',
  /** Local name of the OB 2.0 SVG element. */
  OB2_SVG_ELEMENT: 'assertion',
  /** The prefix Cairn binds the OB 3.0 namespace to when baking an SVG, as the spec's examples do. */
  SVG_PREFIX: 'openbadges',
} as const;
