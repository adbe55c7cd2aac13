/** `/u/{handle}`: a learner's public portfolio — the credentials they made public, and their pathways. */
import { BadgeImage } from './badge-image.js';
import { displayableImage, localPath } from './credential-model.js';
import { achievementTypeLabel } from './credential-view.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

export type PortfolioCredential = {
  id: string;
  url: string;
  name: string;
  description: string | null;
  achievementType: string | null;
  issuerName: string;
  imageUrl: string;
  awardedDate: string;
  status: string;
};

export type PortfolioPathway = { id: string; name: string; url: string; percent: number; completed: boolean };

export type PortfolioPageProps = {
  path: string;
  publicUrl: string;
  name: string;
  credentials: PortfolioCredential[];
  /** Null when the learner chose not to show their pathways. */
  pathways: PortfolioPathway[] | null;
};

export function PortfolioPage({ path, publicUrl, name, credentials, pathways }: PortfolioPageProps) {
  const { t, date } = useI18n();
  return (
    <PublicLayout path={path}>
      <p className="eyebrow">{t('portfolio.eyebrow')}</p>
      <h1>{name}</h1>
      <section aria-labelledby="portfolio-credentials">
        <h2 id="portfolio-credentials">{t('portfolio.credentials')}</h2>
        {credentials.length === 0 ? (
          <p className="empty">{t('portfolio.empty')}</p>
        ) : (
          <>
            <p className="note">{t('portfolio.verifyNote')}</p>
            <ul className="card-grid">
              {credentials.map((credential) => (
                <li key={credential.id} className="card">
                  <BadgeImage
                    src={displayableImage(credential.imageUrl, publicUrl)}
                    name={credential.name}
                    size="small"
                  />
                  <div>
                    <p className="eyebrow">
                      {achievementTypeLabel(t, credential.achievementType ?? undefined)}
                    </p>
                    <h3>
                      <a href={localPath(credential.url, publicUrl) ?? credential.url}>{credential.name}</a>
                    </h3>
                    <p>{t('portfolio.issuedBy', { issuer: credential.issuerName })}</p>
                    <p className="note">
                      <time dateTime={credential.awardedDate}>{date(credential.awardedDate)}</time>
                      {credential.status !== 'active'
                        ? ` · ${t(`c.status.${credential.status}` as 'c.status.revoked')}`
                        : ''}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {pathways && pathways.length > 0 ? (
        <section aria-labelledby="portfolio-pathways">
          <h2 id="portfolio-pathways">{t('portfolio.pathways')}</h2>
          <ul className="card-grid">
            {pathways.map((pathway) => (
              <li key={pathway.id} className="card">
                <div>
                  <h3>
                    <a href={localPath(pathway.url, publicUrl) ?? pathway.url}>{pathway.name}</a>
                  </h3>
                  <progress max={100} value={pathway.percent} aria-label={pathway.name}>
                    {pathway.percent}%
                  </progress>
                  <p className="note">
                    {pathway.completed
                      ? t('portfolio.completed')
                      : t('portfolio.percent', { percent: pathway.percent })}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </PublicLayout>
  );
}
