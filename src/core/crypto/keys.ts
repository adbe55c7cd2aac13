/** Key material as the core handles it: raw bytes for Ed25519, JSON Web Keys for P-256 and RSA. */

export type KeyAlgorithm = 'Ed25519' | 'P-256' | 'RSA';

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['Ed25519', 'P-256', 'RSA'];

/** A JSON Web Key (RFC 7517) for EC P-256 or RSA; private members present only on a secret key. */
export type Jwk = {
  kty: 'EC' | 'RSA' | 'OKP';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  kid?: string;
  alg?: string;
};

export type PublicKey =
  | { algorithm: 'Ed25519'; publicKey: Uint8Array }
  | { algorithm: 'P-256'; jwk: Jwk }
  | { algorithm: 'RSA'; jwk: Jwk };

/** Ed25519 secret keys are the 32-byte seed of RFC 8032. */
export type PrivateKey =
  | { algorithm: 'Ed25519'; publicKey: Uint8Array; secretKey: Uint8Array }
  | { algorithm: 'P-256'; jwk: Jwk }
  | { algorithm: 'RSA'; jwk: Jwk };

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** The public half of a JWK: every private member removed. */
export function publicJwk(jwk: Jwk): Jwk {
  const out: Jwk = { ...jwk };
  for (const member of PRIVATE_JWK_MEMBERS) {
    delete out[member];
  }
  return out;
}

export function toPublicKey(key: PrivateKey): PublicKey {
  switch (key.algorithm) {
    case 'Ed25519':
      return { algorithm: 'Ed25519', publicKey: key.publicKey };
    case 'P-256':
      return { algorithm: 'P-256', jwk: publicJwk(key.jwk) };
    case 'RSA':
      return { algorithm: 'RSA', jwk: publicJwk(key.jwk) };
  }
}

/** The JOSE `alg` for each key algorithm (OB 3.0 VC-JWT: EdDSA, ES256 or RS256). */
export const JWS_ALGORITHM: Record<KeyAlgorithm, 'EdDSA' | 'ES256' | 'RS256'> = {
  Ed25519: 'EdDSA',
  'P-256': 'ES256',
  RSA: 'RS256',
};
