/** Cairn's side of the benchmark, compiled from src/ (dist/): what a Cairn issuer and verifier call. */
import { createFastCanonizer } from '../dist/core/jsonld/fast-canonize.js';
import { importKeyFile } from '../dist/core/keys/key-pair.js';
import { createVerificationMethodResolver } from '../dist/core/keys/resolve-verification-method.js';
import { addDataIntegrityProof } from '../dist/core/proofs/add-proof.js';
import { decodeVcJwt, jwtClaimMismatches, verifyVcJwtSignature } from '../dist/core/proofs/vc-jwt.js';
import { verifyDataIntegrityProofs } from '../dist/core/proofs/verify-proofs.js';
import { verifyCredential } from '../dist/core/verification/verify-credential.js';
import { nodeCryptoBackend } from '../dist/node/node-crypto-backend.js';
import { signCredential } from '../dist/services/sign-credential.js';

const CREATED = '2026-11-28T12:00:00Z';

export async function cairnStack(inputs) {
  const keyPair = importKeyFile(inputs.keyFile, nodeCryptoBackend);
  const now = new Date('2026-11-28T12:00:00Z');
  const deps = {
    crypto: nodeCryptoBackend,
    canonize: createFastCanonizer(undefined, { sha256Hex: nodeCryptoBackend.sha256Hex }),
  };
  const stack = {
    sign: (name, format) =>
      signCredential(inputs.credentials[name], { keyPair, format, created: CREATED }, deps),
    /** The proof alone (core addDataIntegrityProof), without the service's checks of the credential. */
    addProof: (name, cryptosuite) =>
      addDataIntegrityProof(inputs.credentials[name], { cryptosuite, keyPair, created: CREATED }, deps),
    /** The proof check alone (core verifyDataIntegrityProofs), without the rest of the report. */
    verifyProof: async (signed) => {
      const checks = await verifyDataIntegrityProofs(
        signed,
        { resolveVerificationMethod: createVerificationMethodResolver(), now },
        deps,
      );
      if (checks.length === 0 || checks.some((check) => check.status !== 'passed')) {
        throw new Error(`Cairn did not verify the proof: ${JSON.stringify(checks)}`);
      }
    },
    /** The whole verification report (contexts, structure, proof, issuer, validity, status). */
    verify: async (signed) => {
      const report = await verifyCredential(signed, { now, crypto: nodeCryptoBackend });
      if (!report.verified) {
        throw new Error(`Cairn did not verify: ${JSON.stringify(report.checks)}`);
      }
    },
    /** What jose's jwtVerify does: parse, check the signature with the key kid names, check the claims. */
    verifyJwt: async (jwt) => {
      const decoded = decodeVcJwt(jwt);
      const check = await verifyVcJwtSignature(decoded, {
        resolveVerificationMethod: createVerificationMethodResolver(),
        crypto: nodeCryptoBackend,
      });
      if (check.status !== 'passed' || jwtClaimMismatches(decoded).length > 0) {
        throw new Error(`Cairn did not verify the JWT: ${check.detail}`);
      }
    },
  };
  return stack;
}

/** The timed operations, by name; each checks its own result so a broken path cannot look fast. */
export async function operations(inputs) {
  const stack = await cairnStack(inputs);
  const ops = {};
  for (const [name, signed] of Object.entries(inputs.signed)) {
    ops[`${name}/rdfcIssue`] = () => stack.sign(name, 'eddsa-rdfc-2022');
    ops[`${name}/rdfcVerify`] = () => stack.verify(signed.rdfc);
    ops[`${name}/jcsIssue`] = () => stack.sign(name, 'eddsa-jcs-2022');
    ops[`${name}/jcsVerify`] = () => stack.verify(signed.jcs);
    ops[`${name}/jwtSign`] = () => stack.sign(name, 'vc-jwt');
    ops[`${name}/jwtVerify`] = () => stack.verifyJwt(signed.jwt);
    // Detail only: the proof alone, to tell the proof's cost from the checks around it.
    ops[`${name}/rdfcProofOnly`] = () => stack.addProof(name, 'eddsa-rdfc-2022');
    ops[`${name}/rdfcProofCheckOnly`] = () => stack.verifyProof(signed.rdfc);
    ops[`${name}/jcsProofOnly`] = () => stack.addProof(name, 'eddsa-jcs-2022');
    ops[`${name}/jcsProofCheckOnly`] = () => stack.verifyProof(signed.jcs);
    // Detail only: Cairn's whole verification report for the JWT.
    ops[`${name}/jwtVerifyFullReport`] = () => stack.verify(signed.jwt);
  }
  return ops;
}
