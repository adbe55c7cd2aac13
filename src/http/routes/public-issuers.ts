import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { issuerDidDocument } from '../../services/issuers.js';

export function registerPublicIssuerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>(
    '/i/:slug/did.json',
    {
      schema: {
        tags: ['public'],
        summary: "An issuer's DID document (did:web resolution); lists rotated keys too",
        params: Type.Object({ slug: Type.String({ maxLength: 63 }) }),
      },
    },
    async (request, reply) => {
      const document = await issuerDidDocument(ctx, request.params.slug);
      if (!document) {
        throw new AppError('NOT_FOUND', 'No such issuer');
      }
      // Strict wallets want a JSON content type for DID documents.
      reply.type('application/did+json').header('cache-control', 'public, max-age=300');
      return document;
    },
  );
}
