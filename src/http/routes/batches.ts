/**
 * Batches (docs/batches.md): upload a CSV (raw `text/csv` body or a multipart file) or a JSON list of
 * rows; follow the progress (JSON, or server-sent events); download the per-row error report; cancel,
 * resume, or start a validated (dry-run) batch.
 *
 * A CSV body is never buffered: this route's content-type parser hands the request stream itself to
 * the batch service, which parses it as it arrives. Uploads may be up to 1 GiB; JSON bodies up to 64 MiB
 * (they are parsed whole: use CSV for larger batches).
 */

import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { batchErrorReport } from '../../services/batches/batch-report.js';
import {
  type BatchOptions,
  createCsvBatch,
  createJsonBatch,
  MAX_BATCH_BYTES,
} from '../../services/batches/create-batch.js';
import { presentBatch, presentBatchRow } from '../../services/batches/present-batch.js';
import { cancelBatch, resumeBatch } from '../../services/batches/run-batch.js';
import type { Actor, AppContext } from '../../services/context.js';
import { type Batch, findBatch, listBatches, listBatchRows } from '../../storage/batches.repository.js';
import { BATCH_ROW_STATUSES, type BatchRowStatus } from '../../storage/tables.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

/** The largest JSON batch body (JSON is parsed whole; CSV is streamed). */
export const JSON_BATCH_LIMIT = 64 * 1024 * 1024;
/** How often the event stream looks at the batch, and sends a comment to keep the connection open. */
const EVENT_POLL_MS = 500;
const EVENT_KEEPALIVE_MS = 15_000;

const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];
const TERMINAL = new Set(['validated', 'completed', 'failed', 'cancelled']);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const BatchStatus = Type.Union([
  Type.Literal('validating'),
  Type.Literal('validated'),
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

const BatchView = Type.Object({
  id: Type.String(),
  status: BatchStatus,
  source: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  filename: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  notify: Type.Boolean({ description: 'Whether each credential e-mails its learner' }),
  total: Type.Integer({ description: 'Rows read' }),
  valid: Type.Integer(),
  invalid: Type.Integer({ description: 'Rows that failed validation' }),
  done: Type.Integer({ description: 'Rows with their credential: issued now, or issued before' }),
  issued: Type.Integer({ description: 'New credentials' }),
  alreadyIssued: Type.Integer({
    description: 'Rows whose credential had been issued before (same key or row)',
  }),
  failed: Type.Integer({ description: 'Rows without a credential: invalid, or failed at issuing' }),
  pending: Type.Integer(),
  progress: Type.Number({ description: '0 to 1' }),
  rate: Nullable(Type.Number({ description: 'Rows settled per second since issuing started' })),
  eta: Nullable(Type.Integer({ description: 'Seconds left at that rate' })),
  columns: Nullable(Type.Array(Type.String())),
  unknownColumns: Type.Array(
    Type.String({ description: 'Columns Cairn does not know; their values were not used' }),
  ),
  defaultAchievementId: Nullable(Type.String()),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  startedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  links: Type.Object({
    self: Type.String(),
    rows: Type.String(),
    errors: Type.String(),
    events: Type.String(),
  }),
});

const RowError = Type.Object({
  column: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});

const BatchRowView = Type.Object({
  row: Type.Integer({ description: 'The row number as a spreadsheet shows it (the header is row 1)' }),
  status: Type.Union([
    Type.Literal('invalid'),
    Type.Literal('pending'),
    Type.Literal('issued'),
    Type.Literal('existing'),
    Type.Literal('failed'),
  ]),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'A valid row normalized (as it is issued); an invalid row as given',
  }),
  errors: Type.Array(RowError),
  credentialId: Nullable(Type.String()),
});

const UploadQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'Validate only; start the batch later' })),
  validateOnly: Type.Optional(Type.Boolean({ description: 'The same as dryRun' })),
  notify: Type.Optional(
    Type.Boolean({ description: 'false: the credentials send no e-mail to their learners (default true)' }),
  ),
  achievementId: Type.Optional(
    Type.String({ maxLength: 300, description: 'The achievement (id or exact name) of rows that name none' }),
  ),
  filename: Type.Optional(Type.String({ maxLength: 300 })),
});

type UploadQueryType = {
  dryRun?: boolean;
  validateOnly?: boolean;
  notify?: boolean;
  achievementId?: string;
  filename?: string;
};

function optionsFrom(query: UploadQueryType): BatchOptions {
  return {
    dryRun: query.dryRun === true || query.validateOnly === true,
    ...(query.notify === false ? { notify: false } : {}),
    ...(query.achievementId ? { achievementId: query.achievementId } : {}),
    ...(query.filename ? { filename: query.filename } : {}),
  };
}

function flag(value: unknown): boolean | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  if (value === 'true' || value === '1' || value === 'on') {
    return true;
  }
  if (value === 'false' || value === '0' || value === 'off') {
    return false;
  }
  throw new AppError('INVALID_INPUT', 'dryRun, validateOnly and notify must be true or false');
}

async function fromMultipart(ctx: AppContext, actor: Actor, request: FastifyRequest, query: UploadQueryType) {
  const fields: Record<string, string> = {};
  let batch: Batch | undefined;
  for await (const part of request.parts({
    limits: { fileSize: MAX_BATCH_BYTES + 1, files: 1, fields: 10 },
  })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (batch !== undefined) {
      part.file.resume();
      continue;
    }
    const options = optionsFrom({
      ...query,
      ...(fields.dryRun !== undefined ? { dryRun: flag(fields.dryRun) ?? false } : {}),
      ...(fields.validateOnly !== undefined ? { validateOnly: flag(fields.validateOnly) ?? false } : {}),
      ...(fields.notify !== undefined ? { notify: flag(fields.notify) ?? true } : {}),
      ...(fields.achievementId ? { achievementId: fields.achievementId } : {}),
    });
    batch = await createCsvBatch(ctx, actor, part.file, {
      ...options,
      ...(part.filename ? { filename: part.filename.slice(0, 300) } : {}),
    });
  }
  if (batch === undefined) {
    throw new AppError('INVALID_INPUT', 'Upload the CSV as a file field (send other fields before it)');
  }
  return batch;
}

async function fromJson(ctx: AppContext, actor: Actor, body: unknown, query: UploadQueryType) {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { rows?: unknown }).rows)) {
    throw new AppError(
      'INVALID_INPUT',
      'Send a CSV file (text/csv or multipart/form-data), or JSON { "rows": [ { "email", "achievement", … } ] }',
    );
  }
  const json = body as {
    rows: unknown[];
    dryRun?: unknown;
    validateOnly?: unknown;
    notify?: unknown;
    achievementId?: unknown;
    filename?: unknown;
  };
  if (json.achievementId !== undefined && typeof json.achievementId !== 'string') {
    throw new AppError('INVALID_INPUT', 'achievementId must be a string');
  }
  const options = optionsFrom({
    ...query,
    ...(json.dryRun !== undefined ? { dryRun: flag(json.dryRun) ?? false } : {}),
    ...(json.validateOnly !== undefined ? { validateOnly: flag(json.validateOnly) ?? false } : {}),
    ...(json.notify !== undefined ? { notify: flag(json.notify) ?? true } : {}),
    ...(typeof json.achievementId === 'string' ? { achievementId: json.achievementId } : {}),
    ...(typeof json.filename === 'string' ? { filename: json.filename.slice(0, 300) } : {}),
  });
  return await createJsonBatch(ctx, actor, json.rows, options);
}

async function getBatch(ctx: AppContext, actor: Actor, id: string): Promise<Batch> {
  const batch = await findBatch(ctx.db, actor.organizationId, id);
  if (!batch) {
    throw new AppError('NOT_FOUND', 'No such batch');
  }
  return batch;
}

export async function registerBatchRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['batches'];
    const streams = new Set<() => void>();
    let closing = false;

    // The CSV body is handed over as the request stream itself: nothing is buffered here.
    scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
    scope.addHook('preClose', async () => {
      closing = true;
      for (const end of streams) {
        end();
      }
    });

    r.post(
      '/api/v1/batches',
      {
        config: { role: 'issuer' },
        bodyLimit: JSON_BATCH_LIMIT,
        schema: {
          tags,
          summary:
            'Issue in bulk: a CSV (text/csv body or multipart file, up to 1 GiB) or JSON { rows: [...] }; validated as it is read, then issued by background jobs',
          description:
            'Columns: email, name, did, achievement (id or exact name), evidence, narrative, result, validFrom, validUntil, key. ' +
            'With dryRun (or validateOnly) the batch is only validated: see its rows and errors, then POST /start. ' +
            'Answers once the whole file is read.',
          security: SECURED,
          querystring: UploadQuery,
          response: {
            202: BatchView,
            413: ERROR_RESPONSES[400],
            415: ERROR_RESPONSES[400],
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const query = request.query;
        let batch: Batch;
        if (request.isMultipart()) {
          batch = await fromMultipart(ctx, actor, request, query);
        } else if (request.body instanceof Readable) {
          batch = await createCsvBatch(ctx, actor, request.body, optionsFrom(query));
        } else {
          batch = await fromJson(ctx, actor, request.body, query);
        }
        return reply.status(202).send(presentBatch(batch, ctx.clock()));
      },
    );

    r.get(
      '/api/v1/batches',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          summary: "The organization's batches, newest first",
          security: SECURED,
          querystring: Type.Object({
            status: Type.Optional(BatchStatus),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
          response: {
            200: Type.Object({ items: Type.Array(BatchView), next: Nullable(Type.String()) }),
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request) => {
        const { status, cursor, limit } = request.query;
        const page = await listBatches(ctx.db, actorOf(request).organizationId, status ? { status } : {}, {
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
        });
        const now = ctx.clock();
        return { items: page.items.map((batch) => presentBatch(batch, now)), next: page.next };
      },
    );

    r.get(
      '/api/v1/batches/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          summary: 'A batch: status, counts, progress, rate and ETA',
          security: SECURED,
          params: IdParams,
          response: { 200: BatchView, ...ERROR_RESPONSES },
        },
      },
      async (request) => presentBatch(await getBatch(ctx, actorOf(request), request.params.id), ctx.clock()),
    );

    r.get(
      '/api/v1/batches/:id/rows',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          summary:
            'The rows of a batch in file order: the preview of a dry run (status=pending), the errors (status=invalid,failed), the results',
          security: SECURED,
          params: IdParams,
          querystring: Type.Object({
            status: Type.Optional(
              Type.String({ maxLength: 100, description: 'One status or several, comma-separated' }),
            ),
            cursor: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: {
            200: Type.Object({ items: Type.Array(BatchRowView), next: Nullable(Type.String()) }),
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const batch = await getBatch(ctx, actor, request.params.id);
        const statuses = (request.query.status ?? '')
          .split(',')
          .map((status) => status.trim())
          .filter((status) => status !== '');
        const unknown = statuses.filter((status) => !BATCH_ROW_STATUSES.includes(status as BatchRowStatus));
        if (unknown.length > 0) {
          throw new AppError('INVALID_INPUT', `Unknown row status: ${unknown.join(', ')}`);
        }
        const limit = request.query.limit ?? 100;
        const rows = await listBatchRows(ctx.db, actor.organizationId, batch.id, {
          statuses: statuses as BatchRowStatus[],
          ...(request.query.cursor ? { afterRow: Number(request.query.cursor) } : {}),
          limit: limit + 1,
        });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return {
          items: items.map(presentBatchRow),
          next: rows.length > limit && last ? String(last.row_number) : null,
        };
      },
    );

    r.get(
      '/api/v1/batches/:id/errors.csv',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          summary:
            'The per-row error report as CSV (row, column, code, error, and the values that identify the row); safe to open in a spreadsheet',
          security: SECURED,
          params: IdParams,
        },
      },
      async (request, reply) => {
        const batch = await getBatch(ctx, actorOf(request), request.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="batch-${batch.id}-errors.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(batchErrorReport(ctx, batch)));
      },
    );

    r.get(
      '/api/v1/batches/:id/events',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          summary:
            'Server-sent events: "progress" (the batch, as GET answers it) whenever it changes, then "end" once it is validated, completed, failed or cancelled',
          security: SECURED,
          params: IdParams,
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        let batch: Batch | undefined = await getBatch(ctx, actor, request.params.id);
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Proxies such as nginx would otherwise hold events back.
          'x-accel-buffering': 'no',
        });
        let open = true;
        let wake: (() => void) | undefined;
        const end = () => {
          open = false;
          wake?.();
        };
        streams.add(end);
        response.on('close', end);
        let sequence = 0;
        const send = (event: string, data: unknown) => {
          sequence += 1;
          response.write(`event: ${event}\nid: ${sequence}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        response.write(`retry: 2000\n\n`);
        let last = '';
        let quiet = 0;
        try {
          while (open && batch) {
            // Sent even when the server is closing, then the stream ends below.
            const view = presentBatch(batch, ctx.clock());
            const state = JSON.stringify([view.status, view.total, view.done, view.failed, view.invalid]);
            if (state !== last) {
              send('progress', view);
              last = state;
              quiet = 0;
            } else {
              quiet += EVENT_POLL_MS;
              if (quiet >= EVENT_KEEPALIVE_MS) {
                response.write(': keep-alive\n\n');
                quiet = 0;
              }
            }
            if (TERMINAL.has(view.status)) {
              send('end', view);
              break;
            }
            if (closing) {
              break;
            }
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, EVENT_POLL_MS);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
            if (open) {
              batch = await findBatch(ctx.db, actor.organizationId, batch.id);
            }
          }
        } catch (error) {
          request.log.error({ err: error }, 'batch event stream failed');
        } finally {
          streams.delete(end);
          response.end();
        }
      },
    );

    r.post(
      '/api/v1/batches/:id/cancel',
      {
        config: { role: 'issuer' },
        schema: {
          tags,
          summary: 'Stop a batch; rows issued so far stay issued, the rest wait for a resume',
          security: SECURED,
          params: IdParams,
          response: { 200: BatchView, ...ERROR_RESPONSES },
        },
      },
      async (request) =>
        presentBatch(await cancelBatch(ctx, actorOf(request), request.params.id), ctx.clock()),
    );

    r.post(
      '/api/v1/batches/:id/resume',
      {
        config: { role: 'issuer' },
        schema: {
          tags,
          summary:
            'Issue what is left: continue a cancelled batch, start a validated one, retry the rows that failed at issuing. Never issues a row twice',
          security: SECURED,
          params: IdParams,
          response: { 202: BatchView, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const batch = await resumeBatch(ctx, actorOf(request), request.params.id);
        return reply.status(202).send(presentBatch(batch, ctx.clock()));
      },
    );

    r.post(
      '/api/v1/batches/:id/start',
      {
        config: { role: 'issuer' },
        schema: {
          tags,
          summary: 'Start issuing a validated (dry-run) batch',
          security: SECURED,
          params: IdParams,
          response: { 202: BatchView, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const current = await getBatch(ctx, actor, request.params.id);
        if (current.status !== 'validated') {
          throw new AppError(
            'CONFLICT',
            `The batch is ${current.status}; only a validated batch can be started`,
          );
        }
        const batch = await resumeBatch(ctx, actor, request.params.id);
        return reply.status(202).send(presentBatch(batch, ctx.clock()));
      },
    );
  });
}
