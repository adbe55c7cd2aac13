import { useI18n } from '../../../pages/i18n-context.js';
import { Link, usePageTitle } from '../router.js';
import { PageHead } from '../ui.js';

export function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('c.notFound.title'), 'not-found-title');
  return (
    <>
      <PageHead id="not-found-title" title={t('c.notFound.title')} />
      <p>
        <Link to="/console">{t('c.notFound.back')}</Link>
      </p>
    </>
  );
}
