/** The wallet's session: who is signed in (GET /api/v1/wallet/me), the language, signing out. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { isLocale, LOCALE_COOKIE, type Locale, negotiateLocale } from '../../i18n/index.js';
import { ApiError, api, setCsrfCookie } from '../console/api.js';

export type WalletMe = {
  account: {
    id: string;
    handle: string | null;
    displayName: string | null;
    hasPassword: boolean;
    subjectDid: string | null;
    portfolioPublic: boolean;
    portfolioPathways: boolean;
  };
  identities: { id: string; type: 'email' | 'did'; value: string; verifiedAt: string }[];
  next?: string;
};

type WalletSession = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: WalletMe };

type SessionContext = {
  session: WalletSession;
  locale: Locale;
  setLocale: (locale: Locale) => void;
  refresh: () => Promise<void>;
  signedIn: (me: WalletMe) => void;
  signOut: () => Promise<void>;
};

const Context = createContext<SessionContext | undefined>(undefined);

function initialLocale(): Locale {
  const match = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(document.cookie);
  return isLocale(match?.[1]) ? (match?.[1] as Locale) : negotiateLocale(navigator.languages.join(','));
}

export function WalletSessionProvider({ children }: { children: ReactNode }) {
  // The wallet's writes echo its own session's CSRF token (set only when the wallet, not the console, runs).
  setCsrfCookie('cairn_wallet_csrf');
  const [session, setSession] = useState<WalletSession>({ status: 'loading' });
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const refresh = useCallback(async () => {
    try {
      setSession({
        status: 'signed-in',
        me: await api<WalletMe>('/api/v1/wallet/me', { noOrganization: true }),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setSession({ status: 'signed-out' });
      } else {
        throw error;
      }
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const setLocale = (next: Locale) => {
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie the server reads too
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.lang = next;
    setLocaleState(next);
  };
  const value: SessionContext = {
    session,
    locale,
    setLocale,
    refresh,
    signedIn: (me) => setSession({ status: 'signed-in', me }),
    signOut: async () => {
      await api('/api/v1/wallet/auth/logout', { method: 'POST', noOrganization: true });
      setSession({ status: 'signed-out' });
    },
  };
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useWallet(): SessionContext {
  const context = useContext(Context);
  if (!context) {
    throw new Error('useWallet outside WalletSessionProvider');
  }
  return context;
}

/** The signed-in learner (pages under the signed-in frame only). */
export function useMe(): WalletMe {
  const { session } = useWallet();
  if (session.status !== 'signed-in') {
    throw new Error('Not signed in');
  }
  return session.me;
}

/** The wallet's API calls: same origin, the wallet's CSRF cookie, no organization header. */
export function walletApi<T>(path: string, options: Parameters<typeof api>[1] = {}): Promise<T> {
  return api<T>(path, { ...options, noOrganization: true });
}
