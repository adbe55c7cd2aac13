/** The floor: one raw Ed25519 signature / verification (node:crypto, KeyObjects imported once) of 64 bytes. */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { decodeMulticodec } from '../dist/core/encoding/multibase.js';

export async function operations(inputs) {
  const x = Buffer.from(decodeMulticodec(inputs.keyFile.publicKeyMultibase).key).toString('base64url');
  const d = Buffer.from(decodeMulticodec(inputs.keyFile.secretKeyMultibase).key).toString('base64url');
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const message = new Uint8Array(64).fill(7);
  const signature = sign(null, message, privateKey);
  return {
    sign: () => sign(null, message, privateKey),
    verify: () => verify(null, message, publicKey, signature),
  };
}
