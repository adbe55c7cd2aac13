import type { Kysely, Selectable } from 'kysely';
import { fromJsonText, type JsonObject, nowTimestamp, toJsonText, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type { ActorType, AuditLogTable, Database, Timestamp } from './tables.js';

/** One change an actor made: who, what, to what, when and from where. */
export type AuditEntry = Omit<Selectable<AuditLogTable>, 'details'> & { details: JsonObject | null };

export type NewAuditEntry = {
  id?: string;
  organization_id: string;
  actor_type: ActorType;
  actor_id?: string | null;
  /** What happened, as `noun.verb`: `credential.revoke`, `api_key.create`. */
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  details?: JsonObject | null;
  ip?: string | null;
  user_agent?: string | null;
  created_at?: Timestamp;
};

export async function insertAuditEntry(db: Kysely<Database>, values: NewAuditEntry): Promise<AuditEntry> {
  const row = await db
    .insertInto('audit_log')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      actor_type: values.actor_type,
      actor_id: values.actor_id ?? null,
      action: values.action,
      target_type: values.target_type ?? null,
      target_id: values.target_id ?? null,
      details: values.details == null ? null : toJsonText(values.details),
      ip: values.ip ?? null,
      user_agent: values.user_agent ?? null,
      created_at: values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuditEntry(row);
}

export type AuditFilters = {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
};

/** The organization's audit log, newest first, one page at a time. */
export async function listAuditEntries(
  db: Kysely<Database>,
  organizationId: string,
  filters: AuditFilters = {},
  page: PageRequest = {},
): Promise<Page<AuditEntry>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId);
  if (filters.action !== undefined) {
    query = query.where('action', '=', filters.action);
  }
  if (filters.targetType !== undefined) {
    query = query.where('target_type', '=', filters.targetType);
  }
  if (filters.targetId !== undefined) {
    query = query.where('target_id', '=', filters.targetId);
  }
  if (filters.actorId !== undefined) {
    query = query.where('actor_id', '=', filters.actorId);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('audit_log', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toAuditEntry), limit);
}

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return { ...row, details: row.details === null ? null : fromJsonText(row.details) };
}
