/** The wallet's identities (e-mail addresses, DIDs) and merging two accounts (docs/learners.md). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import {
  completeDidProof,
  removeIdentity,
  requestEmailVerification,
  startDidProof,
  verifyEmail,
} from '../../services/wallet/identities.js';
import { mergeByLink, mergeByPassword, requestMergeLink } from '../../services/wallet/merge.js';
import { learnerOf } from '../learner-auth.js';
import { requestLocale } from '../public-page.js';
import { ERROR_RESPONSES, IdParams } from '../schemas.js';
import { WalletMe, walletMe } from './wallet-account.js';

const Identity = Type.Object({
  id: Type.String(),
  type: Type.String(),
  value: Type.String(),
  verifiedAt: Type.String(),
});
const Email = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }) });
const Token = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });
const Sent = Type.Object({ sent: Type.Boolean() });

function identityView(identity: { id: string; type: string; value: string; verified_at: string }) {
  return { id: identity.id, type: identity.type, value: identity.value, verifiedAt: identity.verified_at };
}

export function registerWalletIdentityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['wallet'];
  const learner = { learner: true, rateLimit: { max: 20, timeWindow: '1 minute' } };

  r.post(
    '/api/v1/wallet/identities/email',
    {
      config: learner,
      schema: {
        tags,
        summary: 'Add an e-mail address: mails a verification link to it',
        body: Email,
        response: { 202: Sent, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await requestEmailVerification(
        ctx,
        learnerOf(request).account,
        request.body.email,
        requestLocale(request),
      );
      return reply.status(202).send({ sent: true });
    },
  );

  r.post(
    '/api/v1/wallet/identities/email/verify',
    {
      config: learner,
      schema: {
        tags,
        summary: 'Use an e-mail verification link: the address joins the account',
        body: Token,
        response: { 200: Identity, ...ERROR_RESPONSES },
      },
    },
    async (request) => identityView(await verifyEmail(ctx, learnerOf(request).account, request.body.token)),
  );

  r.post(
    '/api/v1/wallet/identities/did/challenge',
    {
      config: learner,
      schema: {
        tags,
        summary:
          'Start proving control of a DID (did:key, did:web): sign a presentation for this challenge and domain',
        body: Type.Object({ did: Type.String({ minLength: 8, maxLength: 2000 }) }),
        response: {
          200: Type.Object({
            did: Type.String(),
            challenge: Type.String(),
            domain: Type.String(),
            expiresIn: Type.Integer(),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => startDidProof(ctx, learnerOf(request).account, request.body.did),
  );

  r.post(
    '/api/v1/wallet/identities/did',
    {
      config: learner,
      schema: {
        tags,
        summary:
          'Prove control of a DID: a verifiable presentation with holder = the DID, proofPurpose authentication, the challenge and domain given',
        body: Type.Object({ presentation: Type.Record(Type.String(), Type.Unknown()) }),
        response: { 200: Identity, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      identityView(await completeDidProof(ctx, learnerOf(request).account, request.body.presentation)),
  );

  r.delete(
    '/api/v1/wallet/identities/:id',
    {
      config: learner,
      schema: {
        tags,
        summary: 'Remove an identity (not the last e-mail address)',
        params: IdParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await removeIdentity(ctx, learnerOf(request).account, request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/wallet/merge',
    {
      config: { learner: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Merge another account into this one, proving it by its password',
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 320 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: WalletMe, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      walletMe(
        ctx,
        await mergeByPassword(ctx, learnerOf(request).account, request.body.email, request.body.password),
      ),
  );

  r.post(
    '/api/v1/wallet/merge/link',
    {
      config: learner,
      schema: {
        tags,
        summary: 'Merge another account into this one: mails a merge link to its address',
        body: Email,
        response: { 202: Sent, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await requestMergeLink(ctx, learnerOf(request).account, request.body.email, requestLocale(request));
      return reply.status(202).send({ sent: true });
    },
  );

  r.post(
    '/api/v1/wallet/merge/complete',
    {
      config: learner,
      schema: {
        tags,
        summary: 'Use a merge link (signed in to the account that asked for it)',
        body: Token,
        response: { 200: WalletMe, ...ERROR_RESPONSES },
      },
    },
    async (request) => walletMe(ctx, await mergeByLink(ctx, learnerOf(request).account, request.body.token)),
  );
}
