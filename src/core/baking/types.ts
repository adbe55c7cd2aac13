/** The kinds of image a credential can be baked into. */
export type ImageType = 'png' | 'svg';

/** The kinds of file a credential can be carried in: a baked image, or a PDF with the credential attached. */
export type ContainerType = ImageType | 'pdf';

/**
 * Which baking format an extracted credential came from. `'1.x'` is the pre-2.0 PNG form (a `tEXt`
 * chunk holding the URL of a hosted assertion); the document behind that URL may be OB 1.x or 2.0.
 */
export type ObVersion = '1.x' | '2.0' | '3.0';

/**
 * A credential found in a badge image, exactly as baked (surrounding whitespace trimmed).
 * Nothing here is parsed or verified: the caller parses the JSON, verifies the JWS/JWT or fetches the URL.
 *
 * - OB 3.0 (`openbadgecredential` / `<credential>`): an OpenBadgeCredential as JSON, or a VC-JWT compact JWS.
 * - OB 2.0 (`openbadges` / `<assertion>`): an assertion as JSON, a signed assertion (compact JWS),
 *   or the URL of a hosted assertion.
 * - pre-2.0: the URL of a hosted assertion.
 */
export type ExtractedCredential =
  | { obVersion: '3.0'; kind: 'json' | 'jwt'; text: string }
  | { obVersion: '2.0'; kind: 'json' | 'jws' | 'url'; text: string }
  | { obVersion: '1.x'; kind: 'url'; text: string };

/** Options for `bakePng` and `bakeSvg`. */
export type BakeOptions = {
  /**
   * Replace a credential the image already carries (OB 3.0, or OB 2.0 / pre-2.0) instead of failing
   * with `IMAGE_ALREADY_BAKED`. Default `false`.
   */
  overwrite?: boolean;
};
