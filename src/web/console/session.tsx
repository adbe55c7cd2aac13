/** Who is signed in, in which organization (kept across reloads), and the console's language. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { isLocale, LOCALE_COOKIE, type Locale, negotiateLocale } from '../../i18n/index.js';
import { api, type Me, type Role, setOrganization, whenSignedOut } from './api.js';

const ORGANIZATION_KEY = 'cairn.organization';

export type Session =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | {
      status: 'signed-in';
      me: Me;
      organization: { id: string; role: Role; name: string };
    };

type SessionApi = {
  session: Session;
  publicUrl: string;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  switchOrganization: (id: string) => void;
  locale: Locale;
  setLocale: (locale: Locale) => void;
};

const SessionContext = createContext<SessionApi | undefined>(undefined);

function pickOrganization(me: Me): { id: string; role: Role; name: string } | undefined {
  const saved = window.localStorage.getItem(ORGANIZATION_KEY);
  const chosen = me.organizations.find((org) => org.id === saved) ?? me.organizations[0];
  return chosen
    ? { id: chosen.id, role: chosen.role, name: chosen.name ?? chosen.slug ?? chosen.id }
    : undefined;
}

function initialLocale(): Locale {
  const match = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`).exec(document.cookie);
  if (match && isLocale(match[1])) {
    return match[1];
  }
  return negotiateLocale(navigator.languages?.join(',') || navigator.language);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [publicUrl, setPublicUrl] = useState(window.location.origin);
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const adopt = useCallback((me: Me) => {
    const organization = pickOrganization(me);
    setOrganization(organization?.id);
    setSession(organization ? { status: 'signed-in', me, organization } : { status: 'signed-out' });
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setOrganization(undefined);
      setSession({ status: 'signed-out' });
    });
    return () => whenSignedOut(undefined);
  }, []);

  useEffect(() => {
    api<{ publicUrl: string }>('/.well-known/cairn', { noOrganization: true })
      .then((answer) => setPublicUrl(answer.publicUrl))
      .catch(() => undefined);
    api<Me>('/api/v1/auth/me', { noOrganization: true })
      .then(adopt)
      .catch(() => setSession({ status: 'signed-out' }));
  }, [adopt]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value: SessionApi = {
    session,
    publicUrl,
    locale,
    setLocale: (next) => {
      // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie the server reads too
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      setLocaleState(next);
    },
    signIn: async (email, password) => {
      const me = await api<Me>('/api/v1/auth/login', {
        method: 'POST',
        body: { email, password },
        noOrganization: true,
      });
      adopt(me);
    },
    signOut: async () => {
      try {
        await api('/api/v1/auth/logout', { method: 'POST', noOrganization: true });
      } finally {
        setOrganization(undefined);
        setSession({ status: 'signed-out' });
      }
    },
    switchOrganization: (id) => {
      if (session.status !== 'signed-in') {
        return;
      }
      window.localStorage.setItem(ORGANIZATION_KEY, id);
      adopt(session.me);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error('useSession outside SessionProvider');
  }
  return value;
}

/** The signed-in organization and role (pages under the shell are only rendered when signed in). */
export function useOrganization(): { id: string; role: Role; name: string } {
  const { session } = useSession();
  if (session.status !== 'signed-in') {
    throw new Error('useOrganization needs a signed-in session');
  }
  return session.organization;
}

const RANK: Record<Role, number> = { viewer: 0, issuer: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
