/**
 * The reference side for Data Integrity: @digitalbazaar/vc 7.3 with @digitalbazaar/data-integrity, the
 * eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites and ed25519-multikey. Offline like Cairn: Cairn's pinned
 * contexts, did:key resolved locally. (VC-JWT's reference, jose, is in jose-stack.mjs: its own process.)
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader } from '../dist/core/jsonld/document-loader.js';
import { resolveDidKey } from '../dist/core/keys/did-key.js';

const contexts = createDocumentLoader();

async function documentLoader(url) {
  const [did, fragment] = url.split('#');
  if (did.startsWith('did:key:')) {
    const document = resolveDidKey(did);
    if (fragment === undefined) {
      return { contextUrl: null, documentUrl: url, document };
    }
    const method = document.verificationMethod.find((vm) => vm.id === url);
    return {
      contextUrl: null,
      documentUrl: url,
      document: { '@context': 'https://w3id.org/security/multikey/v1', ...method },
    };
  }
  return contexts(url);
}

export async function referenceStack(inputs) {
  const { keyFile } = inputs;
  const now = new Date('2026-11-28T12:00:00Z');
  const multikey = await Ed25519Multikey.from(keyFile);
  const suites = {
    'eddsa-rdfc-2022': new DataIntegrityProof({ signer: multikey.signer(), cryptosuite: eddsaRdfc2022 }),
    'eddsa-jcs-2022': new DataIntegrityProof({
      signer: multikey.signer(),
      cryptosuite: createSignCryptosuite(),
    }),
  };
  const verifySuites = [eddsaRdfc2022, createVerifyCryptosuite()].map(
    (cryptosuite) => new DataIntegrityProof({ cryptosuite }),
  );
  return {
    issue: (name, cryptosuite) =>
      vc.issue({ credential: inputs.credentials[name], suite: suites[cryptosuite], documentLoader }),
    verify: async (credential) => {
      const result = await vc.verifyCredential({ credential, suite: verifySuites, documentLoader, now });
      if (!result.verified) {
        throw result.error ?? new Error('the reference stack did not verify');
      }
    },
  };
}

export async function operations(inputs) {
  const stack = await referenceStack(inputs);
  const ops = {};
  for (const [name, signed] of Object.entries(inputs.signed)) {
    ops[`${name}/rdfcIssue`] = () => stack.issue(name, 'eddsa-rdfc-2022');
    ops[`${name}/rdfcVerify`] = () => stack.verify(signed.rdfc);
    ops[`${name}/jcsIssue`] = () => stack.issue(name, 'eddsa-jcs-2022');
    ops[`${name}/jcsVerify`] = () => stack.verify(signed.jcs);
  }
  return ops;
}
