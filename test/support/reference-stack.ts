/**
 * The independent verifier: Digital Bazaar's @digitalbazaar/vc with its Data Integrity cryptosuites
 * (dev dependencies only). Credentials Cairn signs must verify here, and credentials signed here must
 * verify in Cairn. Its document loader serves the same pinned contexts and resolves did:key locally.
 */

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as jose from 'jose';
import { createDocumentLoader } from '../../src/core/jsonld/document-loader.js';
import type { DidDocument } from '../../src/core/keys/did-document.js';
import { resolveDidKey } from '../../src/core/keys/did-key.js';
import { exportKeyFile, type KeyFile, type KeyPair } from '../../src/core/keys/key-pair.js';

type Loaded = { contextUrl: null; documentUrl: string; document: unknown };

/** A loader for the reference stack: bundled contexts, did:key, and any DID documents given. */
export function referenceDocumentLoader(didDocuments: Record<string, DidDocument> = {}) {
  const contexts = createDocumentLoader();
  return async (url: string): Promise<Loaded> => {
    const [did = '', fragment] = url.split('#');
    const document = did.startsWith('did:key:') ? resolveDidKey(did) : didDocuments[did];
    if (document) {
      if (fragment === undefined) {
        return { contextUrl: null, documentUrl: url, document };
      }
      const method = document.verificationMethod?.find((vm) => vm.id === url || vm.id === `#${fragment}`);
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...method },
      };
    }
    return contexts(url);
  };
}

export type ReferenceSuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';

export async function referenceSign(
  credential: Record<string, unknown>,
  keyFile: KeyFile,
  cryptosuite: ReferenceSuite,
): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from(keyFile);
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: cryptosuite === 'eddsa-rdfc-2022' ? eddsaRdfc2022 : createSignCryptosuite(),
  });
  return vc.issue({ credential, suite, documentLoader: referenceDocumentLoader() });
}

export async function referenceVerify(
  credential: Record<string, unknown>,
  didDocuments: Record<string, DidDocument> = {},
  options: { now?: Date } = {},
): Promise<{ verified: boolean; error?: unknown }> {
  const suite = [eddsaRdfc2022, createVerifyCryptosuite()].map(
    (cryptosuite) => new DataIntegrityProof({ cryptosuite }),
  );
  // This harness is the independent check of proofs and keys. Status lists have tests of their own; the
  // reference stack refuses to verify a credential with a status entry unless given a status checker.
  const checkStatus = async () => ({ verified: true });
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader: referenceDocumentLoader(didDocuments),
    checkStatus,
    ...(options.now ? { now: options.now } : {}),
  });
  return { verified: result.verified === true, error: result.error };
}

/**
 * A presentation signed the way the W3C VC data model suite signs its VPs: eddsa-rdfc-2022,
 * proofPurpose authentication, with the verifier's domain and challenge.
 */
export async function referenceSignPresentation(
  presentation: Record<string, unknown>,
  keyFile: KeyFile,
  options: { domain: string; challenge: string },
): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from(keyFile);
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 });
  return vc.signPresentation({
    presentation,
    suite,
    domain: options.domain,
    challenge: options.challenge,
    documentLoader: referenceDocumentLoader(),
  });
}

/**
 * A VC-JWT in the OB 3.0 form made by jose (ES256 with a P-256 key pair), as another tool would make it:
 * the credential as claims, `iss` its issuer, `jti` its id, `nbf` its validFrom, `sub` its subject.
 */
export async function joseSignVcJwt(credential: Record<string, unknown>, keyPair: KeyPair): Promise<string> {
  const key = await jose.importJWK(
    (exportKeyFile(keyPair) as { secretKeyJwk: jose.JWK }).secretKeyJwk,
    'ES256',
  );
  return await new jose.SignJWT({ ...credential })
    .setProtectedHeader({ alg: 'ES256', kid: keyPair.id, typ: 'JWT' })
    .setIssuer(keyPair.controller)
    .setJti(credential.id as string)
    .setNotBefore(Date.parse(credential.validFrom as string) / 1000)
    .setSubject((credential.credentialSubject as { id: string }).id)
    .sign(key);
}
