/**
 * The verifier a Cairn server uses: its own issuers' DID documents and status lists answered from the
 * database (fresh, and verifiable on localhost), everything else through the SSRF-guarded fetch.
 */
import { createStatusListCache } from '../core/status-lists/check-status.js';
import type { AppContext } from './context.js';
import { localDidDocuments } from './issuers.js';
import { localStatusLists } from './status-lists.js';
import { createVerifier, type Verifier } from './verifier.js';

export function createServerVerifier(ctx: AppContext): Verifier {
  return createVerifier({
    crypto: ctx.crypto,
    fetch: ctx.fetch,
    localDidDocument: localDidDocuments(ctx),
    localStatusList: localStatusLists(ctx),
    statusListCache: createStatusListCache(),
    clock: () => ctx.clock().getTime(),
  });
}
