/** Signing in: a magic link by e-mail (which creates the wallet the first time), or a password. */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { ApiError } from '../console/api.js';
import { usePageTitle } from '../console/router.js';
import { TextField } from '../console/ui.js';
import { useWallet, type WalletMe, walletApi } from './session.js';

/**
 * An Open Badges 3.0 authorization request that sent the learner here to sign in (`/wallet?next=`): only
 * that one path of this site, never an open redirect.
 */
export function authorizationToResume(): string | undefined {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith(AUTHORIZE_PATH) ? next : undefined;
}

export const AUTHORIZE_PATH = '/ims/ob/v3p0/auth/authorize?';

export function WalletSignIn() {
  const { t } = useI18n();
  const { signedIn } = useWallet();
  usePageTitle(t('w.signIn.title'), 'wallet-sign-in-title');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const [busy, setBusy] = useState(false);

  const sendLink = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const here = `${window.location.pathname}${window.location.search}`;
      const next = authorizationToResume() ?? (here.startsWith('/wallet/') ? here : undefined);
      await walletApi('/api/v1/wallet/auth/link', {
        method: 'POST',
        body: { email: email.trim(), ...(next ? { next } : {}) },
      });
      setMessage({ text: t('w.signIn.sent', { email: email.trim() }) });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  const withPassword = async () => {
    setBusy(true);
    try {
      const me = await walletApi<WalletMe>('/api/v1/wallet/auth/login', {
        method: 'POST',
        body: { email: email.trim(), password },
      });
      const resume = authorizationToResume();
      if (resume) {
        // Back to the app's request: the server page asks for consent now that a session exists.
        window.location.assign(resume);
        return;
      }
      signedIn(me);
    } catch (error) {
      const wrong = error instanceof ApiError && error.code === 'INVALID_CREDENTIALS';
      setMessage({ text: wrong ? t('w.signIn.wrong') : (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h1 id="wallet-sign-in-title" tabIndex={-1}>
        {t('w.signIn.title')}
      </h1>
      <p className="note">{t('w.signIn.lead')}</p>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'note'}>
          {message.text}
        </p>
      ) : null}
      <form onSubmit={(event) => void sendLink(event)}>
        <TextField
          id="wallet-email"
          label={t('w.signIn.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('w.signIn.sendLink')}
        </button>
        <p className="hint">{t('w.signIn.passwordNote')}</p>
        <TextField
          id="wallet-password"
          label={t('w.signIn.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => void withPassword()}
        >
          {t('w.signIn.withPassword')}
        </button>
      </form>
    </div>
  );
}
