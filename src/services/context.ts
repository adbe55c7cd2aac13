/**
 * Everything a use case needs, built once at start and passed in: the database, the clock, crypto,
 * the outbound fetch, the master key. Nothing here reads process.env (config.ts does, once).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { CryptoBackend } from '../core/crypto/crypto-backend.js';
import type { Canonizer } from '../core/jsonld/canonize.js';
import { createFastCanonizer } from '../core/jsonld/fast-canonize.js';
import type { KeyPair } from '../core/keys/key-pair.js';
import type { GuardedFetch } from '../node/guarded-fetch.js';
import { createGuardedFetch } from '../node/guarded-fetch.js';
import { nodeCryptoBackend } from '../node/node-crypto-backend.js';
import type { DialectName } from '../storage/database.js';
import type { Database, Role } from '../storage/tables.js';
import { DEFAULT_PASSWORD_COST } from './secrets.js';
import type { SigningFormat } from './sign-credential.js';

/** Signs an unsigned credential (the shape of `signCredential`, which is the default). */
export type CredentialSigner = (
  credential: Record<string, unknown>,
  options: { keyPair: KeyPair; format: SigningFormat; created: string },
  deps: { crypto: CryptoBackend; canonize: Canonizer },
) => Promise<Record<string, unknown> | string>;

export type AppContext = {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  crypto: CryptoBackend;
  canonize: Canonizer;
  /** The time, injected so tests can fix it. */
  clock: () => Date;
  /** Outbound HTTP for anything a user's input names (SSRF-guarded). */
  fetch: GuardedFetch;
  masterKey: Uint8Array;
  /** scrypt cost for new password hashes. */
  passwordCost: number;
  /**
   * What issuing signs with; absent: `signCredential` in this thread. The hook for a worker-thread
   * signing pool in bulk issuing, and for benchmarks that sign with the reference stack.
   */
  signer?: CredentialSigner;
};

export type AppContextInput = {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  masterKey: Uint8Array;
} & Partial<Omit<AppContext, 'config' | 'db' | 'dialect' | 'masterKey'>>;

export function createAppContext(input: AppContextInput): AppContext {
  return {
    crypto: nodeCryptoBackend,
    // The fast canonical path; it falls back to jsonld.js for anything it cannot prove it handles.
    canonize: createFastCanonizer(undefined, { sha256Hex: (text) => nodeCryptoBackend.sha256Hex(text) }),
    clock: () => new Date(),
    fetch: createGuardedFetch(),
    passwordCost: DEFAULT_PASSWORD_COST,
    ...input,
  };
}

/** Who is acting: a signed-in user or an API key, inside one organization, with one role. */
export type Actor = {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  organizationId: string;
  role: Role;
  ip?: string;
  userAgent?: string;
};

const RANK: Record<Role, number> = { viewer: 0, issuer: 1, admin: 2, owner: 3 };

/** True when `role` grants at least what `required` does (owner ⊃ admin ⊃ issuer ⊃ viewer). */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** The date-time as credentials write it: UTC, whole seconds, `Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
