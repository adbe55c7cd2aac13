/**
 * Events: what happened in an organization, told to its webhook endpoints (docs/webhooks.md).
 *
 * `emitEvent` is called inside the transaction of the change it reports: it writes one delivery per
 * subscribed endpoint and a `webhook.deliver` job for each, so the change and its notifications commit
 * together (a transactional outbox): a rolled-back change notifies nobody, a committed one is delivered
 * even if the process dies the next moment.
 */
import type { Kysely } from 'kysely';
import { enqueueMany } from '../jobs/queue.js';
import type { JsonObject } from '../storage/codec.js';
import { newId } from '../storage/ids.js';
import type { Database } from '../storage/tables.js';
import { insertWebhookDelivery, listSubscribedEndpoints } from '../storage/webhooks.repository.js';

/** Every event type, with what it means. Shipped names never change; new ones may be added. */
export const EVENT_TYPES = {
  'credential.issued': 'A credential was issued, one by one or in a batch',
  'credential.revoked': 'A credential was revoked',
  'credential.suspended': 'A credential was suspended',
  'credential.claimed': 'A learner claimed a credential into their wallet',
  'pathway.completed': "A learner completed a pathway (its target achievement's requirements are met)",
  'batch.completed': 'A batch finished issuing: every row issued, found issued before, or failed',
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** Sent only by "send a test event"; endpoints need not subscribe to it. */
export const PING_EVENT = 'webhook.ping';

type Recipient = { email: string | null; did: string | null };

/** The `data` of each event type (the envelope is `WebhookEvent`). Fields may be added, never removed. */
export type EventData = {
  'credential.issued': {
    credentialId: string;
    /** The credential's public page. */
    url: string;
    achievementId: string;
    issuerId: string;
    learnerId: string;
    recipient: Recipient;
    validFrom: string;
    validUntil: string | null;
  };
  'credential.revoked': {
    credentialId: string;
    url: string;
    achievementId: string;
    learnerId: string;
    reason: string | null;
  };
  'credential.suspended': {
    credentialId: string;
    url: string;
    achievementId: string;
    learnerId: string;
    reason: string | null;
  };
  'credential.claimed': {
    credentialId: string;
    url: string;
    achievementId: string;
    learnerId: string;
  };
  'pathway.completed': {
    pathwayId: string;
    learnerId: string;
    targetAchievementId: string;
    /** The credential awarded for the target achievement, when one was issued. */
    credentialId: string | null;
  };
  'batch.completed': {
    batchId: string;
    total: number;
    /** New credentials. */
    issued: number;
    /** Rows whose credential had been issued before (nothing new). */
    existing: number;
    /** Rows that failed validation. */
    invalid: number;
    /** Valid rows that could not be issued. */
    failed: number;
  };
};

/** The JSON body of every delivery. */
export type WebhookEvent = {
  /** Unique per event; the same on every attempt and every resend: de-duplicate on it. */
  id: string;
  type: EventType | typeof PING_EVENT;
  /** When the event happened (ISO 8601, UTC). */
  createdAt: string;
  organizationId: string;
  data: JsonObject;
};

/** Attempts per delivery before it is given up (about 4 hours of retries with the backoff below). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';

export type EmittedEvent = { id: string; deliveries: number };

/** Writes the deliveries of one event (the body is fixed now) and their jobs. */
export async function recordEvent(
  db: Kysely<Database>,
  organizationId: string,
  event: WebhookEvent,
  endpointIds: readonly string[],
  options: { resendOf?: string } = {},
): Promise<string[]> {
  const payload = JSON.stringify(event);
  const ids: string[] = [];
  for (const endpointId of endpointIds) {
    const delivery = await insertWebhookDelivery(db, {
      organization_id: organizationId,
      endpoint_id: endpointId,
      event_id: event.id,
      event_type: event.type,
      payload,
      resend_of: options.resendOf ?? null,
    });
    ids.push(delivery.id);
  }
  await enqueueMany(
    db,
    ids.map((deliveryId) => ({
      kind: WEBHOOK_DELIVERY_JOB,
      organizationId,
      payload: { deliveryId },
      maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    })),
  );
  return ids;
}

/**
 * Reports an event to the organization's webhook endpoints that subscribe to it. Call it with the
 * transaction of the change (see the module comment); it costs one query when no endpoint listens.
 *
 * @example
 * await withTransaction(ctx.db, async (trx) => {
 *   await updateCredentialStatus(trx, organizationId, id, 'revoked', { reason });
 *   await emitEvent(trx, organizationId, 'credential.revoked', { credentialId: id, url, achievementId, learnerId, reason });
 * });
 */
export async function emitEvent<T extends EventType>(
  trx: Kysely<Database>,
  organizationId: string,
  type: T,
  data: EventData[T],
  options: { now?: Date } = {},
): Promise<EmittedEvent> {
  const endpoints = await listSubscribedEndpoints(trx, organizationId, type);
  const id = `evt_${newId()}`;
  if (endpoints.length === 0) {
    return { id, deliveries: 0 };
  }
  const event: WebhookEvent = {
    id,
    type,
    createdAt: (options.now ?? new Date()).toISOString(),
    organizationId,
    data: data as unknown as JsonObject,
  };
  const deliveries = await recordEvent(
    trx,
    organizationId,
    event,
    endpoints.map((endpoint) => endpoint.id),
  );
  return { id, deliveries: deliveries.length };
}
