import { describe, expect, it } from 'vitest';
import { ISSUE_ACCEPTED, ISSUE_REJECTED, withIssuer } from '../../../test/support/vc-api-cases.js';
import { AppError } from '../../errors.js';
import { assertIssuable } from './assert-issuable.js';

const ISSUER = 'did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj';

describe('assertIssuable: what an issuer must refuse to sign', () => {
  it.each(ISSUE_REJECTED.map((c) => [c.name, c] as const))('refuses %s', async (_, { credential, code }) => {
    const error = await assertIssuable(withIssuer(credential, ISSUER)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect({ code: (error as AppError).code, detail: (error as AppError).detail }).toMatchObject({ code });
  });
});

describe('assertIssuable: what an issuer must sign', () => {
  it.each(ISSUE_ACCEPTED.map((c) => [c.name, c] as const))('accepts %s', async (_, { credential }) => {
    await expect(assertIssuable(withIssuer(credential, ISSUER))).resolves.toBeUndefined();
  });
});
