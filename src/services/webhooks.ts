/**
 * Webhook endpoints of an organization and their delivery log (docs/webhooks.md). An endpoint's signing
 * secret is shown once, when it is made (or rotated), and kept encrypted under the master key: Cairn
 * must read it to sign, so it cannot be hashed like an API key.
 */
import { isIP } from 'node:net';
import { AppError } from '../errors.js';
import { isBlockedAddress } from '../node/guarded-fetch.js';
import { newId } from '../storage/ids.js';
import type { PageRequest } from '../storage/pagination.js';
import { withTransaction } from '../storage/transaction.js';
import {
  deleteWebhookEndpoint as deleteEndpointRow,
  findWebhookDelivery,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookDeliveries,
  updateWebhookEndpoint as updateEndpointRow,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../storage/webhooks.repository.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { EVENT_TYPE_NAMES, PING_EVENT, recordEvent, type WebhookEvent } from './events.js';
import { decryptSecret, encryptSecret } from './key-vault.js';
import { randomToken } from './secrets.js';

export type WebhookEndpointInput = {
  url: string;
  /** Event types, or `["*"]` for all (the default). */
  events?: readonly string[];
  description?: string | null;
  enabled?: boolean;
};

function secretAad(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

/**
 * Refuses a target URL that is not https (http too when private networks are allowed, for development),
 * carries credentials, or names a loopback / private / reserved address or `localhost`. Host names are
 * checked again, resolved, at every delivery (the SSRF-guarded fetch), since DNS answers change.
 * Throws INVALID_INPUT or FETCH_BLOCKED.
 */
export function checkWebhookUrl(value: string, allowPrivateNetwork: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('INVALID_INPUT', 'url must be an absolute https:// URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivateNetwork && url.protocol === 'http:')) {
    throw new AppError('INVALID_INPUT', 'url must be an https:// URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('INVALID_INPUT', 'url must not carry a user name or password');
  }
  if (url.hash !== '') {
    throw new AppError('INVALID_INPUT', 'url must not have a fragment');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local =
    host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isBlockedAddress(host));
  if (local && !allowPrivateNetwork) {
    throw new AppError('FETCH_BLOCKED', 'Webhooks cannot target loopback, private or reserved addresses');
  }
  return url.href;
}

function checkEvents(events: readonly string[] | undefined): string[] {
  const list = [...new Set(events ?? ['*'])];
  if (list.length === 0) {
    throw new AppError('INVALID_INPUT', 'events must name at least one event type, or "*" for all');
  }
  const unknown = list.filter((name) => name !== '*' && !EVENT_TYPE_NAMES.includes(name as never));
  if (unknown.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown event types: ${unknown.join(', ')} (known: ${EVENT_TYPE_NAMES.join(', ')}, or "*")`,
    );
  }
  return list;
}

function newSecret(): { secret: string; prefix: string } {
  const secret = randomToken('whsec');
  return { secret, prefix: `${secret.slice(0, 10)}…` };
}

/** Creates an endpoint; the secret is in the answer and nowhere else. Throws INVALID_INPUT, FETCH_BLOCKED. */
export async function createWebhookEndpoint(
  ctx: AppContext,
  actor: Actor,
  input: WebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkWebhookUrl(input.url, ctx.config.webhookAllowPrivateNetwork);
  const events = checkEvents(input.events);
  const id = newId();
  const { secret, prefix } = newSecret();
  const endpoint = await withTransaction(ctx.db, async (trx) => {
    const created = await insertWebhookEndpoint(trx, {
      id,
      organization_id: actor.organizationId,
      url,
      description: input.description ?? null,
      events,
      enabled: input.enabled ?? true,
      encrypted_secret: encryptSecret(ctx.masterKey, new TextEncoder().encode(secret), secretAad(id)),
      secret_prefix: prefix,
    });
    await audit(trx, actor, 'webhook.create', { type: 'webhook_endpoint', id }, { url, events });
    return created;
  });
  return { endpoint, secret };
}

export async function getWebhookEndpoint(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<WebhookEndpoint> {
  const endpoint = await findWebhookEndpoint(ctx.db, actor.organizationId, id);
  if (!endpoint) {
    throw new AppError('NOT_FOUND', 'No such webhook endpoint');
  }
  return endpoint;
}

export async function updateWebhookEndpoint(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: Partial<WebhookEndpointInput>,
): Promise<WebhookEndpoint> {
  const patch = {
    ...(input.url === undefined
      ? {}
      : { url: checkWebhookUrl(input.url, ctx.config.webhookAllowPrivateNetwork) }),
    ...(input.events === undefined ? {} : { events: checkEvents(input.events) }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
  };
  return await withTransaction(ctx.db, async (trx) => {
    const updated = await updateEndpointRow(trx, actor.organizationId, id, patch);
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such webhook endpoint');
    }
    await audit(
      trx,
      actor,
      'webhook.update',
      { type: 'webhook_endpoint', id },
      {
        fields: Object.keys(patch),
      },
    );
    return updated;
  });
}

/** A new secret, shown once; the old one stops signing at once. */
export async function rotateWebhookSecret(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { secret, prefix } = newSecret();
  return await withTransaction(ctx.db, async (trx) => {
    const updated = await updateEndpointRow(trx, actor.organizationId, id, {
      encrypted_secret: encryptSecret(ctx.masterKey, new TextEncoder().encode(secret), secretAad(id)),
      secret_prefix: prefix,
    });
    if (!updated) {
      throw new AppError('NOT_FOUND', 'No such webhook endpoint');
    }
    await audit(trx, actor, 'webhook.rotate_secret', { type: 'webhook_endpoint', id });
    return { endpoint: updated, secret };
  });
}

export async function deleteWebhookEndpoint(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    if (!(await deleteEndpointRow(trx, actor.organizationId, id))) {
      throw new AppError('NOT_FOUND', 'No such webhook endpoint');
    }
    await audit(trx, actor, 'webhook.delete', { type: 'webhook_endpoint', id });
  });
}

/** The endpoint's signing secret, decrypted (for the delivery job). */
export function webhookSecret(ctx: AppContext, endpoint: WebhookEndpoint): string {
  return new TextDecoder().decode(
    decryptSecret(ctx.masterKey, endpoint.encrypted_secret, secretAad(endpoint.id)),
  );
}

export async function listDeliveries(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  filters: Parameters<typeof listWebhookDeliveries>[3],
  page: PageRequest,
) {
  await getWebhookEndpoint(ctx, actor, endpointId);
  return await listWebhookDeliveries(ctx.db, actor.organizationId, endpointId, filters, page);
}

export async function getDelivery(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const delivery = await findWebhookDelivery(ctx.db, actor.organizationId, deliveryId);
  if (!delivery || delivery.endpoint_id !== endpointId) {
    throw new AppError('NOT_FOUND', 'No such delivery');
  }
  return delivery;
}

/**
 * Sends a delivery's event again, as a new delivery with the same body (so the same event id: receivers
 * that de-duplicate see it once). Returns the new delivery.
 */
export async function resendDelivery(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const original = await getDelivery(ctx, actor, endpointId, deliveryId);
  const event = JSON.parse(original.payload) as WebhookEvent;
  return await withTransaction(ctx.db, async (trx) => {
    const [id] = await recordEvent(trx, actor.organizationId, event, [endpointId], {
      resendOf: original.id,
    });
    const created = await findWebhookDelivery(trx, actor.organizationId, id ?? '');
    if (!created) {
      throw new AppError('INTERNAL', 'The new delivery was not stored');
    }
    await audit(
      trx,
      actor,
      'webhook.resend',
      { type: 'webhook_delivery', id: original.id },
      {
        delivery: created.id,
      },
    );
    return created;
  });
}

/** Sends a `webhook.ping` event to one endpoint (the console's "send a test event"). */
export async function pingWebhookEndpoint(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
): Promise<WebhookDelivery> {
  const endpoint = await getWebhookEndpoint(ctx, actor, endpointId);
  const event: WebhookEvent = {
    id: `evt_${newId()}`,
    type: PING_EVENT,
    createdAt: ctx.clock().toISOString(),
    organizationId: actor.organizationId,
    data: { endpointId: endpoint.id, url: endpoint.url },
  };
  return await withTransaction(ctx.db, async (trx) => {
    const [id] = await recordEvent(trx, actor.organizationId, event, [endpoint.id]);
    const created = await findWebhookDelivery(trx, actor.organizationId, id ?? '');
    if (!created) {
      throw new AppError('INTERNAL', 'The delivery was not stored');
    }
    return created;
  });
}

/** An endpoint as the API shows it: never the secret. */
export function presentWebhookEndpoint(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    enabled: endpoint.enabled,
    secretPrefix: endpoint.secret_prefix,
    createdAt: endpoint.created_at,
    updatedAt: endpoint.updated_at,
  };
}

export function presentWebhookDelivery(delivery: WebhookDelivery, options: { withPayload?: boolean } = {}) {
  return {
    id: delivery.id,
    endpointId: delivery.endpoint_id,
    eventId: delivery.event_id,
    eventType: delivery.event_type,
    status: delivery.status,
    attempts: delivery.attempts,
    responseStatus: delivery.response_status,
    durationMs: delivery.duration_ms,
    lastError: delivery.last_error,
    resendOf: delivery.resend_of,
    createdAt: delivery.created_at,
    lastAttemptAt: delivery.last_attempt_at,
    deliveredAt: delivery.delivered_at,
    ...(options.withPayload
      ? { payload: JSON.parse(delivery.payload) as unknown, responseBody: delivery.response_body }
      : {}),
  };
}
