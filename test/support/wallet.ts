/**
 * Wallet test helpers: a signed-in learner account made through the real services (an account with
 * verified identities and a real session), and requests carrying its cookies and CSRF token.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { attachIdentity } from '../../src/services/wallet/identities.js';
import { startLearnerSession } from '../../src/services/wallet/learner-sessions.js';
import { insertLearnerAccount, type LearnerAccount } from '../../src/storage/learner-accounts.repository.js';
import type { TestServer } from './http.js';

export type WalletClient = {
  account: LearnerAccount;
  token: string;
  csrfToken: string;
  request: (options: InjectOptions) => Promise<LightMyRequestResponse>;
};

/** Cookies and CSRF header of a wallet session, for `app.inject()`. */
export function walletHeaders(token: string, csrfToken: string): Record<string, string> {
  return { cookie: `cairn_wallet=${token}; cairn_wallet_csrf=${csrfToken}`, 'x-csrf-token': csrfToken };
}

export function walletClient(server: TestServer, session: { token: string; csrfToken: string }) {
  return (options: InjectOptions) =>
    server.app.inject({
      ...options,
      headers: { ...walletHeaders(session.token, session.csrfToken), ...(options.headers ?? {}) },
    });
}

/**
 * An account holding these verified identities, signed in. (Identities are attached as a verified link or
 * proof would attach them; the link and proof flows have tests of their own.)
 */
export async function signedInLearner(
  server: TestServer,
  identities: { emails?: string[]; dids?: string[] },
): Promise<WalletClient> {
  const now = server.ctx.clock();
  let account = await insertLearnerAccount(server.ctx.db, {});
  for (const email of identities.emails ?? []) {
    await attachIdentity(server.ctx.db, account, 'email', email, now);
  }
  for (const did of identities.dids ?? []) {
    await attachIdentity(server.ctx.db, account, 'did', did, now);
  }
  const session = await startLearnerSession(server.ctx.db, now, account);
  account = session.account;
  return {
    account,
    token: session.token,
    csrfToken: session.csrfToken,
    request: walletClient(server, session),
  };
}

/** The token of the newest wallet link mailed to `to` (read from the outbox, as the dev mailbox shows it). */
export async function mailedLinkToken(
  server: TestServer,
  to: string,
): Promise<{ token: string; url: string }> {
  const row = await server.ctx.db
    .selectFrom('mail_messages')
    .select(['text_body', 'created_at', 'id'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = /(https?:\/\/\S+\/wallet\/[a-z-]+#token=([^\s]+))/.exec(row.text_body ?? '');
  if (!match) {
    throw new Error(`No wallet link in the mail to ${to}`);
  }
  return { url: match[1] as string, token: decodeURIComponent(match[2] as string) };
}

/** The session cookies a response set, as a wallet client. */
export function sessionFrom(response: LightMyRequestResponse): { token: string; csrfToken: string } {
  const cookies = response.cookies as { name: string; value: string }[];
  const token = cookies.find((cookie) => cookie.name === 'cairn_wallet')?.value;
  const csrfToken = cookies.find((cookie) => cookie.name === 'cairn_wallet_csrf')?.value;
  if (!token || !csrfToken) {
    throw new Error('The response set no wallet session');
  }
  return { token, csrfToken };
}
