/**
 * VC-JWT's reference: `jose` alone, in a process of its own (so the Data Integrity stack's heap does not
 * weigh on it), given KeyObjects imported once — its best case. It signs the very claims Cairn's JWT holds.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as jose from 'jose';
import { decodeMulticodec } from '../dist/core/encoding/multibase.js';

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

export async function joseStack(inputs) {
  const { keyFile } = inputs;
  const x = Buffer.from(decodeMulticodec(keyFile.publicKeyMultibase).key).toString('base64url');
  const d = Buffer.from(decodeMulticodec(keyFile.secretKeyMultibase).key).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const header = { alg: 'EdDSA', kid: keyFile.id, typ: 'JWT' };
  const claims = Object.fromEntries(
    Object.entries(inputs.credentials).map(([name, credential]) => [name, jwtClaims(credential)]),
  );
  const currentDate = new Date('2026-11-28T12:00:00Z');
  return {
    signJwt: (name) => new jose.SignJWT(claims[name]).setProtectedHeader(header).sign(privateKey),
    verifyJwt: (jwt) => jose.jwtVerify(jwt, publicKey, { currentDate }),
  };
}

export async function operations(inputs) {
  const stack = await joseStack(inputs);
  const ops = {};
  for (const [name, signed] of Object.entries(inputs.signed)) {
    ops[`${name}/jwtSign`] = () => stack.signJwt(name);
    ops[`${name}/jwtVerify`] = () => stack.verifyJwt(signed.jwt);
  }
  return ops;
}
