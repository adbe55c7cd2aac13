import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../services/context.js';
import { createIssuer, issuerDid, rotateIssuerKey, updateIssuerProfile } from '../../services/issuers.js';
import { listIssuerKeys } from '../../storage/issuer-keys.repository.js';
import { findIssuer, type Issuer as IssuerRow, listIssuers } from '../../storage/issuers.repository.js';
import { actorOf } from '../auth.js';
import { ERROR_RESPONSES, IdParams, SECURED } from '../schemas.js';

const IssuerKey = Type.Object({
  id: Type.String(),
  verificationMethod: Type.String(),
  publicKeyMultibase: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  retiredAt: Type.Union([Type.String(), Type.Null()]),
});

export const IssuerSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  did: Type.String({ description: 'did:web of the issuer: the `issuer.id` of its credentials' }),
  name: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  imageId: Type.Union([Type.String(), Type.Null()]),
  suspensionEnabled: Type.Boolean({
    description: 'New credentials also carry a suspension entry (OB 3.0 expects one status entry)',
  }),
  linkedinOrganizationId: Type.Union([Type.String(), Type.Null()], {
    description:
      "LinkedIn's id of the organization: Add-to-Profile links name it instead of the issuer's name",
  }),
  keys: Type.Optional(Type.Array(IssuerKey)),
});

const LinkedInOrganizationId = Type.String({
  pattern: '^[0-9]{1,20}$',
  description: "LinkedIn's numeric organization id (from the organization page's admin URL)",
});

const IssuerInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  slug: Type.String({
    pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
    description: 'Part of the did:web and the issuer page URL',
  }),
  url: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  imageId: Type.Optional(Type.String()),
  linkedinOrganizationId: Type.Optional(LinkedInOrganizationId),
});

const IssuerPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    url: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 2000 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    imageId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    suspensionEnabled: Type.Optional(Type.Boolean()),
    linkedinOrganizationId: Type.Optional(Type.Union([LinkedInOrganizationId, Type.Null()])),
  },
  { additionalProperties: false },
);

export function registerIssuerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  const present = async (issuer: IssuerRow, withKeys = false) => {
    const did = issuerDid(ctx.config.publicUrl, issuer.slug);
    const keys = withKeys ? await listIssuerKeys(ctx.db, issuer.organization_id, issuer.id) : undefined;
    return {
      id: issuer.id,
      slug: issuer.slug,
      did,
      name: issuer.name,
      url: issuer.url,
      email: issuer.email,
      description: issuer.description,
      imageId: issuer.image_id,
      suspensionEnabled: issuer.suspension_enabled === 1,
      linkedinOrganizationId: issuer.linkedin_organization_id,
      ...(keys
        ? {
            keys: keys.map((key) => ({
              id: key.id,
              verificationMethod: `${did}#key-${key.id}`,
              publicKeyMultibase: key.public_key_multibase,
              status: key.status,
              createdAt: key.created_at,
              retiredAt: key.retired_at,
            })),
          }
        : {}),
    };
  };

  r.get(
    '/api/v1/issuers',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['issuers'],
        summary: "The organization's issuer profiles",
        security: SECURED,
        response: { 200: Type.Object({ items: Type.Array(IssuerSchema) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      items: await Promise.all(
        (await listIssuers(ctx.db, actorOf(request).organizationId)).map((issuer) => present(issuer)),
      ),
    }),
  );

  r.post(
    '/api/v1/issuers',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['issuers'],
        summary: 'Create an issuer profile with its did:web and a new Ed25519 key',
        security: SECURED,
        body: IssuerInput,
        response: { 201: IssuerSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { imageId, linkedinOrganizationId, ...rest } = request.body;
      const issuer = await createIssuer(ctx, actorOf(request), {
        ...rest,
        ...(imageId ? { imageId } : {}),
        ...(linkedinOrganizationId ? { linkedinOrganizationId } : {}),
      });
      return reply.status(201).send(await present(issuer, true));
    },
  );

  r.get(
    '/api/v1/issuers/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['issuers'],
        summary: 'An issuer profile with its keys',
        security: SECURED,
        params: IdParams,
        response: { 200: IssuerSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const issuer = await findIssuer(ctx.db, actorOf(request).organizationId, request.params.id);
      if (!issuer) {
        throw new AppError('NOT_FOUND', 'No such issuer');
      }
      return present(issuer, true);
    },
  );

  r.patch(
    '/api/v1/issuers/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['issuers'],
        summary: 'Change an issuer profile (not its slug: it is in the did:web of every credential)',
        security: SECURED,
        params: IdParams,
        body: IssuerPatch,
        response: { 200: IssuerSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      present(
        await updateIssuerProfile(ctx, actorOf(request), request.params.id, request.body as never),
        true,
      ),
  );

  r.post(
    '/api/v1/issuers/:id/rotate-key',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['issuers'],
        summary: 'Retire the signing key and make a new one (old keys stay in the DID document)',
        security: SECURED,
        params: IdParams,
        response: { 200: IssuerSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await rotateIssuerKey(ctx, actor, request.params.id);
      const issuer = await findIssuer(ctx.db, actor.organizationId, request.params.id);
      return present(issuer as IssuerRow, true);
    },
  );
}
