/** The frame of every public page: skip link, header with navigation and language switch, main, footer. */
import type { ReactNode } from 'react';
import { LOCALE_NAMES, LOCALES } from '../i18n/index.js';
import { useI18n } from './i18n-context.js';

/** Three stacked stones: Cairn's mark. Decorative; the name beside it is the accessible text. */
export function CairnMark() {
  return (
    <svg
      className="brand-mark"
      viewBox="0 0 32 32"
      width="28"
      height="28"
      aria-hidden="true"
      focusable="false"
    >
      <ellipse cx="16" cy="26" rx="12" ry="4.5" fill="#3d5a80" />
      <ellipse cx="16" cy="17.5" rx="8.5" ry="4" fill="#5b7fa8" />
      <ellipse cx="16" cy="10" rx="5.5" ry="3.2" fill="#98c1d9" />
    </svg>
  );
}

export function LanguageLinks({ path }: { path: string }) {
  const { t, locale } = useI18n();
  return (
    <nav className="language-switch" aria-label={t('nav.language')}>
      <ul>
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={`${path}${path.includes('?') ? '&' : '?'}lang=${code}`}
              hrefLang={code}
              lang={code}
              aria-current={code === locale ? 'true' : undefined}
            >
              {LOCALE_NAMES[code]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PublicLayout({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <a className="brand" href="/">
            <CairnMark />
            <span>Cairn</span>
          </a>
          <nav className="site-nav" aria-label={t('nav.main')}>
            <ul>
              <li>
                <a href="/verify" aria-current={path === '/verify' ? 'page' : undefined}>
                  {t('nav.verify')}
                </a>
              </li>
              <li>
                <a href="/console">{t('nav.console')}</a>
              </li>
            </ul>
          </nav>
          <LanguageLinks path={path} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
    </>
  );
}
