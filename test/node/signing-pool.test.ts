/**
 * Bulk signing in worker threads: 200 credentials signed across the pool, every one verifies (Cairn's
 * verifier, and @digitalbazaar/vc for a sample); errors come back as the same AppErrors; a closed pool
 * refuses work. The workers run the compiled module (dist/, built by the test setup).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { exportKeyFile } from '../../src/core/keys/key-pair.js';
import { createSigningPool } from '../../src/node/signing-pool.js';
import { FIXED_NOW, readFixtureJson } from '../support/fixtures.js';
import { referenceVerify } from '../support/reference-stack.js';
import { issuedBy, newKeyPair, verifyOffline } from '../support/signing.js';

const workerUrl = new URL('../../dist/node/signing-pool-worker.js', import.meta.url);
const pool = createSigningPool({ size: 2, workerUrl });
afterAll(() => pool.close());

const template = readFixtureJson('standards/examples/ob3/basic-openbadgecredential.json');

describe('createSigningPool', () => {
  it('signs 200 credentials across its workers, and every one verifies', { timeout: 60_000 }, async () => {
    const keyPair = await newKeyPair();
    const keyFile = exportKeyFile(keyPair);
    const credentials = Array.from({ length: 200 }, (_, index) => ({
      ...issuedBy(template, keyPair),
      id: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      name: `Badge ${index}`,
    }));
    const signed = await Promise.all(
      credentials.map((credential, index) =>
        pool.sign(credential, index % 2 === 0 ? keyPair : keyFile, {
          format: index % 3 === 0 ? 'eddsa-jcs-2022' : 'eddsa-rdfc-2022',
          created: '2026-11-01T10:00:00Z',
        }),
      ),
    );
    expect(signed).toHaveLength(200);
    for (const [index, credential] of signed.entries()) {
      expect((credential as { name: string }).name).toBe(`Badge ${index}`);
      const report = await verifyOffline(credential, { now: FIXED_NOW });
      expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    }
    for (const credential of signed.slice(0, 6)) {
      expect((await referenceVerify(credential as Record<string, unknown>)).verified).toBe(true);
    }
    // Both threads did part of the work.
    expect(pool.signedPerWorker.every((count) => count > 0)).toBe(true);
    expect(pool.signedPerWorker.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(200);
  });

  it('signs VC-JWTs too', async () => {
    const keyPair = await newKeyPair();
    const jwt = await pool.sign(issuedBy(template, keyPair), keyPair, {
      format: 'vc-jwt',
      created: '2026-11-01T10:00:00Z',
    });
    expect(typeof jwt).toBe('string');
    expect((await verifyOffline(jwt, { now: FIXED_NOW })).verified).toBe(true);
  });

  it('returns the same AppError as in-process signing', async () => {
    const keyPair = await newKeyPair();
    const other = await newKeyPair();
    await expect(
      pool.sign(issuedBy(template, other), keyPair, {
        format: 'eddsa-rdfc-2022',
        created: '2026-11-01T10:00:00Z',
      }),
    ).rejects.toMatchObject({ name: 'AppError', code: 'ISSUER_KEY_MISMATCH' });
    await expect(
      pool.sign({ ...issuedBy(template, keyPair), undefinedTerm: 1 }, keyPair, {
        format: 'eddsa-rdfc-2022',
        created: '2026-11-01T10:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'JSONLD_UNDEFINED_TERM' });
  });

  it('finishes its work on close, then refuses more', async () => {
    const keyPair = await newKeyPair();
    const small = createSigningPool({ size: 1, workerUrl });
    const pending = small.sign(issuedBy(template, keyPair), keyPair, {
      format: 'eddsa-rdfc-2022',
      created: '2026-11-01T10:00:00Z',
    });
    await small.close();
    await expect(pending).resolves.toHaveProperty('proof');
    await expect(
      small.sign(issuedBy(template, keyPair), keyPair, {
        format: 'eddsa-rdfc-2022',
        created: '2026-11-01T10:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
