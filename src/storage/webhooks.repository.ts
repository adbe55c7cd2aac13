import type { Kysely, Selectable } from 'kysely';
import { fromDbBoolean, fromJsonText, nowTimestamp, toDbBoolean, toJsonText, toTimestamp } from './codec.js';
import { newId } from './ids.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from './pagination.js';
import type {
  Database,
  Timestamp,
  WebhookDeliveryStatus,
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from './tables.js';

/** A webhook endpoint: `events` parsed, `enabled` a boolean. The secret stays encrypted. */
export type WebhookEndpoint = Omit<Selectable<WebhookEndpointTable>, 'events' | 'enabled'> & {
  events: string[];
  enabled: boolean;
};

export type WebhookDelivery = Selectable<WebhookDeliveryTable>;

export type NewWebhookEndpoint = {
  id?: string;
  organization_id: string;
  url: string;
  description?: string | null;
  events: readonly string[];
  enabled?: boolean;
  encrypted_secret: string;
  secret_prefix: string;
};

export async function insertWebhookEndpoint(
  db: Kysely<Database>,
  values: NewWebhookEndpoint,
): Promise<WebhookEndpoint> {
  const now = nowTimestamp();
  const row = await db
    .insertInto('webhook_endpoints')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      url: values.url,
      description: values.description ?? null,
      events: toJsonText([...values.events]),
      enabled: toDbBoolean(values.enabled ?? true),
      encrypted_secret: values.encrypted_secret,
      secret_prefix: values.secret_prefix,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function findWebhookEndpoint(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toEndpoint(row);
}

/** The organization's endpoints, newest first. */
export async function listWebhookEndpoints(
  db: Kysely<Database>,
  organizationId: string,
  page: PageRequest = {},
): Promise<Page<WebhookEndpoint>> {
  const limit = pageLimit(page.limit);
  let query = db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId);
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('webhook_endpoints', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toEndpoint), limit);
}

/** The organization's enabled endpoints that want this event type (listed, or `*`). */
export async function listSubscribedEndpoints(
  db: Kysely<Database>,
  organizationId: string,
  eventType: string,
): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('enabled', '=', toDbBoolean(true))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .map(toEndpoint)
    .filter((endpoint) => endpoint.events.includes('*') || endpoint.events.includes(eventType));
}

export type WebhookEndpointPatch = {
  url?: string;
  description?: string | null;
  events?: readonly string[];
  enabled?: boolean;
  encrypted_secret?: string;
  secret_prefix?: string;
};

/** Undefined when the organization has no such endpoint. */
export async function updateWebhookEndpoint(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  patch: WebhookEndpointPatch,
): Promise<WebhookEndpoint | undefined> {
  const { events, enabled, ...rest } = patch;
  const row = await db
    .updateTable('webhook_endpoints')
    .set({
      ...rest,
      ...(events === undefined ? {} : { events: toJsonText([...events]) }),
      ...(enabled === undefined ? {} : { enabled: toDbBoolean(enabled) }),
      updated_at: nowTimestamp(),
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toEndpoint(row);
}

/** Deletes the endpoint and its delivery log; false when the organization has no such endpoint. */
export async function deleteWebhookEndpoint(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('webhook_endpoints')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export type NewWebhookDelivery = {
  id?: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  resend_of?: string | null;
  created_at?: Timestamp;
};

/** Fails with a foreign-key violation when the endpoint is not the organization's. */
export async function insertWebhookDelivery(
  db: Kysely<Database>,
  values: NewWebhookDelivery,
): Promise<WebhookDelivery> {
  const now = values.created_at === undefined ? nowTimestamp() : toTimestamp(values.created_at);
  return await db
    .insertInto('webhook_deliveries')
    .values({
      id: values.id ?? newId(),
      organization_id: values.organization_id,
      endpoint_id: values.endpoint_id,
      event_id: values.event_id,
      event_type: values.event_type,
      payload: values.payload,
      status: 'pending',
      attempts: 0,
      response_status: null,
      response_body: null,
      duration_ms: null,
      last_error: null,
      resend_of: values.resend_of ?? null,
      created_at: now,
      updated_at: now,
      last_attempt_at: null,
      delivered_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWebhookDelivery(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<WebhookDelivery | undefined> {
  return await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** One endpoint's deliveries, newest first. */
export async function listWebhookDeliveries(
  db: Kysely<Database>,
  organizationId: string,
  endpointId: string,
  filters: { status?: WebhookDeliveryStatus; eventType?: string } = {},
  page: PageRequest = {},
): Promise<Page<WebhookDelivery>> {
  const limit = pageLimit(page.limit);
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('endpoint_id', '=', endpointId);
  if (filters.status !== undefined) {
    query = query.where('status', '=', filters.status);
  }
  if (filters.eventType !== undefined) {
    query = query.where('event_type', '=', filters.eventType);
  }
  if (page.cursor !== undefined) {
    query = query.where(afterCursor('webhook_deliveries', page.cursor));
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit);
}

export type WebhookAttempt = {
  status: WebhookDeliveryStatus;
  attempts: number;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number | null;
  last_error: string | null;
  last_attempt_at: Timestamp;
  delivered_at?: Timestamp | null;
};

/** Records an attempt's outcome; undefined when the organization has no such delivery. */
export async function updateWebhookDelivery(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  patch: Partial<WebhookAttempt>,
): Promise<WebhookDelivery | undefined> {
  return await db
    .updateTable('webhook_deliveries')
    .set({ ...patch, updated_at: nowTimestamp() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

function toEndpoint(row: Selectable<WebhookEndpointTable>): WebhookEndpoint {
  return {
    ...row,
    events: fromJsonText<string[]>(row.events),
    enabled: fromDbBoolean(row.enabled),
  };
}
