import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { decodeVcJwt } from './vc-jwt.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = b64({ alg: 'EdDSA', kid: 'did:example:i#k', typ: 'JWT' });
const payload = b64({ iss: 'did:example:i', jti: 'urn:x', nbf: 1, name: 'Badge' });
const signature = Buffer.from(new Uint8Array(64).fill(9)).toString('base64url');

function reason(jwt: string): string {
  try {
    decodeVcJwt(jwt);
    return 'decoded';
  } catch (error) {
    return isAppError(error) ? (error.detail ?? error.message) : String(error);
  }
}

describe('decodeVcJwt', () => {
  it('decodes an OB 3.0 VC-JWT: the credential is the payload without the registered claims', () => {
    const decoded = decodeVcJwt(` ${header}.${payload}.${signature}\n`);
    expect(decoded.profile).toBe('ob3');
    expect(decoded.credential).toEqual({ name: 'Badge' });
    expect(decoded.signature).toEqual(new Uint8Array(64).fill(9));
    expect(decoded.signingInput).toBe(`${header}.${payload}`);
  });

  it('keeps a "__proto__" member an ordinary property of the credential', () => {
    const tricky = Buffer.from('{"iss":"x","__proto__":{"polluted":true},"name":"n"}').toString('base64url');
    const { credential } = decodeVcJwt(`${header}.${tricky}.${signature}`);
    expect(Object.getPrototypeOf(credential)).toBe(Object.prototype);
    expect(Object.keys(credential)).toEqual(['__proto__', 'name']);
  });

  it('says what is wrong with a malformed JWT', () => {
    const notJws = 'Not a compact JWS (three base64url parts separated by dots)';
    const notJson = 'The JWT header or payload is not base64url-encoded JSON';
    expect(reason(`${header}.${payload}`)).toBe(notJws);
    expect(reason(`${header}.${payload}.${signature}.x`)).toBe(notJws);
    expect(reason(`.${payload}.${signature}`)).toBe(notJws);
    expect(reason(`${header}.${payload}=.${signature}`)).toBe(notJws);
    expect(reason(`${header}.pay+load.${signature}`)).toBe(notJws);
    expect(reason(`${header}.${payload}.`)).toBe('decoded'); // an empty signature, which then fails to verify
    expect(reason(`${header}.${payload}.abcde`)).toBe('The JWT signature is not base64url');
    expect(reason(`${header}.${payload}x.${signature}`)).toBe(notJson);
    expect(reason(`${header}.${b64('not json').slice(0, -2)}AA.${signature}`)).toBe(notJson);
    expect(reason(`${header}.${b64([1, 2])}.${signature}`)).toBe(
      'The JWT header and payload must be JSON objects',
    );
  });
});
