/**
 * An Open Badges 2.0 issuer for tests, built without Cairn: a real HTTP server on 127.0.0.1 hosting an
 * issuer Profile, a BadgeClass, a CryptographicKey (RSA, PEM) and a RevocationList, hosted assertions it
 * serves, and signed assertions it signs with `jose` (RS256 compact JWS). Baked images are made with
 * the test PNG builder and a hand-written SVG, never with Cairn's baker.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, type CryptoKey, exportSPKI, generateKeyPair } from 'jose';
import { iTxtChunk, makePng } from './png-fixtures.js';

export type Json = Record<string, unknown>;
type Answer = { status: number; body: unknown };

const OB2_CONTEXT = 'https://w3id.org/openbadges/v2';

export type Ob2Issuer = {
  base: string;
  issuerId: string;
  badgeId: string;
  keyId: string;
  revocationListUrl: string;
  /** What the server answers, by path; tests change it (revoke, tamper, remove). */
  answers: Map<string, Answer>;
  profile: Json;
  /** A hosted assertion served at /assertions/{n}, recipient `email` (hashed with a salt). */
  hosted: (email: string, overrides?: Json) => Json;
  /** A signed assertion (JWS) for `email`; `signWith` another key to forge it. */
  signed: (email: string, overrides?: Json, signWith?: CryptoKey) => Promise<string>;
  /** Strips a hosted assertion down to `{ id, revoked: true, revocationReason }`, as issuers do. */
  revokeHosted: (assertion: Json, reason: string) => void;
  /** Lists an assertion id in the revocation list. */
  revoke: (id: string, reason: string) => void;
  /** A key this issuer does not own, for forgeries. */
  otherKey: () => Promise<CryptoKey>;
  close: () => Promise<void>;
};

export function hashEmail(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email + salt)
    .digest('hex')}`;
}

/** An OB 2.0 PNG: an iTXt chunk with keyword `openbadges` holding JSON, a JWS or a URL. */
export function bakeOb2Png(text: string): Uint8Array {
  return makePng([iTxtChunk('openbadges', text)]);
}

/** An OB 2.0 SVG: `<openbadges:assertion>` with the JSON as CDATA, or a JWS / URL in `verify`. */
export function bakeOb2Svg(text: string): string {
  const element = text.trim().startsWith('{')
    ? `<openbadges:assertion><![CDATA[${text}]]></openbadges:assertion>`
    : `<openbadges:assertion verify="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></openbadges:assertion>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" width="40" height="40" viewBox="0 0 40 40">
  ${element}
  <circle cx="20" cy="20" r="18" fill="#2a6f4e"/>
</svg>
`;
}

export async function startOb2Issuer(): Promise<Ob2Issuer> {
  const answers = new Map<string, Answer>();
  const server = createServer((request, response) => {
    const answer = answers.get(new URL(request.url ?? '/', 'http://x').pathname);
    response.writeHead(answer?.status ?? 404, { 'content-type': 'application/ld+json' });
    response.end(answer?.body === undefined ? '{"error":"not found"}' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const issuerId = `${base}/issuer`;
  const badgeId = `${base}/badges/robotics`;
  const keyId = `${base}/keys/1`;
  const revocationListUrl = `${base}/revocations`;
  const profile: Json = {
    '@context': OB2_CONTEXT,
    type: 'Issuer',
    id: issuerId,
    name: 'Example Maker Society',
    url: base,
    email: 'badges@example.org',
    publicKey: keyId,
    revocationList: revocationListUrl,
  };
  answers.set('/issuer', { status: 200, body: profile });
  answers.set('/badges/robotics', {
    status: 200,
    body: {
      '@context': OB2_CONTEXT,
      type: 'BadgeClass',
      id: badgeId,
      name: 'Robotics Basics',
      description: 'Built and programmed a line-following robot.',
      image: `${base}/badges/robotics/image.png`,
      criteria: { narrative: 'Pass the robotics lab.' },
      issuer: issuerId,
    },
  });
  answers.set('/keys/1', {
    status: 200,
    body: {
      '@context': OB2_CONTEXT,
      type: 'CryptographicKey',
      id: keyId,
      owner: issuerId,
      publicKeyPem: await exportSPKI(publicKey),
    },
  });
  const revoked: Json[] = [];
  answers.set('/revocations', {
    status: 200,
    body: {
      '@context': OB2_CONTEXT,
      type: 'RevocationList',
      id: revocationListUrl,
      issuer: issuerId,
      revokedAssertions: revoked,
    },
  });
  let count = 0;
  const recipient = (email: string) => {
    const salt = randomUUID().slice(0, 8);
    return { type: 'email', hashed: true, salt, identity: hashEmail(email, salt) };
  };
  return {
    base,
    issuerId,
    badgeId,
    keyId,
    revocationListUrl,
    answers,
    profile,
    hosted: (email, overrides = {}) => {
      const path = `/assertions/${++count}`;
      const assertion: Json = {
        '@context': OB2_CONTEXT,
        type: 'Assertion',
        id: `${base}${path}`,
        recipient: recipient(email),
        badge: badgeId,
        issuedOn: '2026-01-15T10:00:00Z',
        verification: { type: 'HostedBadge' },
        ...overrides,
      };
      answers.set(path, { status: 200, body: assertion });
      return assertion;
    },
    signed: async (email, overrides = {}, signWith = privateKey) => {
      const assertion: Json = {
        '@context': OB2_CONTEXT,
        type: 'Assertion',
        id: `urn:uuid:${randomUUID()}`,
        recipient: recipient(email),
        badge: badgeId,
        issuedOn: '2026-01-15T10:00:00Z',
        verification: { type: 'SignedBadge', creator: keyId },
        ...overrides,
      };
      return await new CompactSign(new TextEncoder().encode(JSON.stringify(assertion)))
        .setProtectedHeader({ alg: 'RS256' })
        .sign(signWith);
    },
    revokeHosted: (assertion, reason) => {
      answers.set(new URL(assertion.id as string).pathname, {
        status: 200,
        body: { '@context': OB2_CONTEXT, id: assertion.id, revoked: true, revocationReason: reason },
      });
    },
    revoke: (id, reason) => {
      revoked.push({ id, revocationReason: reason });
    },
    otherKey: async () => (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
