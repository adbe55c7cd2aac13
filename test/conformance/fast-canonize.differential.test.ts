/**
 * The fast canonical path against the general one (jsonld.js in safe mode + rdf-canonize), on thousands of
 * generated OB 3.0 / endorsement / CLR credentials: the canonical N-Quads must be byte-identical, and a
 * document one path refuses the other must refuse with the same error code. A sample signed through the
 * fast path verifies with @digitalbazaar/vc.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonizeRdfc } from '../../src/core/jsonld/canonize.js';
import { createFastCanonizer } from '../../src/core/jsonld/fast-canonize.js';
import { addDataIntegrityProof } from '../../src/core/proofs/add-proof.js';
import { isAppError } from '../../src/errors.js';
import { nodeCryptoBackend } from '../../src/node/node-crypto-backend.js';
import {
  achievementCredential,
  clrCredential,
  endorsementCredential,
  vocabCredential,
} from '../support/ob3-arbitraries.js';
import { referenceVerify } from '../support/reference-stack.js';
import { issuedBy, newKeyPair } from '../support/signing.js';

const fast = createFastCanonizer(undefined, { sha256Hex: nodeCryptoBackend.sha256Hex });
/** The same canonizer with the portable hash, on part of the runs: both hashes must give one answer. */
const fastPortable = createFastCanonizer();

type Outcome = { nquads: string } | { error: string };

async function outcome(run: () => Promise<string>): Promise<Outcome> {
  try {
    return { nquads: await run() };
  } catch (error) {
    return { error: isAppError(error) ? error.code : String(error) };
  }
}

let cases = 0;
async function sameAsGeneral(document: Record<string, unknown>, canonize = fast): Promise<void> {
  cases++;
  const expected = await outcome(() => canonizeRdfc(document));
  const actual = await outcome(() => canonize(document));
  expect(actual).toEqual(expected);
}

/** Runs per property; seeds vary per run, so every run explores new documents. */
const RUNS = { achievement: 1000, endorsement: 500, clr: 150, vocab: 500 };
/** The general path takes most of the time (~25 ms a rich credential); the fast path is negligible. */
const LONG = { timeout: 300_000 };

describe('the fast path writes the same canonical N-Quads as jsonld + rdf-canonize', () => {
  afterAll(() => {
    // For the record in the test log: how many documents, and how they were taken.
    console.info(`fast-canonize differential: ${cases} documents`, fast.stats, fastPortable.stats);
  });

  it(
    'for OB 3.0 AchievementCredentials (with endorsements, proofs, every optional field)',
    LONG,
    async () => {
      const before = { ...fast.stats };
      await fc.assert(
        fc.asyncProperty(achievementCredential(), (document) => sameAsGeneral(document)),
        { numRuns: RUNS.achievement },
      );
      // The generator mostly writes what the fast path covers: it must not be falling back wholesale.
      const fastRuns = fast.stats.fast + fast.stats.nDegree - before.fast - before.nDegree;
      expect(fastRuns).toBeGreaterThan(RUNS.achievement * 0.8);
      // Structurally identical blank nodes occur, and go through rdf-canonize's N-degree hashing.
      expect(fast.stats.nDegree - before.nDegree).toBeGreaterThan(0);
    },
  );

  it('for EndorsementCredentials, with the portable SHA-256 too', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(endorsementCredential(), fc.boolean(), (document, portable) =>
        sameAsGeneral(document, portable ? fastPortable : fast),
      ),
      { numRuns: RUNS.endorsement },
    );
    expect(fastPortable.stats.fast).toBeGreaterThan(0);
  });

  it('for CLR 2.0 ClrCredentials with embedded, signed AchievementCredentials', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(clrCredential(), (document) => sameAsGeneral(document)),
      { numRuns: RUNS.clr },
    );
  });

  it('for anything under the examples context @vocab (arbitrary keys and JSON values)', LONG, async () => {
    await fc.assert(
      fc.asyncProperty(vocabCredential(), (document) => sameAsGeneral(document)),
      { numRuns: RUNS.vocab },
    );
  });
});

describe('signatures made through the fast path', () => {
  it('verify with @digitalbazaar/vc (a sample of generated credentials)', async () => {
    const keyPair = await newKeyPair();
    const samples = fc.sample(achievementCredential(false), { numRuns: 24, seed: 20261128 });
    let verified = 0;
    for (const sample of samples) {
      // The reference verifier also judges the validity window and needs a status checker: keep it simple.
      const {
        proof: _proof,
        credentialStatus: _status,
        validUntil: _until,
        ...rest
      } = issuedBy(sample, keyPair);
      const credential = { ...rest, validFrom: '2026-01-01T00:00:00Z' };
      let signed: Record<string, unknown>;
      try {
        // The core signing function: what is under test is the canonical path, not any service-level policy.
        signed = await addDataIntegrityProof(
          credential,
          { cryptosuite: 'eddsa-rdfc-2022', keyPair, created: '2026-11-01T10:00:00Z' },
          { crypto: nodeCryptoBackend, canonize: fast },
        );
      } catch (error) {
        // A generated credential the general path also refuses (e.g. a deliberately invalid language tag).
        await expect(canonizeRdfc(credential)).rejects.toThrow();
        expect(isAppError(error)).toBe(true);
        continue;
      }
      const reference = await referenceVerify(signed);
      expect(reference.verified, JSON.stringify(reference.error)).toBe(true);
      verified++;
    }
    expect(verified).toBeGreaterThan(12);
  });
});
