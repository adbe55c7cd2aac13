/** The console's frame: skip link, header (organization, language, user), navigation, routed page. */
import type { ReactNode } from 'react';
import { LOCALE_NAMES, LOCALES } from '../../i18n/index.js';
import { I18nProvider, useI18n } from '../../pages/i18n-context.js';
import { CairnMark } from '../../pages/layout.js';
import { AchievementEditor, AchievementsPage } from './pages/achievements.js';
import { ApiKeysPage } from './pages/api-keys.js';
import { BatchDetail } from './pages/batch-detail.js';
import { BatchesPage, BatchUpload } from './pages/batches.js';
import { CredentialDetail, CredentialsPage } from './pages/credentials.js';
import { Dashboard } from './pages/dashboard.js';
import { DesignEditor } from './pages/design/design-editor.js';
import { IssuePage } from './pages/issue.js';
import { IssuerDetail, IssuerForm, IssuersPage } from './pages/issuers.js';
import { MailboxPage, MailPage } from './pages/mail.js';
import { MembersPage } from './pages/members.js';
import { NotFound } from './pages/not-found.js';
import { PathwayDetail } from './pages/pathway-detail.js';
import { PathwayEditor } from './pages/pathway-editor.js';
import { PathwaysPage } from './pages/pathways.js';
import { SettingsPage } from './pages/settings.js';
import { SignIn } from './pages/sign-in.js';
import { WebhookDetail } from './pages/webhook-detail.js';
import { WebhooksPage } from './pages/webhooks.js';
import { Link, matchPath, RouterProvider, useLocation } from './router.js';
import { roleAtLeast, SessionProvider, useOrganization, useSession } from './session.js';

type Route = { pattern: string; render: (params: Record<string, string>) => ReactNode };

const ROUTES: Route[] = [
  { pattern: '/console', render: () => <Dashboard /> },
  { pattern: '/console/issuers', render: () => <IssuersPage /> },
  { pattern: '/console/issuers/new', render: () => <IssuerForm /> },
  { pattern: '/console/issuers/:id', render: (params) => <IssuerDetail id={params.id as string} /> },
  { pattern: '/console/achievements', render: () => <AchievementsPage /> },
  { pattern: '/console/achievements/new', render: () => <AchievementEditor key="new" /> },
  {
    pattern: '/console/achievements/:id',
    render: (params) => <AchievementEditor key={params.id} id={params.id as string} />,
  },
  {
    pattern: '/console/achievements/:id/design',
    render: (params) => <DesignEditor key={params.id} id={params.id as string} />,
  },
  { pattern: '/console/issue', render: () => <IssuePage /> },
  { pattern: '/console/credentials', render: () => <CredentialsPage /> },
  { pattern: '/console/credentials/:id', render: (params) => <CredentialDetail id={params.id as string} /> },
  { pattern: '/console/batches', render: () => <BatchesPage /> },
  { pattern: '/console/batches/new', render: () => <BatchUpload /> },
  {
    pattern: '/console/batches/:id',
    render: (params) => <BatchDetail key={params.id} id={params.id as string} />,
  },
  { pattern: '/console/pathways', render: () => <PathwaysPage /> },
  { pattern: '/console/pathways/new', render: () => <PathwayEditor key="new" /> },
  {
    pattern: '/console/pathways/:id',
    render: (params) => <PathwayDetail key={params.id} id={params.id as string} />,
  },
  {
    pattern: '/console/pathways/:id/edit',
    render: (params) => <PathwayEditor key={params.id} id={params.id as string} />,
  },
  { pattern: '/console/webhooks', render: () => <WebhooksPage /> },
  {
    pattern: '/console/webhooks/:id',
    render: (params) => <WebhookDetail key={params.id} id={params.id as string} />,
  },
  { pattern: '/console/team', render: () => <MembersPage /> },
  { pattern: '/console/mail', render: () => <MailPage /> },
  { pattern: '/console/mailbox', render: () => <MailboxPage /> },
  { pattern: '/console/api-keys', render: () => <ApiKeysPage /> },
  { pattern: '/console/settings', render: () => <SettingsPage /> },
];

const NAV: { to: string; label: Parameters<ReturnType<typeof useI18n>['t']>[0]; admin?: boolean }[] = [
  { to: '/console', label: 'c.nav.home' },
  { to: '/console/issue', label: 'c.nav.issue' },
  { to: '/console/credentials', label: 'c.nav.credentials' },
  { to: '/console/achievements', label: 'c.nav.achievements' },
  { to: '/console/issuers', label: 'c.nav.issuers' },
  { to: '/console/batches', label: 'c.nav.batches' },
  { to: '/console/pathways', label: 'c.nav.pathways' },
  { to: '/console/webhooks', label: 'c.nav.webhooks', admin: true },
  { to: '/console/mail', label: 'c.nav.mail' },
  { to: '/console/team', label: 'c.nav.team', admin: true },
  { to: '/console/api-keys', label: 'c.nav.apiKeys', admin: true },
  { to: '/console/settings', label: 'c.nav.settings', admin: true },
];

function LanguageSwitch() {
  const { t } = useI18n();
  const { locale, setLocale } = useSession();
  return (
    <div className="toolbar-item">
      <label htmlFor="console-language">{t('nav.language')}</label>
      <select
        id="console-language"
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
  );
}

function OrganizationSwitch() {
  const { t } = useI18n();
  const { session, switchOrganization } = useSession();
  if (session.status !== 'signed-in') {
    return null;
  }
  const { organizations } = session.me;
  if (organizations.length < 2) {
    return <span className="toolbar-item">{session.organization.name}</span>;
  }
  return (
    <div className="toolbar-item">
      <label htmlFor="console-organization">{t('c.organization')}</label>
      <select
        id="console-organization"
        value={session.organization.id}
        onChange={(event) => switchOrganization(event.currentTarget.value)}
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name ?? organization.slug ?? organization.id}
          </option>
        ))}
      </select>
    </div>
  );
}

function Header() {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a className="brand" href="/console">
          <CairnMark />
          <span>Cairn</span>
        </a>
        <div className="toolbar">
          <OrganizationSwitch />
          <LanguageSwitch />
          {session.status === 'signed-in' ? (
            <div className="user-menu">
              <span>{session.me.user.name}</span>
              <button type="button" className="button secondary small" onClick={() => void signOut()}>
                {t('c.signOut')}
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
  const organization = useOrganization();
  // A section is current on its own path and below it (/console/issuers/… is not /console/issue).
  const active = (to: string) =>
    to === '/console'
      ? path === '/console' || path === '/console/'
      : path === to || path.startsWith(`${to}/`);
  return (
    <nav className="console-nav" aria-label={t('c.nav.label')}>
      <ul>
        {NAV.filter((item) => !item.admin || roleAtLeast(organization.role, 'admin')).map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={active(item.to) ? 'page' : undefined}>
              {t(item.label)}
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
  const organization = useOrganization();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      // A new organization starts every page afresh.
      return <div key={organization.id}>{route.render(params)}</div>;
    }
  }
  return <NotFound />;
}

function Frame() {
  const { t } = useI18n();
  const { session } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header />
      {session.status === 'signed-in' ? (
        <div className="console">
          <Navigation />
          <main id="main" className="console-main" tabIndex={-1}>
            <Routed />
          </main>
        </div>
      ) : (
        <main id="main" className="sign-in" tabIndex={-1}>
          {session.status === 'loading' ? (
            <p className="note" role="status">
              {t('c.loading')}
            </p>
          ) : (
            <SignIn />
          )}
        </main>
      )}
    </>
  );
}

function Localized() {
  const { locale } = useSession();
  return (
    <I18nProvider locale={locale}>
      <Frame />
    </I18nProvider>
  );
}

export function ConsoleApp() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Localized />
      </SessionProvider>
    </RouterProvider>
  );
}
