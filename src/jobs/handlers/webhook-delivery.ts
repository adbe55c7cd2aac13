/**
 * The `webhook.deliver` job: POSTs one delivery's body, signed, to its endpoint through the SSRF-guarded
 * fetch, and records the attempt in the delivery log. 2xx: delivered. 5xx, 408, 429, a timeout or a
 * network failure: retried with backoff (30 s, 1 min, 2 min … up to 6 h between attempts, about 4 hours
 * over 10 attempts), then `failed`. Any other answer, or a target the guard refuses: `failed` at once
 * (retrying cannot change it); "resend" in the log tries again.
 */
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '../../core/webhooks/signature.js';
import { isAppError } from '../../errors.js';
import { createGuardedFetch, type FetchedResponse, type GuardedFetch } from '../../node/guarded-fetch.js';
import type { AppContext } from '../../services/context.js';
import { WEBHOOK_DELIVERY_JOB } from '../../services/events.js';
import { webhookSecret } from '../../services/webhooks.js';
import { toTimestamp } from '../../storage/codec.js';
import {
  findWebhookDelivery,
  findWebhookEndpoint,
  updateWebhookDelivery,
} from '../../storage/webhooks.repository.js';
import { type Job, type JobHandler, PermanentJobError } from '../queue.js';

export type WebhookDeliveryOptions = {
  /** The fetch used to deliver; default: the guarded fetch `webhookFetch(config)` builds. */
  fetch?: GuardedFetch;
};

/** Statuses worth another attempt besides 5xx: request timeout, too many requests. */
const RETRYABLE = new Set([408, 429]);

/** The guarded fetch for webhooks: 10 s per attempt, no redirects, private networks only when configured. */
export function webhookFetch(
  config: AppContext['config'],
  options: { timeoutMs?: number } = {},
): GuardedFetch {
  return createGuardedFetch({
    allowHttp: config.webhookAllowPrivateNetwork,
    allowPrivateNetwork: config.webhookAllowPrivateNetwork,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: 256 * 1024,
    // A redirect is a failed attempt: the signed request goes where the endpoint says, nowhere else.
    maxRedirects: 0,
    userAgent: 'Cairn-Webhooks/1',
  });
}

function excerpt(body: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, 1024));
}

export function createWebhookDeliveryHandler(options: WebhookDeliveryOptions = {}): JobHandler {
  let defaultFetch: GuardedFetch | undefined;
  return {
    kind: WEBHOOK_DELIVERY_JOB,
    retry: { baseMs: 30_000, maxMs: 6 * 3600_000 },
    async run(job: Job, { ctx }) {
      const organizationId = job.organization_id ?? '';
      const deliveryId = String(job.payload.deliveryId ?? '');
      const delivery = await findWebhookDelivery(ctx.db, organizationId, deliveryId);
      if (!delivery || delivery.status === 'succeeded') {
        // Deleted with its endpoint, or already delivered by an earlier run of this job.
        return;
      }
      const endpoint = await findWebhookEndpoint(ctx.db, organizationId, delivery.endpoint_id);
      if (!endpoint?.enabled) {
        await updateWebhookDelivery(ctx.db, organizationId, delivery.id, {
          status: 'cancelled',
          last_error: 'The endpoint is disabled',
        });
        return;
      }
      defaultFetch ??= options.fetch ?? webhookFetch(ctx.config);
      const fetch = defaultFetch;
      const sentAt = ctx.clock();
      const started = performance.now();
      const attempts = delivery.attempts + 1;
      const event = delivery.event_type;
      let response: FetchedResponse;
      try {
        response = await fetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhookPayload(
              webhookSecret(ctx, endpoint),
              delivery.payload,
              sentAt,
            ),
            'cairn-event': event,
            'cairn-event-id': delivery.event_id,
            'cairn-delivery': delivery.id,
          },
          body: delivery.payload,
        });
      } catch (error) {
        const message = isAppError(error) ? `${error.code}: ${error.message}` : String(error);
        await updateWebhookDelivery(ctx.db, organizationId, delivery.id, {
          status: 'pending',
          attempts,
          response_status: null,
          response_body: null,
          duration_ms: Math.round(performance.now() - started),
          last_error: message,
          last_attempt_at: toTimestamp(sentAt),
        });
        if (isAppError(error, 'FETCH_BLOCKED')) {
          throw new PermanentJobError(message);
        }
        throw error;
      }
      const ok = response.status >= 200 && response.status < 300;
      await updateWebhookDelivery(ctx.db, organizationId, delivery.id, {
        attempts,
        response_status: response.status,
        response_body: excerpt(response.body),
        duration_ms: Math.round(performance.now() - started),
        last_error: ok ? null : `The endpoint answered HTTP ${response.status}`,
        last_attempt_at: toTimestamp(sentAt),
        ...(ok
          ? { status: 'succeeded' as const, delivered_at: toTimestamp(ctx.clock()) }
          : { status: 'pending' as const }),
      });
      if (ok) {
        return;
      }
      if (response.status >= 500 || RETRYABLE.has(response.status)) {
        throw new Error(`The endpoint answered HTTP ${response.status}`);
      }
      throw new PermanentJobError(`The endpoint answered HTTP ${response.status}`);
    },
    async onDead(trx, job) {
      await updateWebhookDelivery(trx, job.organization_id ?? '', String(job.payload.deliveryId ?? ''), {
        status: 'failed',
      });
    },
  };
}
