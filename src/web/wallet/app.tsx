/**
 * The learner's wallet: a single-page app under /wallet, in the console's frame and look, talking to
 * /api/v1/wallet with its own session (never the console's). Mailed links land on /wallet/sign-in,
 * /wallet/verify-email and /wallet/merge.
 */
import { type ReactNode, useEffect } from 'react';
import { LOCALE_NAMES, LOCALES } from '../../i18n/index.js';
import { I18nProvider, useI18n } from '../../pages/i18n-context.js';
import { CairnMark } from '../../pages/layout.js';
import { Link, matchPath, RouterProvider, useLocation } from '../console/router.js';
import { AccountPage } from './account.js';
import { CredentialDetail, CredentialsPage } from './credentials.js';
import { ImportsPage } from './imports.js';
import { type LinkKind, LinkPage } from './link-page.js';
import { useWallet, WalletSessionProvider } from './session.js';
import { authorizationToResume, WalletSignIn } from './sign-in.js';

const ROUTES: { pattern: string; render: (params: Record<string, string>) => ReactNode }[] = [
  { pattern: '/wallet', render: () => <CredentialsPage /> },
  { pattern: '/wallet/credentials/:id', render: (params) => <CredentialDetail id={params.id as string} /> },
  { pattern: '/wallet/imports', render: () => <ImportsPage /> },
  { pattern: '/wallet/account', render: () => <AccountPage /> },
];

const LINKS: LinkKind[] = ['sign-in', 'verify-email', 'merge'];

function Header() {
  const { t } = useI18n();
  const { session, locale, setLocale, signOut } = useWallet();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a className="brand" href="/wallet">
          <CairnMark />
          <span>{t('w.title')}</span>
        </a>
        <div className="toolbar">
          <div className="toolbar-item">
            <label htmlFor="wallet-language">{t('nav.language')}</label>
            <select
              id="wallet-language"
              value={locale}
              onChange={(event) => setLocale(event.currentTarget.value as typeof locale)}
            >
              {LOCALES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {LOCALE_NAMES[code]}
                </option>
              ))}
            </select>
          </div>
          {session.status === 'signed-in' ? (
            <div className="user-menu">
              <span>{session.me.account.displayName ?? session.me.identities[0]?.value}</span>
              <button type="button" className="button secondary small" onClick={() => void signOut()}>
                {t('w.signOut')}
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </header>
  );
}

function Navigation() {
  const { t } = useI18n();
  const { path } = useLocation();
  const items = [
    {
      to: '/wallet',
      label: t('w.nav.credentials'),
      current: path === '/wallet' || path.startsWith('/wallet/credentials'),
    },
    { to: '/wallet/imports', label: t('w.nav.imports'), current: path === '/wallet/imports' },
    { to: '/wallet/account', label: t('w.nav.account'), current: path === '/wallet/account' },
  ];
  return (
    <nav className="console-nav" aria-label={t('w.nav.label')}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={item.current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
        <li>
          <a href="/verify">{t('nav.verify')}</a>
        </li>
      </ul>
    </nav>
  );
}

function Routed() {
  const { path } = useLocation();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      return <>{route.render(params)}</>;
    }
  }
  return <CredentialsPage />;
}

function Frame() {
  const { t } = useI18n();
  const { session } = useWallet();
  const { path } = useLocation();
  // Sent here to sign in by an app's authorization request, but signed in already (another tab): go on.
  useEffect(() => {
    const resume = session.status === 'signed-in' ? authorizationToResume() : undefined;
    if (resume) {
      window.location.replace(resume);
    }
  }, [session.status]);
  const link = LINKS.find((kind) => matchPath(`/wallet/${kind}`, path));
  let content: ReactNode;
  if (link) {
    content = <LinkPage kind={link} />;
  } else if (session.status === 'loading') {
    content = (
      <p className="note" role="status">
        {t('w.loading')}
      </p>
    );
  } else if (session.status === 'signed-out') {
    content = <WalletSignIn />;
  }
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header />
      {content === undefined ? (
        <div className="console">
          <Navigation />
          <main id="main" className="console-main" tabIndex={-1}>
            <Routed />
          </main>
        </div>
      ) : (
        <main id="main" className="sign-in" tabIndex={-1}>
          {content}
        </main>
      )}
    </>
  );
}

function Localized() {
  const { locale } = useWallet();
  return (
    <I18nProvider locale={locale}>
      <Frame />
    </I18nProvider>
  );
}

export function WalletApp() {
  return (
    <RouterProvider>
      <WalletSessionProvider>
        <Localized />
      </WalletSessionProvider>
    </RouterProvider>
  );
}
