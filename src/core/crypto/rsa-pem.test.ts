import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/expect-app-error.js';
import { rsaPublicKeyFromPem } from './rsa-pem.js';

describe('rsaPublicKeyFromPem', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });

  it('reads SPKI ("PUBLIC KEY") and PKCS#1 ("RSA PUBLIC KEY") PEM into the JWK OpenSSL gives', () => {
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    expect(rsaPublicKeyFromPem(spki)).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
    expect(rsaPublicKeyFromPem(pkcs1)).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
    // PEM as OB 2.0 issuers paste it: CRLF line ends, surrounding text.
    expect(rsaPublicKeyFromPem(`key:\r\n${spki.replace(/\n/g, '\r\n')}`).n).toBe(jwk.n);
  });

  it('refuses another key type, a damaged body and text with no PEM block', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    expectAppError(() => rsaPublicKeyFromPem(ec), 'INVALID_INPUT', /not an RSA key/);
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const lines = spki.split('\n');
    const truncated = [...lines.slice(0, 3), ...lines.slice(-2)].join('\n');
    expectAppError(() => rsaPublicKeyFromPem(truncated), 'INVALID_INPUT');
    expectAppError(() => rsaPublicKeyFromPem('not a key'), 'INVALID_INPUT', /no "BEGIN PUBLIC KEY"/);
  });
});
