/**
 * Turns whatever a user hands the verifier — JSON, a JWT, a baked PNG or SVG, a PDF with the credential
 * attached — into the credential text
 * inside and a note of where it came from. Throws AppError for an unreadable input.
 */
import { detectContainerType, extractCredential } from '../core/baking/index.js';
import { AppError } from '../errors.js';

export type CredentialInput = {
  /** The credential as text: JSON or a compact JWS. */
  text: string;
  /** Where the text was found. */
  container: 'json' | 'jwt' | 'png' | 'svg' | 'pdf';
  /** For baked images: the Open Badges version of the baking. */
  bakedVersion?: '1.x' | '2.0' | '3.0';
  /** For OB 2.0 baked images: a hosted assertion URL instead of the assertion itself. */
  hostedUrl?: string;
};

export function readCredentialInput(bytes: Uint8Array): CredentialInput {
  const imageType = detectContainerType(bytes);
  if (imageType) {
    const extracted = extractCredential(bytes);
    if (extracted.kind === 'url') {
      return {
        text: extracted.text,
        container: imageType,
        bakedVersion: extracted.obVersion,
        hostedUrl: extracted.text,
      };
    }
    return { text: extracted.text, container: imageType, bakedVersion: extracted.obVersion };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim();
  } catch {
    throw new AppError(
      'UNREADABLE_INPUT',
      'The input is neither a PNG, an SVG, a PDF nor UTF-8 text (JSON or a JWT)',
    );
  }
  if (text === '') {
    throw new AppError('UNREADABLE_INPUT', 'The input is empty');
  }
  if (text.startsWith('{')) {
    return { text, container: 'json' };
  }
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) {
    return { text, container: 'jwt' };
  }
  throw new AppError(
    'UNREADABLE_INPUT',
    'The input is not a credential: expected JSON, a JWT, a baked PNG or SVG, or a PDF with one attached',
  );
}
