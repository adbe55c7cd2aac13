/** GET /api/v1/credentials/{id}/share — the links the console and wallet show as share actions. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { credentialShareLinks } from '../../services/credential-artifacts.js';
import { findCredential } from '../../storage/credentials.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const ShareLinks = Type.Object({
  url: Type.String({ description: 'The credential’s public page (copy link)' }),
  linkedin: Type.String({ description: 'LinkedIn Add-to-Profile URL, with every field filled' }),
  embedHtml: Type.String({ description: 'HTML: the badge image linking to the page, escaped' }),
  socialImage: Type.String({ description: 'The OpenGraph / Twitter card (PNG, 1200 × 630)' }),
  downloads: Type.Object({
    json: Type.String(),
    png: Type.String({ description: 'The badge, baked with the credential (OB 3.0)' }),
    svg: Type.String({ description: 'The badge, baked with the credential (OB 3.0)' }),
    pdf: Type.String({ description: 'The certificate or diploma, with the credential attached' }),
  }),
});

export function registerSharingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/v1/credentials/:id/share',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['credentials'],
        summary: 'Share links of a credential: page, LinkedIn, embed snippet, social card, downloads',
        security: SECURED,
        params: IdParams,
        response: { 200: ShareLinks, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const row = await findCredential(ctx.db, actorOf(request).organizationId, request.params.id);
      if (!row) {
        throw new AppError('NOT_FOUND', 'No such credential');
      }
      return credentialShareLinks(ctx, row);
    },
  );
}
