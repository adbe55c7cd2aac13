/**
 * Tenant isolation of the job queue, batch and webhook repositories (the same rule, and the same
 * completeness check, as test/integration/storage/tenant-isolation.test.ts): every function scoped by
 * organization, called as organization B with A's ids, finds, lists and changes nothing of A's.
 */
import type { Kysely } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import * as batches from '../../../src/storage/batches.repository.js';
import { isForeignKeyViolation } from '../../../src/storage/errors.js';
import * as jobs from '../../../src/storage/jobs.repository.js';
import type { Database } from '../../../src/storage/tables.js';
import * as webhooks from '../../../src/storage/webhooks.repository.js';
import { forEachDialect } from '../../support/databases.js';
import { buildTenant, type Tenant } from '../../support/factories.js';

type World = {
  a: Tenant;
  b: Tenant;
  job: jobs.Job;
  batch: batches.Batch;
  endpoint: webhooks.WebhookEndpoint;
  delivery: webhooks.WebhookDelivery;
};

type Probe = (db: Kysely<Database>, w: World) => Promise<void>;

const SCOPED: Record<string, Probe> = {
  'jobs.findJob': async (db, w) => {
    expect(await jobs.findJob(db, w.b.organization.id, w.job.id)).toBeUndefined();
  },
  'jobs.listJobs': async (db, w) => {
    expect((await jobs.listJobs(db, w.b.organization.id)).items).toEqual([]);
  },
  'jobs.retryJob': async (db, w) => {
    expect(await jobs.retryJob(db, w.b.organization.id, w.job.id, new Date())).toBeUndefined();
    expect((await jobs.findJob(db, w.a.organization.id, w.job.id))?.status).toBe('dead');
  },

  'batches.findBatch': async (db, w) => {
    expect(await batches.findBatch(db, w.b.organization.id, w.batch.id)).toBeUndefined();
  },
  'batches.listBatches': async (db, w) => {
    expect((await batches.listBatches(db, w.b.organization.id)).items).toEqual([]);
  },
  'batches.updateBatch': async (db, w) => {
    expect(
      await batches.updateBatch(db, w.b.organization.id, w.batch.id, ['running'], { status: 'cancelled' }),
    ).toBeUndefined();
    expect((await batches.findBatch(db, w.a.organization.id, w.batch.id))?.status).toBe('running');
  },
  'batches.addBatchCounts': async (db, w) => {
    expect(await batches.addBatchCounts(db, w.b.organization.id, w.batch.id, { issued: 5 })).toBeUndefined();
    expect((await batches.findBatch(db, w.a.organization.id, w.batch.id))?.issued).toBe(0);
  },
  'batches.completeBatchIfDone': async (db, w) => {
    expect(await batches.completeBatchIfDone(db, w.b.organization.id, w.batch.id)).toBeUndefined();
  },
  'batches.listPendingChunks': async (db, w) => {
    expect(await batches.listPendingChunks(db, w.b.organization.id, w.batch.id)).toEqual([]);
  },
  'batches.listPendingChunkRows': async (db, w) => {
    expect(await batches.listPendingChunkRows(db, w.b.organization.id, w.batch.id, 0)).toEqual([]);
  },
  'batches.settleBatchRow': async (db, w) => {
    expect(
      await batches.settleBatchRow(db, w.b.organization.id, w.batch.id, 2, { status: 'failed', errors: [] }),
    ).toBe(false);
  },
  'batches.failPendingChunkRows': async (db, w) => {
    expect(await batches.failPendingChunkRows(db, w.b.organization.id, w.batch.id, 0, [])).toBe(0);
  },
  'batches.resetFailedBatchRows': async (db, w) => {
    expect(await batches.resetFailedBatchRows(db, w.b.organization.id, w.batch.id)).toBe(0);
    expect(
      await batches.listBatchRows(db, w.a.organization.id, w.batch.id, { statuses: ['failed'] }),
    ).toHaveLength(1);
  },
  'batches.listBatchRows': async (db, w) => {
    expect(await batches.listBatchRows(db, w.b.organization.id, w.batch.id)).toEqual([]);
  },

  'webhooks.findWebhookEndpoint': async (db, w) => {
    expect(await webhooks.findWebhookEndpoint(db, w.b.organization.id, w.endpoint.id)).toBeUndefined();
  },
  'webhooks.listWebhookEndpoints': async (db, w) => {
    expect((await webhooks.listWebhookEndpoints(db, w.b.organization.id)).items).toEqual([]);
  },
  'webhooks.listSubscribedEndpoints': async (db, w) => {
    expect(await webhooks.listSubscribedEndpoints(db, w.b.organization.id, 'credential.issued')).toEqual([]);
  },
  'webhooks.updateWebhookEndpoint': async (db, w) => {
    expect(
      await webhooks.updateWebhookEndpoint(db, w.b.organization.id, w.endpoint.id, {
        url: 'https://evil.example',
      }),
    ).toBeUndefined();
    expect((await webhooks.findWebhookEndpoint(db, w.a.organization.id, w.endpoint.id))?.url).toBe(
      w.endpoint.url,
    );
  },
  'webhooks.deleteWebhookEndpoint': async (db, w) => {
    expect(await webhooks.deleteWebhookEndpoint(db, w.b.organization.id, w.endpoint.id)).toBe(false);
    expect(await webhooks.findWebhookEndpoint(db, w.a.organization.id, w.endpoint.id)).toBeDefined();
  },
  'webhooks.findWebhookDelivery': async (db, w) => {
    expect(await webhooks.findWebhookDelivery(db, w.b.organization.id, w.delivery.id)).toBeUndefined();
  },
  'webhooks.listWebhookDeliveries': async (db, w) => {
    expect((await webhooks.listWebhookDeliveries(db, w.b.organization.id, w.endpoint.id)).items).toEqual([]);
  },
  'webhooks.updateWebhookDelivery': async (db, w) => {
    expect(
      await webhooks.updateWebhookDelivery(db, w.b.organization.id, w.delivery.id, { status: 'succeeded' }),
    ).toBeUndefined();
    expect((await webhooks.findWebhookDelivery(db, w.a.organization.id, w.delivery.id))?.status).toBe(
      'pending',
    );
  },
};

/** Inserts that name their organization: one pointing at another organization's row is refused. */
const CROSS_TENANT_INSERTS: Record<string, Probe> = {
  'batches.insertBatchRows': async (db, w) => {
    const attempt = batches.insertBatchRows(db, w.b.organization.id, w.batch.id, [
      { row_number: 99, chunk: 0, status: 'pending', data: {} },
    ]);
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
  'webhooks.insertWebhookDelivery': async (db, w) => {
    const attempt = webhooks.insertWebhookDelivery(db, {
      organization_id: w.b.organization.id,
      endpoint_id: w.endpoint.id,
      event_id: 'evt',
      event_type: 'credential.issued',
      payload: '{}',
    });
    expect(isForeignKeyViolation(await attempt.catch((error: unknown) => error))).toBe(true);
  },
};

const NOT_TENANT_SCOPED: Record<string, string> = {
  'jobs.insertJob': 'names its organization (or none: the installation’s own jobs)',
  'jobs.insertJobs': 'names its organization',
  'jobs.claimJobs': 'workers serve every organization; the job carries its organization',
  'jobs.extendJobLease': 'worker bookkeeping on a job it holds (id and worker id)',
  'jobs.completeJob': 'worker bookkeeping on a job it holds (id and worker id)',
  'jobs.failJob': 'worker bookkeeping on a job it holds (id and worker id)',
  'jobs.releaseJob': 'worker bookkeeping on a job it holds (id and worker id)',
  'jobs.pruneSucceededJobs': 'housekeeping',
  'batches.insertBatch': 'names its organization',
  'webhooks.insertWebhookEndpoint': 'names its organization',
};

test('every job, batch and webhook repository function is checked here or unscoped for a stated reason', () => {
  const exported = Object.entries({ jobs, batches, webhooks }).flatMap(([module, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => `${module}.${name}`),
  );
  const accounted = new Set([
    ...Object.keys(SCOPED),
    ...Object.keys(CROSS_TENANT_INSERTS),
    ...Object.keys(NOT_TENANT_SCOPED),
  ]);
  expect(exported.filter((name) => !accounted.has(name))).toEqual([]);
  expect([...accounted].filter((name) => !exported.includes(name))).toEqual([]);
});

forEachDialect('job, batch and webhook tenant isolation', (ctx) => {
  let world: World;

  beforeAll(async () => {
    const a = await buildTenant(ctx.db);
    const b = await buildTenant(ctx.db);
    const job = await jobs.insertJob(ctx.db, {
      organization_id: a.organization.id,
      kind: 'test',
      payload: {},
      max_attempts: 1,
    });
    await ctx.db
      .updateTable('jobs')
      .set({ status: 'dead' })
      .where('id', '=', job?.id ?? '')
      .execute();
    const batch = await batches.insertBatch(ctx.db, {
      organization_id: a.organization.id,
      source: 'csv',
      dry_run: false,
      created_by_type: 'system',
      created_by_id: null,
    });
    await batches.updateBatch(ctx.db, a.organization.id, batch.id, ['validating'], { status: 'running' });
    await batches.insertBatchRows(ctx.db, a.organization.id, batch.id, [
      { row_number: 2, chunk: 0, status: 'pending', data: { email: 'a@example.org' } },
      { row_number: 3, chunk: 0, status: 'pending', data: { email: 'b@example.org' } },
    ]);
    await batches.settleBatchRow(ctx.db, a.organization.id, batch.id, 3, { status: 'failed', errors: [] });
    const endpoint = await webhooks.insertWebhookEndpoint(ctx.db, {
      organization_id: a.organization.id,
      url: 'https://hooks.example.org/a',
      events: ['*'],
      encrypted_secret: 'x',
      secret_prefix: 'whsec_x',
    });
    const delivery = await webhooks.insertWebhookDelivery(ctx.db, {
      organization_id: a.organization.id,
      endpoint_id: endpoint.id,
      event_id: 'evt_1',
      event_type: 'credential.issued',
      payload: '{}',
    });
    world = {
      a,
      b,
      job: (await jobs.findJob(ctx.db, a.organization.id, job?.id ?? '')) as jobs.Job,
      batch: (await batches.findBatch(ctx.db, a.organization.id, batch.id)) as batches.Batch,
      endpoint,
      delivery,
    };
  });

  for (const [name, probe] of Object.entries({ ...SCOPED, ...CROSS_TENANT_INSERTS })) {
    test(name, async () => {
      await probe(ctx.db, world);
    });
  }
});
