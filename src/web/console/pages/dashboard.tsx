/** The console's first page: where this organization stands, and the next step to take. */
import { useI18n } from '../../../pages/i18n-context.js';
import type { Achievement, IssuedCredential, Issuer, Page } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import { PageHead } from '../ui.js';
import { useApi } from '../use-api.js';

export function Dashboard() {
  const { t, number } = useI18n();
  const organization = useOrganization();
  usePageTitle(t('c.home.title'), 'home-title');
  const issuers = useApi<{ items: Issuer[] }>('/api/v1/issuers');
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?limit=200');
  const credentials = useApi<Page<IssuedCredential>>('/api/v1/credentials?limit=200');
  const issuerCount = issuers.data?.items.length ?? 0;
  const achievementCount = achievements.data?.items.length ?? 0;
  const credentialCount = credentials.data?.items.length ?? 0;
  const canIssue = roleAtLeast(organization.role, 'issuer');
  const steps = [
    {
      done: issuerCount > 0,
      title: t('c.home.step.issuer'),
      text: t('c.home.step.issuerText'),
      link: issuerCount > 0 ? '/console/issuers' : '/console/issuers/new',
      action: issuerCount > 0 ? t('c.home.step.issuerSee') : t('c.home.step.issuerDo'),
    },
    {
      done: achievementCount > 0,
      title: t('c.home.step.achievement'),
      text: t('c.home.step.achievementText'),
      link: '/console/achievements/new',
      action: t('c.home.step.achievementDo'),
    },
    {
      done: credentialCount > 0,
      title: t('c.home.step.issue'),
      text: t('c.home.step.issueText'),
      link: '/console/issue',
      action: t('c.home.step.issueDo'),
    },
    {
      done: false,
      title: t('c.home.step.share'),
      text: t('c.home.step.shareText'),
      link: '/console/credentials',
      action: t('c.home.step.shareDo'),
    },
  ];
  return (
    <>
      <PageHead id="home-title" title={t('c.home.title')}>
        {canIssue ? (
          <Link className="button" to="/console/issue">
            {t('c.nav.issue')}
          </Link>
        ) : null}
      </PageHead>
      <p className="lead">{t('c.home.lead', { organization: organization.name })}</p>
      <dl className="facts">
        <div>
          <dt>{t('c.nav.issuers')}</dt>
          <dd>{issuers.data ? number(issuerCount) : '…'}</dd>
        </div>
        <div>
          <dt>{t('c.nav.achievements')}</dt>
          <dd>
            {achievements.data ? `${number(achievementCount)}${achievements.data.next ? '+' : ''}` : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('c.home.issued')}</dt>
          <dd>{credentials.data ? `${number(credentialCount)}${credentials.data.next ? '+' : ''}` : '…'}</dd>
        </div>
      </dl>
      <h2>{t('c.home.steps')}</h2>
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.title} className={step.done ? 'done' : undefined}>
            <h3>
              {step.title}
              {step.done ? <span className="visually-hidden"> ({t('c.home.done')})</span> : null}
            </h3>
            <p>{step.text}</p>
            <Link to={step.link}>{step.action}</Link>
          </li>
        ))}
      </ol>
    </>
  );
}
