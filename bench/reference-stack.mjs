/**
 * The reference side: @digitalbazaar/vc 7.3 with @digitalbazaar/data-integrity, the eddsa-rdfc-2022 and
 * eddsa-jcs-2022 cryptosuites and ed25519-multikey; `jose` for VC-JWT (given a KeyObject imported once, its
 * best case). Offline like Cairn: Cairn's pinned contexts, did:key resolved locally.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as jose from 'jose';
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

/** The registered claims an OB 3.0 VC-JWT carries beside the credential (what Cairn's JWT holds too). */
function jwtClaims(credential) {
  const subject = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject[0]
    : credential.credentialSubject;
  const seconds = (date) => Math.floor(Date.parse(date) / 1000);
  return {
    ...credential,
    iss: credential.issuer.id,
    jti: credential.id,
    nbf: seconds(credential.validFrom),
    ...(subject?.id ? { sub: subject.id } : {}),
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
  };
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
  const raw = await multikey.export({ publicKey: true, secretKey: true, raw: true });
  const x = Buffer.from(raw.publicKey).toString('base64url');
  const d = Buffer.from(raw.secretKey.slice(0, 32)).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const header = { alg: 'EdDSA', kid: keyFile.id, typ: 'JWT' };
  const claims = Object.fromEntries(
    Object.entries(inputs.credentials).map(([name, credential]) => [name, jwtClaims(credential)]),
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
    signJwt: (name) => new jose.SignJWT(claims[name]).setProtectedHeader(header).sign(privateKey),
    verifyJwt: (jwt) => jose.jwtVerify(jwt, publicKey, { currentDate: now }),
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
    ops[`${name}/jwtSign`] = () => stack.signJwt(name);
    ops[`${name}/jwtVerify`] = () => stack.verifyJwt(signed.jwt);
  }
  return ops;
}
