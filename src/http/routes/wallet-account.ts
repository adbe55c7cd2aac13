/**
 * The wallet's account routes: sign-in by magic link or password, the signed-in account (`/me`), profile
 * and portfolio switches, password, export of all data and deletion (docs/learners.md).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../services/context.js';
import { accountView, deleteAccount, exportAccountData } from '../../services/wallet/account-data.js';
import { endLearnerSession } from '../../services/wallet/learner-sessions.js';
import { updateProfile } from '../../services/wallet/portfolio.js';
import {
  completeSignIn,
  requestSignInLink,
  setAccountPassword,
  signInWithPassword,
} from '../../services/wallet/sign-in.js';
import { type LearnerAccount, listAccountIdentities } from '../../storage/learner-accounts.repository.js';
import { clearWalletCookies, learnerOf, setWalletCookies, WALLET_COOKIE } from '../learner-auth.js';
import { requestLocale } from '../public-page.js';
import { ERROR_RESPONSES, Problem } from '../schemas.js';

export const WalletMe = Type.Object({
  account: Type.Object({
    id: Type.String(),
    handle: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.Union([Type.String(), Type.Null()]),
    hasPassword: Type.Boolean(),
    subjectDid: Type.Union([Type.String(), Type.Null()]),
    portfolioPublic: Type.Boolean(),
    portfolioPathways: Type.Boolean(),
  }),
  identities: Type.Array(
    Type.Object({ id: Type.String(), type: Type.String(), value: Type.String(), verifiedAt: Type.String() }),
  ),
  created: Type.Optional(Type.Boolean()),
  next: Type.Optional(Type.String()),
});

export async function walletMe(ctx: AppContext, account: LearnerAccount) {
  const identities = await listAccountIdentities(ctx.db, account.id);
  return {
    account: accountView(account),
    identities: identities.map((identity) => ({
      id: identity.id,
      type: identity.type,
      value: identity.value,
      verifiedAt: identity.verified_at,
    })),
  };
}

const Email = Type.String({ minLength: 3, maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Token = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });
/** Where to go after signing in: a path of this site only (never an open redirect). */
const Next = Type.String({ maxLength: 4000, pattern: '^/(?!/)' });

export function registerWalletAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['wallet'];

  r.post(
    '/api/v1/wallet/auth/link',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Mail a sign-in link (it creates the account the first time; a password given here is set on a new account)',
        body: Type.Object({ email: Email, password: Type.Optional(Password), next: Type.Optional(Next) }),
        response: { 202: Type.Object({ sent: Type.Boolean() }), 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await requestSignInLink(ctx, {
        email: request.body.email,
        ...(request.body.password !== undefined ? { password: request.body.password } : {}),
        ...(request.body.next !== undefined ? { next: request.body.next } : {}),
        locale: requestLocale(request),
      });
      return reply.status(202).send({ sent: true });
    },
  );

  r.post(
    '/api/v1/wallet/auth/link/complete',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Use a sign-in link: sets the wallet session cookie',
        body: Token,
        response: { 200: WalletMe, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await completeSignIn(ctx, request.body.token);
      setWalletCookies(ctx, reply, session);
      return {
        ...(await walletMe(ctx, session.account)),
        created: session.created,
        ...(session.next ? { next: session.next } : {}),
      };
    },
  );

  r.post(
    '/api/v1/wallet/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in to the wallet with a verified e-mail address and the password',
        body: Type.Object({ email: Email, password: Password }),
        response: { 200: WalletMe, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const session = await signInWithPassword(ctx, request.body.email, request.body.password);
      setWalletCookies(ctx, reply, session);
      return walletMe(ctx, session.account);
    },
  );

  r.post(
    '/api/v1/wallet/auth/logout',
    { schema: { tags, summary: 'Sign out of the wallet', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[WALLET_COOKIE];
      if (token) {
        await endLearnerSession(ctx, token);
      }
      clearWalletCookies(reply);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/wallet/me',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'The signed-in learner: account and identities',
        response: { 200: WalletMe, 401: Problem },
      },
    },
    async (request) => walletMe(ctx, learnerOf(request).account),
  );

  r.patch(
    '/api/v1/wallet/profile',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Name, portfolio handle and switches, the DID new credentials name',
        body: Type.Object({
          handle: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          displayName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          portfolioPublic: Type.Optional(Type.Boolean()),
          portfolioPathways: Type.Optional(Type.Boolean()),
          subjectDid: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
        }),
        response: { 200: WalletMe, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { handle, displayName, portfolioPublic, portfolioPathways, subjectDid } = request.body;
      const account = await updateProfile(ctx, learnerOf(request).account, {
        ...(handle !== undefined ? { handle } : {}),
        ...(displayName !== undefined ? { displayName } : {}),
        ...(portfolioPublic !== undefined ? { portfolioPublic } : {}),
        ...(portfolioPathways !== undefined ? { portfolioPathways } : {}),
        ...(subjectDid !== undefined ? { subjectDid } : {}),
      });
      return walletMe(ctx, account);
    },
  );

  r.put(
    '/api/v1/wallet/password',
    {
      config: { learner: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Set the password (changing one needs the current one)',
        body: Type.Object({ password: Password, currentPassword: Type.Optional(Password) }),
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await setAccountPassword(
        ctx,
        learnerOf(request).account,
        request.body.password,
        request.body.currentPassword,
      );
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/wallet/export',
    {
      config: { learner: true },
      schema: {
        tags,
        summary:
          'Everything the wallet holds, as one JSON file: account, identities, credentials (as signed), imports (as given)',
      },
    },
    async (request, reply) => {
      const data = await exportAccountData(ctx, learnerOf(request).account);
      return reply
        .header('content-disposition', 'attachment; filename="cairn-wallet-export.json"')
        .header('cache-control', 'no-store')
        .send(data);
    },
  );

  r.delete(
    '/api/v1/wallet/account',
    {
      config: { learner: true },
      schema: {
        tags,
        summary: 'Delete the account: identities, imports and sessions go; the issuers keep their records',
        response: { 204: Type.Null(), 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      await deleteAccount(ctx, learnerOf(request).account);
      clearWalletCookies(reply);
      return reply.status(204).send(null);
    },
  );
}
