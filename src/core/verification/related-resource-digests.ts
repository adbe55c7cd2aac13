/**
 * `relatedResource` digests checked offline, against the resources whose bytes are fixed and known.
 *
 * A verifier "MUST produce an error" when a related resource's digest does not match the resource
 * (VCDM 2.0 §5.3). Cairn fetches nothing a credential names just to hash it, so it checks the digests of
 * the resources it knows byte for byte: the base context, whose SHA2-256 digest the Recommendation
 * itself publishes (§B.1, "treat the base context value ... as already retrieved"). A digest of any other
 * resource is left to whoever can retrieve it.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
 * @see https://www.w3.org/TR/vc-data-model-2.0/#base-context
 */
import { base58Decode, base64urlDecode } from '../encoding/base.js';
import { bytesEqual, fromHex } from '../encoding/bytes.js';
import { CONTEXT_URLS } from '../jsonld/contexts.js';

type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * Hex digests of the bytes served at each URL. The base context's are those of w3c/vc-data-model
 * `contexts/credentials/v2` at commit 8d0ee107 (10,139 bytes): its SHA2-256 is the value the
 * Recommendation publishes, 24a18c90…; the other two are computed from the same bytes (kept in
 * test/fixtures/contexts/credentials-v2-recommendation.jsonld, where a test recomputes all three).
 */
export const KNOWN_RESOURCE_DIGESTS: ReadonlyMap<string, Readonly<Record<DigestAlgorithm, string>>> = new Map(
  [
    [
      CONTEXT_URLS.VC_V2,
      {
        sha256: '24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9',
        sha384:
          '35239c36999d2155312091af194a1edb61634d6ad789a5e5b19f2aebdd762dd9d1dcaada40eda7ef921c6b8c0ae107a0',
        sha512:
          'cb1336dfa8670d80d03344b3b0cc25faf4d45201823c35f39bb1afe5a9f911f615ff4ec80ec5f2f89e33d14e96bec8be78e38df35b918c9cd5f3b3449bd6c88f',
      },
    ],
  ],
);

const DIGEST_LENGTHS: Record<DigestAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

/** Multihash codes of the SHA-2 functions (multicodec table: 0x12 sha2-256, 0x20 sha2-384, 0x13 sha2-512). */
const MULTIHASH_CODES: Record<number, DigestAlgorithm> = { 18: 'sha256', 32: 'sha384', 19: 'sha512' };

type Digest = { algorithm: DigestAlgorithm; bytes: Uint8Array };

/** Standard base64 (SRI uses it, padded or not); undefined for any other alphabet. */
function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    return undefined;
  }
  try {
    return base64urlDecode(text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  } catch {
    return undefined;
  }
}

/** The hash expressions of an SRI value (`sha384-<base64>[?options]`, space separated). */
function sriDigests(value: string): (Digest | undefined)[] {
  return value
    .trim()
    .split(/\s+/)
    .map((expression) => {
      const match = /^(sha256|sha384|sha512)-([^?]+)(\?.*)?$/.exec(expression);
      const algorithm = match?.[1] as DigestAlgorithm | undefined;
      const bytes = match?.[2] === undefined ? undefined : decodeBase64(match[2]);
      return algorithm && bytes && bytes.length === DIGEST_LENGTHS[algorithm]
        ? { algorithm, bytes }
        : undefined;
    });
}

/**
 * A multibase digest: base64url (`u`) or base58btc (`z`) of either a multihash (SHA-2 codes) or, as the
 * W3C suites write it, the bare 32 bytes of a SHA-256 digest.
 */
function multibaseDigest(value: string): Digest | undefined {
  let bytes: Uint8Array;
  try {
    if (value.startsWith('u')) {
      bytes = base64urlDecode(value.slice(1));
    } else if (value.startsWith('z')) {
      bytes = base58Decode(value.slice(1));
    } else {
      return undefined;
    }
  } catch {
    return undefined;
  }
  const code = bytes[0] === undefined ? undefined : MULTIHASH_CODES[bytes[0]];
  if (code && bytes[1] === DIGEST_LENGTHS[code] && bytes.length === DIGEST_LENGTHS[code] + 2) {
    return { algorithm: code, bytes: bytes.slice(2) };
  }
  return bytes.length === DIGEST_LENGTHS.sha256 ? { algorithm: 'sha256', bytes } : undefined;
}

/**
 * Problems with one related resource's digests, when its bytes are known here: every digest it gives must
 * be readable and match. Nothing for a resource Cairn does not know.
 */
export function relatedResourceDigestProblems(
  item: { id: string; digestSRI?: unknown; digestMultibase?: unknown },
  path: string,
): string[] {
  const known = KNOWN_RESOURCE_DIGESTS.get(item.id);
  if (!known) {
    return [];
  }
  const problems: string[] = [];
  const compare = (digest: Digest | undefined, property: string) => {
    if (!digest) {
      problems.push(`${path}.${property} is not a SHA-2 digest Cairn can read`);
    } else if (!bytesEqual(digest.bytes, fromHex(known[digest.algorithm]))) {
      problems.push(`${path}.${property} does not match ${item.id} (its ${digest.algorithm} differs)`);
    }
  };
  for (const value of item.digestSRI === undefined ? [] : [item.digestSRI].flat()) {
    const digests = typeof value === 'string' ? sriDigests(value) : [undefined];
    for (const digest of digests) {
      compare(digest, 'digestSRI');
    }
  }
  for (const value of item.digestMultibase === undefined ? [] : [item.digestMultibase].flat()) {
    compare(typeof value === 'string' ? multibaseDigest(value) : undefined, 'digestMultibase');
  }
  return problems;
}
