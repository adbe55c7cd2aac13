import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CONTEXTS, CONTEXT_URLS } from './contexts.js';
import { defaultDocumentLoader } from './document-loader.js';

// SHA-256 of each bundled file, as published (see contexts/SOURCES.md). A change here is a change of
// what credentials mean: it must be deliberate.
const PINNED: Record<string, string> = {
  'bitstring-status-list-v1.json': 'fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7',
  'cid-v1.json': 'ea216ecc1cb02cd39b693dba2250141e270ba0bf95890be107dd9a9e8e43de85',
  'clr-v2p0-context-2.0.1.json': '880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6',
  'clr-v2p0-context.json': 'e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167',
  'credentials-examples-v2.json': '57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c',
  'credentials-v1.json': 'ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc',
  // A later revision of the base context than the one whose SHA2-256 VCDM 2.0 §B.1 publishes
  // (24a18c90…, pinned for relatedResource digests in verification/related-resource-digests.ts).
  'credentials-v2.json': '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
  'data-integrity-v1.json': 'b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554',
  'data-integrity-v2.json': '67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4',
  'did-v1.json': '62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f',
  'ed25519-signature-2020-v1.json': 'b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588',
  'multikey-v1.json': 'ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597',
  'ob-v3p0-context-3.0.1.json': 'd582f3564282fb3b709136d28412e78e70b678b4dbc2f0221f67d84932748355',
  'ob-v3p0-context-3.0.2.json': '00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53',
  'ob-v3p0-context-3.0.3.json': 'ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761',
  'ob-v3p0-context.json': 'b077fa134d909d92c1dcd1c153f2af1b244aeb415967fdc1467d7fc5dd48ac10',
  'ob-v3p0-extensions.json': '146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3',
};

const DIRECTORY = fileURLToPath(new URL('./contexts/', import.meta.url));

describe('bundled contexts', () => {
  it('are byte-identical to their pinned sources', () => {
    const files = readdirSync(DIRECTORY).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(PINNED).sort());
    for (const file of files) {
      const digest = createHash('sha256')
        .update(readFileSync(`${DIRECTORY}${file}`))
        .digest('hex');
      expect(digest, file).toBe(PINNED[file]);
    }
  });

  it('every standard URL resolves from memory; anything else is refused, not fetched', async () => {
    for (const url of Object.values(CONTEXT_URLS)) {
      expect((await defaultDocumentLoader(url)).document, url).toBe(BUNDLED_CONTEXTS.get(url));
    }
    await expect(defaultDocumentLoader('https://example.com/context.json')).rejects.toMatchObject({
      code: 'CONTEXT_UNKNOWN',
    });
    await expect(defaultDocumentLoader('http://www.w3.org/ns/credentials/v2')).rejects.toMatchObject({
      code: 'CONTEXT_UNKNOWN',
    });
  });
});
