/** `/`: what Cairn is, and the two ways in. */
import { useI18n } from './i18n-context.js';
import { CairnMark, PublicLayout } from './layout.js';

export type HomePageProps = { path: string };

export function HomePage({ path }: HomePageProps) {
  const { t } = useI18n();
  return (
    <PublicLayout path={path}>
      <div className="hero">
        <CairnMark />
        <h1>{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
        <div className="action-row">
          <a className="button" href="/verify">
            {t('home.verify')}
          </a>
          <a className="button secondary" href="/console">
            {t('home.console')}
          </a>
        </div>
      </div>
    </PublicLayout>
  );
}
