/**
 * Every JSON-LD context Cairn knows, bundled and pinned. Nothing is ever fetched from the network:
 * a context that is not listed here is refused (see document-loader.ts).
 *
 * Sources: ../shared/standards/contexts (byte-exact, see contexts/SOURCES.md), plus did-v1 (npm did-context@3.1.1)
 * and ed25519-signature-2020-v1 (npm ed25519-signature-2020-context@1.1.0) for legacy proofs and DID documents.
 */
import bitstringStatusListV1 from './contexts/bitstring-status-list-v1.json' with { type: 'json' };
import cidV1 from './contexts/cid-v1.json' with { type: 'json' };
import clrV2p0Context from './contexts/clr-v2p0-context.json' with { type: 'json' };
import clrV2p0Context201 from './contexts/clr-v2p0-context-2.0.1.json' with { type: 'json' };
import credentialsExamplesV2 from './contexts/credentials-examples-v2.json' with { type: 'json' };
import credentialsV1 from './contexts/credentials-v1.json' with { type: 'json' };
import credentialsV2 from './contexts/credentials-v2.json' with { type: 'json' };
import dataIntegrityV1 from './contexts/data-integrity-v1.json' with { type: 'json' };
import dataIntegrityV2 from './contexts/data-integrity-v2.json' with { type: 'json' };
import didV1 from './contexts/did-v1.json' with { type: 'json' };
import ed25519Signature2020V1 from './contexts/ed25519-signature-2020-v1.json' with { type: 'json' };
import multikeyV1 from './contexts/multikey-v1.json' with { type: 'json' };
import obV3p0Context from './contexts/ob-v3p0-context.json' with { type: 'json' };
import obV3p0Context301 from './contexts/ob-v3p0-context-3.0.1.json' with { type: 'json' };
import obV3p0Context302 from './contexts/ob-v3p0-context-3.0.2.json' with { type: 'json' };
import obV3p0Context303 from './contexts/ob-v3p0-context-3.0.3.json' with { type: 'json' };
import obV3p0Extensions from './contexts/ob-v3p0-extensions.json' with { type: 'json' };

export const CONTEXT_URLS = {
  VC_V2: 'https://www.w3.org/ns/credentials/v2',
  VC_V1: 'https://www.w3.org/2018/credentials/v1',
  VC_EXAMPLES_V2: 'https://www.w3.org/ns/credentials/examples/v2',
  DATA_INTEGRITY_V2: 'https://w3id.org/security/data-integrity/v2',
  DATA_INTEGRITY_V1: 'https://w3id.org/security/data-integrity/v1',
  MULTIKEY_V1: 'https://w3id.org/security/multikey/v1',
  CID_V1: 'https://www.w3.org/ns/cid/v1',
  DID_V1: 'https://www.w3.org/ns/did/v1',
  ED25519_2020_V1: 'https://w3id.org/security/suites/ed25519-2020/v1',
  STATUS_LIST_V1: 'https://www.w3.org/ns/credentials/status/v1',
  OB_V3P0: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  OB_V3P0_EXTENSIONS: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  CLR_V2P0: 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
} as const;

/** URL -> context document. Several URLs may name one document (a purl alias, a w3id redirect). */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [CONTEXT_URLS.VC_V2, credentialsV2],
  [CONTEXT_URLS.VC_V1, credentialsV1],
  [CONTEXT_URLS.VC_EXAMPLES_V2, credentialsExamplesV2],
  [CONTEXT_URLS.DATA_INTEGRITY_V2, dataIntegrityV2],
  [CONTEXT_URLS.DATA_INTEGRITY_V1, dataIntegrityV1],
  [CONTEXT_URLS.MULTIKEY_V1, multikeyV1],
  [CONTEXT_URLS.CID_V1, cidV1],
  [CONTEXT_URLS.DID_V1, didV1],
  ['https://w3id.org/did/v1', didV1],
  [CONTEXT_URLS.ED25519_2020_V1, ed25519Signature2020V1],
  [CONTEXT_URLS.STATUS_LIST_V1, bitstringStatusListV1],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', obV3p0Context303],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', obV3p0Context302],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', obV3p0Context301],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', obV3p0Context],
  [CONTEXT_URLS.OB_V3P0_EXTENSIONS, obV3p0Extensions],
  ['https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', clrV2p0Context201],
  ['https://purl.imsglobal.org/spec/clr/v2p0/context.json', clrV2p0Context],
]);
