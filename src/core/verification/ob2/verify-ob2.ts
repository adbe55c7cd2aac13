/**
 * Open Badges 2.0 verification by OB 2.0's own rules (hosted or signed), giving the same report shape as
 * every other format: format `ob2-hosted` / `ob2-signed`, named checks, a verdict.
 *
 * @see https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#implementation-verification
 */
import type { CryptoBackend } from '../../crypto/crypto-backend.js';
import type { VerificationReport } from '../report.js';
import { type DocumentFetcher, memoizeFetcher } from './ob2-documents.js';
import { verifyHostedOb2 } from './ob2-hosted.js';
import { type Ob2Input, verificationType } from './ob2-input.js';
import { Ob2Report } from './ob2-report.js';
import { verifySignedOb2 } from './ob2-signed.js';

export type Ob2Options = {
  now: Date;
  crypto: CryptoBackend;
  /** Network access for hosted assertions, BadgeClasses, Profiles, keys and revocation lists. */
  fetchDocument?: DocumentFetcher;
  /** An e-mail address to check the assertion's recipient against. */
  recipient?: string;
};

export async function verifyOb2(input: Ob2Input, options: Ob2Options): Promise<VerificationReport> {
  // One verification reads each document once (an issuer Profile is named by the badge and by the key).
  const fetchDocument = options.fetchDocument ? memoizeFetcher(options.fetchDocument) : undefined;
  const common = {
    now: options.now,
    fetchDocument,
    ...(options.recipient !== undefined ? { recipient: options.recipient } : {}),
  };
  if (input.kind === 'hosted') {
    return verifyHostedOb2(input, common);
  }
  if (input.kind === 'signed') {
    return verifySignedOb2(input, { ...common, crypto: options.crypto });
  }
  const report = new Ob2Report();
  report.add('format', 'passed', 'Open Badges 2.0 assertion');
  report.add('verification', 'failed', input.reason);
  return report.finish(
    verificationType(input.assertion) === 'signed' ? 'ob2-signed' : 'ob2-hosted',
    input.assertion,
  );
}
