/** The server-rendered pages by name: the server renders one, the browser hydrates the same one. */
import { ClaimPage, type ClaimPageProps } from './claim-page.js';
import { ConsentPage, type ConsentPageProps } from './consent-page.js';
import { CredentialPage, type CredentialPageProps } from './credential-page.js';
import { HomePage, type HomePageProps } from './home-page.js';
import { IssuerPage, type IssuerPageProps } from './issuer-page.js';
import { PathwayPage, type PathwayPageProps } from './pathway-page.js';
import { PortfolioPage, type PortfolioPageProps } from './portfolio-page.js';
import { UnsubscribePage, type UnsubscribePageProps } from './unsubscribe-page.js';
import { VerifierPage, type VerifierPageProps } from './verifier-page.js';

export type PageProps = {
  credential: CredentialPageProps;
  issuer: IssuerPageProps;
  verifier: VerifierPageProps;
  home: HomePageProps;
  pathway: PathwayPageProps;
  portfolio: PortfolioPageProps;
  claim: ClaimPageProps;
  unsubscribe: UnsubscribePageProps;
  consent: ConsentPageProps;
};

export type PageName = keyof PageProps;

export const PAGES: { [Name in PageName]: (props: PageProps[Name]) => React.JSX.Element } = {
  credential: CredentialPage,
  issuer: IssuerPage,
  verifier: VerifierPage,
  home: HomePage,
  pathway: PathwayPage,
  portfolio: PortfolioPage,
  claim: ClaimPage,
  unsubscribe: UnsubscribePage,
  consent: ConsentPage,
};

/** The element the page is rendered into, and the JSON block that carries its props to the browser. */
export const PAGE_ROOT_ID = 'app';
export const PAGE_DATA_ID = 'cairn-page';

export type PageData<Name extends PageName = PageName> = {
  page: Name;
  locale: import('../i18n/index.js').Locale;
  props: PageProps[Name];
};
