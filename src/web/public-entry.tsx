/**
 * Hydrates the server-rendered public pages (/, /verify, /c/{id}, /i/{slug}): the same React tree the
 * server rendered (src/pages), with the browser verifier plugged in.
 */
import { hydrateRoot } from 'react-dom/client';
import { I18nProvider } from '../pages/i18n-context.js';
import { PAGE_DATA_ID, PAGE_ROOT_ID, PAGES, type PageData, type PageName } from '../pages/registry.js';
import { type VerifierPort, VerifierProvider } from '../pages/verifier-context.js';
import './styles.css';

/**
 * The verifier (the core, JSON-LD, schemas: most of the page's script) loads beside the page, not
 * before it: the page hydrates at once and the verification starts when the verifier has arrived.
 */
const load = () => import('./verification/browser-verifier.js').then((module) => module.browserVerifier);
const browserVerifier: VerifierPort = {
  verify: async (input, onStage) => (await load()).verify(input, onStage),
  fetchCredential: async (url) => (await load()).fetchCredential(url),
  readFile: async (file) => (await load()).readFile(file),
};

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
