/** Data for the browser tests, made through the real API with the demo organization's key. */
import { attachIdentity } from '../../../src/services/wallet/identities.js';
import { startLearnerSession } from '../../../src/services/wallet/learner-sessions.js';
import { insertLearnerAccount } from '../../../src/storage/learner-accounts.repository.js';
import type { E2eServer } from './server.js';

/** An active achievement of the demo organization (seeded with it), by name. */
export async function demoAchievement(
  server: E2eServer,
  name = 'Unit 1: Foundations of Data',
): Promise<string> {
  const row = await server.server.ctx.db
    .selectFrom('achievements')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether this server has the achievements API (it landed separately from the console). */
export async function hasAchievementsApi(server: E2eServer): Promise<boolean> {
  const answer = await fetch(`${server.url}/api/v1/achievements`, {
    headers: { authorization: `Bearer ${server.demo.apiKey}` },
  });
  return answer.status !== 404;
}

export async function issueCredential(
  server: E2eServer,
  recipient: { email: string; name?: string },
  achievementId?: string,
): Promise<{ id: string; url: string; credential: Record<string, unknown> }> {
  const answer = await fetch(`${server.url}/api/v1/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.demo.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      achievementId: achievementId ?? (await demoAchievement(server)),
      recipient,
      evidence: [
        {
          id: 'https://example.org/portfolio',
          name: 'Portfolio',
          narrative: 'A cleaned data set, described.',
        },
      ],
    }),
  });
  if (answer.status !== 201) {
    throw new Error(`issuing failed: ${answer.status} ${await answer.text()}`);
  }
  return (await answer.json()) as { id: string; url: string; credential: Record<string, unknown> };
}

/**
 * A learner account holding this e-mail address, signed in: its wallet cookies. (As the sign-in link
 * would make it; that flow is wallet.test.ts.)
 */
export async function learnerSession(
  server: E2eServer,
  email: string,
): Promise<{ token: string; csrfToken: string }> {
  const db = server.server.ctx.db;
  const now = server.server.ctx.clock();
  const account = await insertLearnerAccount(db, {});
  await attachIdentity(db, account, 'email', email, now);
  const session = await startLearnerSession(db, now, account);
  return { token: session.token, csrfToken: session.csrfToken };
}
