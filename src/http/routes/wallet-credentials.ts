/** The wallet's credentials (issued to the account's identities), privacy, pathways and imports. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import {
  type ImportInput,
  importCredential,
  listImports,
  removeImport,
} from '../../services/wallet/imports.js';
import {
  listWalletCards,
  setWalletVisibility,
  walletCredential,
  walletPathways,
} from '../../services/wallet/wallet-credentials.js';
import { UPLOAD_LIMIT } from '../app.js';
import { learnerOf } from '../learner-auth.js';
import { ERROR_RESPONSES, IdParams, PageQuery } from '../schemas.js';

const Visibility = Type.Union([Type.Literal('public'), Type.Literal('link'), Type.Literal('private')]);

async function importInput(request: FastifyRequest): Promise<ImportInput> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: UPLOAD_LIMIT } });
    if (!file) {
      throw new AppError('INVALID_INPUT', 'Upload the credential as a file field');
    }
    return { source: 'file', bytes: new Uint8Array(await file.toBuffer()) };
  }
  const body = request.body as
    | { url?: unknown; text?: unknown; jwt?: unknown; credential?: unknown }
    | undefined;
  if (typeof body?.url === 'string') {
    return { source: 'url', url: body.url };
  }
  if (typeof body?.text === 'string') {
    return { source: 'paste', text: body.text };
  }
  if (typeof body?.jwt === 'string') {
    return { source: 'paste', text: body.jwt };
  }
  if (typeof body?.credential === 'object' && body.credential !== null) {
    return { source: 'paste', text: JSON.stringify(body.credential) };
  }
  throw new AppError(
    'INVALID_INPUT',
    'Send { "url" }, { "text" } (JSON or a JWT, as pasted), { "credential" }, { "jwt" }, or a file as multipart/form-data',
  );
}

export function registerWalletCredentialRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['wallet'];

  r.get(
    '/api/v1/wallet/credentials',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Every credential issued to one of your identities, in any organization (filters combine)',
        querystring: Type.Object({
          issuer: Type.Optional(Type.String({ maxLength: 2000 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
          type: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
      },
    },
    async (request) => {
      const { issuer, status, type, cursor, limit } = request.query;
      return await listWalletCards(
        ctx,
        learnerOf(request).account,
        {
          ...(issuer ? { issuer } : {}),
          ...(status ? { status } : {}),
          ...(type ? { type } : {}),
        },
        { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) },
      );
    },
  );

  r.get(
    '/api/v1/wallet/credentials/:id',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'One credential of your wallet, with its share links and pathways',
        params: IdParams,
      },
    },
    async (request) => walletCredential(ctx, learnerOf(request).account, request.params.id),
  );

  r.put(
    '/api/v1/wallet/credentials/:id/visibility',
    {
      config: { learner: true },
      schema: {
        tags,
        summary:
          'Who sees the credential: public (listed on your portfolio), link (anyone with the link; the default), private (nobody but you and the issuer)',
        params: IdParams,
        body: Type.Object({ visibility: Visibility }),
      },
    },
    async (request) =>
      setWalletVisibility(ctx, learnerOf(request).account, request.params.id, request.body.visibility),
  );

  r.get(
    '/api/v1/wallet/pathways',
    {
      config: { learner: true },
      schema: { tags, summary: 'Your progress on every pathway your credentials belong to' },
    },
    async (request) => ({ items: await walletPathways(ctx, learnerOf(request).account) }),
  );

  r.get(
    '/api/v1/wallet/imports',
    {
      config: { learner: true },
      schema: {
        tags,
        summary:
          'Credentials you imported, with their verdicts, newest first (a page: pass `next` as cursor)',
        querystring: Type.Object(PageQuery),
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      return await listImports(ctx, learnerOf(request).account, {
        ...(cursor ? { cursor } : {}),
        ...(limit ? { limit } : {}),
      });
    },
  );

  r.post(
    '/api/v1/wallet/imports',
    {
      config: { learner: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Import a credential: a file (JSON, JWT, baked PNG/SVG, PDF), a URL (fetched through the SSRF guard) or pasted text; verified on import and kept with its verdict',
      },
    },
    async (request, reply) => {
      const view = await importCredential(ctx, learnerOf(request).account, await importInput(request));
      return reply.status(201).send(view);
    },
  );

  r.delete(
    '/api/v1/wallet/imports/:id',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Delete an imported credential',
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await removeImport(ctx, learnerOf(request).account, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
