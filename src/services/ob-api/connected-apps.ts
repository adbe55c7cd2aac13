/** The apps a learner connected to their wallet through the OB 3.0 API, as the wallet lists them; disconnecting. */
import { AppError } from '../../errors.js';
import type { LearnerAccount } from '../../storage/learner-accounts.repository.js';
import { listAccountConnections, revokeAccountClientTokens } from '../../storage/ob-api-tokens.repository.js';
import type { AppContext } from '../context.js';

export type ConnectedApp = {
  clientId: string;
  name: string;
  clientUri: string;
  policyUri: string;
  scopes: string[];
  connectedAt: string;
};

/** One entry per app: the scopes of every live grant together, and the first grant's date. */
export async function listConnectedApps(ctx: AppContext, account: LearnerAccount): Promise<ConnectedApp[]> {
  const apps = new Map<string, ConnectedApp>();
  for (const row of await listAccountConnections(ctx.db, account.id, ctx.clock())) {
    const app = apps.get(row.client_id);
    const scopes = row.scope.split(' ');
    if (app) {
      app.scopes = [...new Set([...app.scopes, ...scopes])];
    } else {
      apps.set(row.client_id, {
        clientId: row.client_id,
        name: row.client_name,
        clientUri: row.client_uri,
        policyUri: row.policy_uri,
        scopes,
        connectedAt: row.created_at,
      });
    }
  }
  return [...apps.values()];
}

/** Revokes every token the app holds for this account: it reads and writes nothing more. */
export async function disconnectApp(
  ctx: AppContext,
  account: LearnerAccount,
  clientId: string,
): Promise<void> {
  if (!(await revokeAccountClientTokens(ctx.db, account.id, clientId, ctx.clock()))) {
    throw new AppError('NOT_FOUND', 'No such connected app in your wallet');
  }
}
