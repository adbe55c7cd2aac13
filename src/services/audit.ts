/** The audit log: who changed what, when, and from where — one entry per change an actor makes. */
import type { Kysely } from 'kysely';
import { insertAuditEntry } from '../storage/audit-log.repository.js';
import type { JsonObject } from '../storage/codec.js';
import type { Database } from '../storage/tables.js';
import type { Actor } from './context.js';

/** `action` is `noun.verb`, e.g. `credential.issue`, `api_key.revoke`. Call inside the change's transaction. */
export async function audit(
  db: Kysely<Database>,
  actor: Actor,
  action: string,
  target?: { type: string; id: string },
  details?: JsonObject,
): Promise<void> {
  await insertAuditEntry(db, {
    organization_id: actor.organizationId,
    actor_type: actor.type,
    actor_id: actor.id,
    action,
    target_type: target?.type ?? null,
    target_id: target?.id ?? null,
    details: details ?? null,
    ip: actor.ip ?? null,
    user_agent: actor.userAgent ?? null,
  });
}
