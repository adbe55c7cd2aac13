/**
 * The pages mailed links open: `/wallet/sign-in`, `/wallet/verify-email`, `/wallet/merge`, each with the
 * token in the URL's fragment (never sent to the server by the browser). The page posts it once.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { navigate, usePageTitle } from '../console/router.js';
import { useWallet, type WalletMe, walletApi } from './session.js';
import { AUTHORIZE_PATH } from './sign-in.js';

export type LinkKind = 'sign-in' | 'verify-email' | 'merge';

const ENDPOINT: Record<LinkKind, string> = {
  'sign-in': '/api/v1/wallet/auth/link/complete',
  'verify-email': '/api/v1/wallet/identities/email/verify',
  merge: '/api/v1/wallet/merge/complete',
};

export function LinkPage({ kind }: { kind: LinkKind }) {
  const { t } = useI18n();
  const { session, signedIn, refresh } = useWallet();
  usePageTitle(t('w.title'), 'wallet-link-title');
  const [state, setState] = useState<{ text: string; error?: boolean }>({ text: t('w.link.working') });
  const started = useRef(false);
  useEffect(() => {
    if (started.current || session.status === 'loading') {
      return;
    }
    if (kind !== 'sign-in' && session.status !== 'signed-in') {
      setState({ text: t('w.link.signInFirst'), error: true });
      return;
    }
    started.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    // The token leaves the address bar at once: it is used up below and must not linger in history.
    window.history.replaceState(null, '', window.location.pathname);
    void (async () => {
      try {
        const answer = await walletApi<WalletMe & { value?: string }>(ENDPOINT[kind], {
          method: 'POST',
          body: { token },
        });
        if (kind === 'sign-in') {
          if (answer.next?.startsWith(AUTHORIZE_PATH)) {
            // An app's authorization request, a server page: load it, now signed in.
            window.location.replace(answer.next);
            return;
          }
          signedIn(answer);
          navigate(answer.next?.startsWith('/wallet') ? answer.next : '/wallet', { replace: true });
          return;
        }
        await refresh();
        setState({
          text: kind === 'merge' ? t('w.link.merged') : t('w.link.emailAdded', { email: answer.value ?? '' }),
        });
      } catch {
        setState({ text: t('w.link.failed'), error: true });
      }
    })();
  }, [kind, session.status, signedIn, refresh, t]);
  return (
    <div className="panel">
      <h1 id="wallet-link-title" tabIndex={-1}>
        {t('w.title')}
      </h1>
      <p role={state.error ? 'alert' : 'status'} className={state.error ? 'error' : 'note'}>
        {state.text}
      </p>
      {state.error || kind !== 'sign-in' ? (
        <p>
          <a href="/wallet">{t('w.nav.credentials')}</a>
        </p>
      ) : null}
    </div>
  );
}
