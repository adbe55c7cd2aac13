/**
 * API keys: `cairn_<random>` shown once at creation, stored as a SHA-256 hash (a 256-bit random key needs
 * no slow hash), scoped to one organization and one role, revocable, with a last-used time.
 */
import { AppError } from '../errors.js';
import {
  type ApiKey,
  findActiveApiKeyByHash,
  insertApiKey,
  revokeApiKey,
  touchApiKey,
} from '../storage/api-keys.repository.js';
import type { Role } from '../storage/tables.js';
import { withTransaction } from '../storage/transaction.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, roleAtLeast } from './context.js';
import { randomToken, sha256Hex } from './secrets.js';

export type CreatedApiKey = { apiKey: ApiKey; secret: string };

/** An actor may hand out at most its own role. Throws FORBIDDEN otherwise. */
export async function createApiKey(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; role: Role },
): Promise<CreatedApiKey> {
  if (!roleAtLeast(actor.role, input.role)) {
    throw new AppError('FORBIDDEN', `A ${actor.role} cannot create a key with the ${input.role} role`);
  }
  const secret = randomToken('cairn');
  return await withTransaction(ctx.db, async (trx) => {
    const apiKey = await insertApiKey(trx, {
      organization_id: actor.organizationId,
      name: input.name,
      role: input.role,
      prefix: secret.slice(0, 12),
      key_hash: sha256Hex(secret),
    });
    await audit(
      trx,
      actor,
      'api_key.create',
      { type: 'api_key', id: apiKey.id },
      { name: input.name, role: input.role },
    );
    return { apiKey, secret };
  });
}

export async function revokeKey(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    const revoked = await revokeApiKey(trx, actor.organizationId, id, ctx.clock());
    if (!revoked) {
      throw new AppError('NOT_FOUND', 'No such API key');
    }
    await audit(trx, actor, 'api_key.revoke', { type: 'api_key', id });
  });
}

/** The actor an `Authorization: Bearer` key stands for, or undefined for an unknown or revoked key. */
export async function authenticateApiKey(
  ctx: AppContext,
  secret: string,
): Promise<Omit<Actor, 'ip' | 'userAgent'> | undefined> {
  if (!secret.startsWith('cairn_')) {
    return undefined;
  }
  const key = await findActiveApiKeyByHash(ctx.db, sha256Hex(secret));
  if (!key) {
    return undefined;
  }
  // A write per request would make reads contend on hot keys: a minute's precision is enough.
  const now = ctx.clock();
  if (!key.last_used_at || now.getTime() - Date.parse(key.last_used_at) > 60_000) {
    await touchApiKey(ctx.db, key.organization_id, key.id, now);
  }
  return { type: 'api_key', id: key.id, organizationId: key.organization_id, role: key.role };
}
