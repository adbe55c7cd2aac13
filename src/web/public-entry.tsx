/**
 * Hydrates the server-rendered public pages (/, /verify, /c/{id}, /i/{slug}): the same React tree the
 * server rendered (src/pages), with the browser verifier plugged in.
 */
import { hydrateRoot } from 'react-dom/client';
import { I18nProvider } from '../pages/i18n-context.js';
import { PAGE_DATA_ID, PAGE_ROOT_ID, PAGES, type PageData, type PageName } from '../pages/registry.js';
import { VerifierProvider } from '../pages/verifier-context.js';
import './styles.css';
import { browserVerifier } from './verification/browser-verifier.js';

const root = document.getElementById(PAGE_ROOT_ID);
const data = document.getElementById(PAGE_DATA_ID);
if (root && data?.textContent) {
  const { page, locale, props } = JSON.parse(data.textContent) as PageData<PageName>;
  const Page = PAGES[page] as (props: PageData['props']) => React.JSX.Element;
  hydrateRoot(
    root,
    <I18nProvider locale={locale}>
      <VerifierProvider value={browserVerifier}>
        <Page {...props} />
      </VerifierProvider>
    </I18nProvider>,
  );
}
