/**
 * The apps connected to the wallet through the Open Badges 3.0 API (docs/ob-api.md): what each may do,
 * in the consent page's words, and a button that disconnects it (every token it holds is revoked).
 */
import { useState } from 'react';
import { SCOPE_LABEL_KEYS } from '../../core/ob-api/scopes.js';
import type { MessageKey } from '../../i18n/index.js';
import { useI18n } from '../../pages/i18n-context.js';
import { LoadError } from '../console/ui.js';
import { useApi } from '../console/use-api.js';
import { walletApi } from './session.js';

type ConnectedApp = {
  clientId: string;
  name: string;
  clientUri: string;
  policyUri: string;
  scopes: string[];
  connectedAt: string;
};

export function ConnectedApps() {
  const { t, date } = useI18n();
  const list = useApi<{ items: ConnectedApp[] }>('/api/v1/wallet/connected-apps');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const disconnect = async (app: ConnectedApp) => {
    try {
      await walletApi(`/api/v1/wallet/connected-apps/${encodeURIComponent(app.clientId)}`, {
        method: 'DELETE',
      });
      setMessage({ text: t('w.apps.disconnected', { app: app.name }) });
      list.reload();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  return (
    <section aria-labelledby="wallet-apps" className="panel">
      <h2 id="wallet-apps">{t('w.apps.title')}</h2>
      <p className="note">{t('w.apps.lead')}</p>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'note'}>
          {message.text}
        </p>
      ) : null}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('w.apps.none')}</p> : null}
      <ul className="connected-apps">
        {(list.data?.items ?? []).map((app) => (
          <li key={app.clientId}>
            <p>
              <strong>{app.name}</strong>{' '}
              <a href={app.clientUri} rel="noopener noreferrer">
                {app.clientUri}
              </a>
            </p>
            <p className="note">{t('w.apps.since', { date: date(app.connectedAt) })}</p>
            <p>{t('w.apps.may')}</p>
            <ul>
              {app.scopes.map((scope) => (
                <li key={scope}>
                  {scope in SCOPE_LABEL_KEYS
                    ? t(SCOPE_LABEL_KEYS[scope as keyof typeof SCOPE_LABEL_KEYS] as MessageKey)
                    : scope}
                </li>
              ))}
            </ul>
            <button type="button" className="button secondary small" onClick={() => void disconnect(app)}>
              {t('w.apps.disconnect', { app: app.name })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
