/**
 * Webhooks end to end on both databases, against a real HTTP receiver on 127.0.0.1: signed deliveries a
 * receiver verifies with `verifyWebhookSignature`, retries on 500 and on timeouts, the dead letter after
 * the last attempt, resend from the delivery log and retry from the jobs API, subscriptions, the SSRF
 * guard on target URLs, and the outbox (a rolled-back change sends nothing).
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { verifyWebhookSignature } from '../../../src/core/webhooks/signature.js';
import { webhookFetch } from '../../../src/jobs/handlers/webhook-delivery.js';
import type { JobWorker } from '../../../src/jobs/worker.js';
import { emitEvent } from '../../../src/services/events.js';
import { withTransaction } from '../../../src/storage/transaction.js';
import { DIALECTS } from '../../support/databases.js';
import { startTestServer, TEST_PUBLIC_URL, type TestServer } from '../../support/http.js';
import { csv, startTestWorker, waitForBatch } from '../../support/jobs.js';
import { type IssuingTenant, issuingTenant } from '../../support/tenant.js';
import { waitFor } from '../../support/wait.js';

type Received = { headers: IncomingHttpHeaders; body: string; path: string };
type Behaviour = (request: Received, count: number) => number | 'hang';

/** A real HTTP server that records every request and answers as the test says. */
class Receiver {
  readonly requests: Received[] = [];
  behaviour: Behaviour = () => 200;
  private server: Server | undefined;
  private readonly hanging = new Set<() => void>();
  url = '';

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          path: request.url ?? '/',
        };
        this.requests.push(received);
        const answer = this.behaviour(received, this.requests.filter((r) => r.path === received.path).length);
        if (answer === 'hang') {
          // Never answers; the socket is closed when the test ends.
          this.hanging.add(() => response.destroy());
          return;
        }
        response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'thanks' : 'not now');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const close of this.hanging) {
      close();
    }
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function addEndpoint(
  s: TestServer,
  tenant: IssuingTenant,
  url: string,
  events?: string[],
): Promise<{ id: string; secret: string }> {
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/webhooks',
    key: tenant.apiKey,
    payload: { url, ...(events ? { events } : {}), description: 'test receiver' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function issue(s: TestServer, tenant: IssuingTenant, email: string) {
  const response = await s.request({
    method: 'POST',
    url: '/api/v1/credentials',
    key: tenant.apiKey,
    payload: { achievementId: tenant.achievementId, recipient: { email } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function deliveries(s: TestServer, tenant: IssuingTenant, endpointId: string) {
  const response = await s.request({
    method: 'GET',
    url: `/api/v1/webhooks/${endpointId}/deliveries`,
    key: tenant.apiKey,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as {
    id: string;
    status: string;
    attempts: number;
    eventId: string;
    eventType: string;
    responseStatus: number | null;
    lastError: string | null;
    resendOf: string | null;
  }[];
}

function expectSigned(request: Received, secret: string): Record<string, unknown> {
  const check = verifyWebhookSignature(secret, request.headers['cairn-signature'], request.body, new Date());
  expect(check, `signature of ${request.body.slice(0, 80)}`).toMatchObject({ valid: true });
  return JSON.parse(request.body);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhooks`, () => {
    let s: TestServer;
    let worker: JobWorker;
    const receiver = new Receiver();

    beforeAll(async () => {
      s = await startTestServer(dialect, {
        config: loadConfig({
          CAIRN_PUBLIC_URL: TEST_PUBLIC_URL,
          CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-webhooks-')),
          NODE_ENV: 'test',
          CAIRN_LOG_LEVEL: 'silent',
          // The receiver is on 127.0.0.1: allowed for development and tests only.
          CAIRN_WEBHOOK_ALLOW_PRIVATE_NETWORK: 'on',
        }),
      });
      await receiver.start();
      worker = startTestWorker(s.ctx, { webhookFetch: webhookFetch(s.ctx.config, { timeoutMs: 400 }) });
    });

    afterAll(async () => {
      await worker?.stop();
      await receiver.stop();
      await s?.app.close();
      await s?.database.destroy();
    });

    it('delivers credential.issued, signed: the receiver verifies it with the secret shown once', async () => {
      const tenant = await issuingTenant(s);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/issued`);
      expect(endpoint.secret).toMatch(/^whsec_/);
      const shown = await s.request({
        method: 'GET',
        url: `/api/v1/webhooks/${endpoint.id}`,
        key: tenant.apiKey,
      });
      expect(shown.json()).not.toHaveProperty('secret');
      expect(shown.json().secretPrefix).toBe(`${endpoint.secret.slice(0, 10)}…`);

      const credential = await issue(s, tenant, 'sam@example.org');
      await waitFor(() => receiver.at('/issued').length === 1);
      const [request] = receiver.at('/issued');
      if (!request) {
        throw new Error('no request');
      }
      const event = expectSigned(request, endpoint.secret);
      expect(event).toMatchObject({
        type: 'credential.issued',
        organizationId: tenant.organization.id,
        data: {
          credentialId: credential.id,
          url: credential.url,
          achievementId: tenant.achievementId,
          recipient: { email: 'sam@example.org', did: null },
        },
      });
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['cairn-event']).toBe('credential.issued');
      expect(request.headers['cairn-event-id']).toBe(event.id);
      expect(request.headers['user-agent']).toBe('Cairn-Webhooks/1');
      // Tampering with the body, or another secret, fails the check.
      expect(
        verifyWebhookSignature(
          endpoint.secret,
          request.headers['cairn-signature'],
          `${request.body} `,
          new Date(),
        ).valid,
      ).toBe(false);
      expect(
        verifyWebhookSignature('whsec_wrong', request.headers['cairn-signature'], request.body, new Date())
          .valid,
      ).toBe(false);

      await waitFor(async () => (await deliveries(s, tenant, endpoint.id))[0]?.status === 'succeeded');
      const [logged] = await deliveries(s, tenant, endpoint.id);
      expect(logged).toMatchObject({
        eventType: 'credential.issued',
        attempts: 1,
        responseStatus: 200,
        lastError: null,
      });
      const detail = await s.request({
        method: 'GET',
        url: `/api/v1/webhooks/${endpoint.id}/deliveries/${logged?.id}`,
        key: tenant.apiKey,
      });
      expect(detail.json()).toMatchObject({ payload: { id: event.id }, responseBody: 'thanks' });
    });

    it('retries on 500 with backoff until the receiver takes it; every attempt carries the same event', async () => {
      const tenant = await issuingTenant(s);
      receiver.behaviour = (request, count) => (request.path === '/flaky' && count <= 2 ? 500 : 200);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/flaky`);
      await issue(s, tenant, 'tia@example.org');
      await waitFor(async () => (await deliveries(s, tenant, endpoint.id))[0]?.status === 'succeeded');
      const attempts = receiver.at('/flaky');
      expect(attempts.length).toBe(3);
      const ids = attempts.map((request) => expectSigned(request, endpoint.secret).id);
      expect(new Set(ids).size).toBe(1);
      expect((await deliveries(s, tenant, endpoint.id))[0]).toMatchObject({
        attempts: 3,
        responseStatus: 200,
      });
    });

    it('retries after a timeout', async () => {
      const tenant = await issuingTenant(s);
      receiver.behaviour = (request, count) => (request.path === '/slow' && count === 1 ? 'hang' : 200);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/slow`);
      await issue(s, tenant, 'uma@example.org');
      await waitFor(async () => (await deliveries(s, tenant, endpoint.id))[0]?.status === 'succeeded');
      expect(receiver.at('/slow').length).toBe(2);
      expect((await deliveries(s, tenant, endpoint.id))[0]).toMatchObject({
        attempts: 2,
        responseStatus: 200,
      });
    });

    it('gives up after the last attempt (dead letter); resend from the log and retry from the jobs API', async () => {
      const tenant = await issuingTenant(s);
      let down = true;
      receiver.behaviour = (request) => (request.path === '/down' && down ? 503 : 200);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/down`);
      await issue(s, tenant, 'vic@example.org');
      await waitFor(async () => (await deliveries(s, tenant, endpoint.id))[0]?.status === 'failed');
      expect(receiver.at('/down').length).toBe(10);
      const [failed] = await deliveries(s, tenant, endpoint.id);
      expect(failed).toMatchObject({
        attempts: 10,
        responseStatus: 503,
        lastError: 'The endpoint answered HTTP 503',
      });

      const dead = await s.request({ method: 'GET', url: '/api/v1/jobs?status=dead', key: tenant.apiKey });
      expect(dead.json().items).toEqual([
        expect.objectContaining({ kind: 'webhook.deliver', status: 'dead', attempts: 10, maxAttempts: 10 }),
      ]);

      down = false;
      const resent = await s.request({
        method: 'POST',
        url: `/api/v1/webhooks/${endpoint.id}/deliveries/${failed?.id}/resend`,
        key: tenant.apiKey,
      });
      expect(resent.statusCode, resent.body).toBe(202);
      expect(resent.json()).toMatchObject({
        status: 'pending',
        resendOf: failed?.id,
        eventId: failed?.eventId,
      });
      await waitFor(async () =>
        (await deliveries(s, tenant, endpoint.id)).some((d) => d.status === 'succeeded'),
      );

      const jobId = dead.json().items[0].id;
      const retried = await s.request({
        method: 'POST',
        url: `/api/v1/jobs/${jobId}/retry`,
        key: tenant.apiKey,
      });
      expect(retried.statusCode, retried.body).toBe(200);
      expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
      await waitFor(async () =>
        (await deliveries(s, tenant, endpoint.id)).every((d) => d.status === 'succeeded'),
      );
      const again = await s.request({
        method: 'POST',
        url: `/api/v1/jobs/${jobId}/retry`,
        key: tenant.apiKey,
      });
      expect(again.statusCode).toBe(409);
      // Three requests after the outage, one event: receivers de-duplicate on its id.
      const ids = receiver.at('/down').map((request) => expectSigned(request, endpoint.secret).id);
      expect(new Set(ids).size).toBe(1);
    });

    it('does not retry an answer that retrying cannot change (4xx)', async () => {
      const tenant = await issuingTenant(s);
      receiver.behaviour = (request) => (request.path === '/gone' ? 410 : 200);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/gone`);
      await issue(s, tenant, 'wes@example.org');
      await waitFor(async () => (await deliveries(s, tenant, endpoint.id))[0]?.status === 'failed');
      expect(receiver.at('/gone').length).toBe(1);
    });

    it('sends only the events an endpoint subscribes to: batch.completed after a batch, and a ping', async () => {
      const tenant = await issuingTenant(s, { achievementName: 'Unit 9: Spires' });
      receiver.behaviour = () => 200;
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/batches`, ['batch.completed']);
      const created = await s.request({
        method: 'POST',
        url: '/api/v1/batches',
        key: tenant.apiKey,
        headers: { 'content-type': 'text/csv' },
        payload: csv([
          ['email', 'achievement'],
          ['xia@example.org', 'Unit 9: Spires'],
          ['yan@example.org', 'Unit 9: Spires'],
          ['not an e-mail', 'Unit 9: Spires'],
        ]),
      });
      await waitForBatch(s, tenant.apiKey, created.json().id);
      await waitFor(() => receiver.at('/batches').length === 1);
      const event = expectSigned(receiver.at('/batches')[0] as Received, endpoint.secret);
      expect(event).toMatchObject({
        type: 'batch.completed',
        data: { batchId: created.json().id, total: 3, issued: 2, existing: 0, invalid: 1, failed: 0 },
      });

      const ping = await s.request({
        method: 'POST',
        url: `/api/v1/webhooks/${endpoint.id}/ping`,
        key: tenant.apiKey,
      });
      expect(ping.statusCode).toBe(202);
      await waitFor(() => receiver.at('/batches').length === 2);
      expect(expectSigned(receiver.at('/batches')[1] as Received, endpoint.secret).type).toBe('webhook.ping');
    });

    it('commits deliveries with the change: a rolled-back change sends nothing', async () => {
      const tenant = await issuingTenant(s);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/outbox`);
      await withTransaction(s.ctx.db, async (trx) => {
        await emitEvent(trx, tenant.organization.id, 'credential.revoked', {
          credentialId: 'c1',
          url: 'http://localhost:3000/c/c1',
          achievementId: tenant.achievementId,
          learnerId: 'l1',
          reason: null,
        });
        throw new Error('the change failed');
      }).catch(() => undefined);
      expect(await deliveries(s, tenant, endpoint.id)).toEqual([]);
      const jobs = await s.request({ method: 'GET', url: '/api/v1/jobs', key: tenant.apiKey });
      expect(jobs.json().items).toEqual([]);
    });

    it('manages endpoints: change, disable, rotate the secret, delete; checks events', async () => {
      const tenant = await issuingTenant(s);
      const endpoint = await addEndpoint(s, tenant, `${receiver.url}/manage`);
      const unknown = await s.request({
        method: 'POST',
        url: '/api/v1/webhooks',
        key: tenant.apiKey,
        payload: { url: `${receiver.url}/x`, events: ['credential.exploded'] },
      });
      expect(unknown.statusCode).toBe(400);
      const patched = await s.request({
        method: 'PATCH',
        url: `/api/v1/webhooks/${endpoint.id}`,
        key: tenant.apiKey,
        payload: { events: ['credential.revoked'], enabled: false },
      });
      expect(patched.json()).toMatchObject({ events: ['credential.revoked'], enabled: false });
      const rotated = await s.request({
        method: 'POST',
        url: `/api/v1/webhooks/${endpoint.id}/rotate-secret`,
        key: tenant.apiKey,
      });
      expect(rotated.json().secret).toMatch(/^whsec_/);
      expect(rotated.json().secret).not.toBe(endpoint.secret);
      const catalog = await s.request({ method: 'GET', url: '/api/v1/webhooks/events', key: tenant.apiKey });
      expect(catalog.json().items.map((item: { type: string }) => item.type)).toEqual([
        'credential.issued',
        'credential.revoked',
        'credential.suspended',
        'credential.claimed',
        'pathway.completed',
        'batch.completed',
      ]);
      const other = await issuingTenant(s);
      expect(
        (await s.request({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}`, key: other.apiKey }))
          .statusCode,
      ).toBe(404);
      expect(
        (await s.request({ method: 'DELETE', url: `/api/v1/webhooks/${endpoint.id}`, key: tenant.apiKey }))
          .statusCode,
      ).toBe(204);
      expect(
        (await s.request({ method: 'GET', url: `/api/v1/webhooks/${endpoint.id}`, key: tenant.apiKey }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe(`${dialect}: webhook targets in production`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect);
    });
    afterAll(async () => {
      await s?.app.close();
      await s?.database.destroy();
    });

    it('refuses loopback, private and non-https targets unless private networks are allowed', async () => {
      const tenant = await issuingTenant(s);
      const attempt = (url: string) =>
        s.request({ method: 'POST', url: '/api/v1/webhooks', key: tenant.apiKey, payload: { url } });
      for (const url of [
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://[::1]/hook',
        'https://localhost/x',
      ]) {
        const refused = await attempt(url);
        expect(refused.statusCode, url).toBe(422);
        expect(refused.json().code).toBe('FETCH_BLOCKED');
      }
      expect((await attempt('http://hooks.example.org/x')).statusCode).toBe(400);
      expect((await attempt('https://user:pw@hooks.example.org/x')).statusCode).toBe(400);
      expect((await attempt('https://hooks.example.org/cairn')).statusCode).toBe(201);
      const viewer = await s.request({
        method: 'POST',
        url: '/api/v1/api-keys',
        key: tenant.apiKey,
        payload: { name: 'issuer', role: 'issuer' },
      });
      const forbidden = await s.request({
        method: 'GET',
        url: '/api/v1/webhooks',
        key: viewer.json().key,
      });
      expect(forbidden.statusCode).toBe(403);
    });
  });
}
