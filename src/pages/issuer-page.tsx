/** `/i/{slug}`: an issuer's public profile and the achievements it awards. */
import { BadgeImage } from './badge-image.js';
import { displayableImage, localPath } from './credential-model.js';
import { achievementTypeLabel } from './credential-view.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

export type PublicAchievement = {
  id: string;
  name: string;
  description?: string;
  achievementType?: string;
  imageUrl?: string;
  criteria?: string;
};

export type IssuerPageProps = {
  path: string;
  publicUrl: string;
  issuer: {
    name: string;
    slug: string;
    did: string;
    url?: string;
    email?: string;
    description?: string;
    imageUrl?: string;
  };
  achievements: PublicAchievement[];
  /** Whether the achievements' ids (their /a/{id} pages) can be linked. */
  linkAchievements?: boolean;
};

export function IssuerPage({ path, publicUrl, issuer, achievements, linkAchievements }: IssuerPageProps) {
  const { t } = useI18n();
  return (
    <PublicLayout path={path}>
      <div className="issuer-head">
        <BadgeImage src={displayableImage(issuer.imageUrl, publicUrl)} name={issuer.name} size="small" />
        <div>
          <p className="eyebrow">{t('issuer.eyebrow')}</p>
          <h1>{issuer.name}</h1>
          {issuer.description ? <p className="description">{issuer.description}</p> : null}
        </div>
      </div>
      <dl className="facts">
        {issuer.url ? (
          <div>
            <dt>{t('issuer.website')}</dt>
            <dd>
              <a href={issuer.url} rel="noopener noreferrer">
                {issuer.url}
              </a>
            </dd>
          </div>
        ) : null}
        {issuer.email ? (
          <div>
            <dt>{t('issuer.email')}</dt>
            <dd>{issuer.email}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('issuer.did')}</dt>
          <dd className="mono">
            <a href={`/i/${encodeURIComponent(issuer.slug)}/did.json`}>{issuer.did}</a>
          </dd>
        </div>
      </dl>
      <section aria-labelledby="achievements-title">
        <h2 id="achievements-title">{t('issuer.achievements')}</h2>
        {achievements.length === 0 ? (
          <p className="empty">{t('issuer.noAchievements')}</p>
        ) : (
          <ul className="card-grid">
            {achievements.map((achievement) => (
              <li key={achievement.id} className="card">
                <BadgeImage
                  src={displayableImage(achievement.imageUrl, publicUrl)}
                  name={achievement.name}
                  size="small"
                />
                <div>
                  <p className="eyebrow">{achievementTypeLabel(t, achievement.achievementType)}</p>
                  <h3>
                    {linkAchievements ? (
                      <a href={localPath(achievement.id, publicUrl) ?? achievement.id}>{achievement.name}</a>
                    ) : (
                      achievement.name
                    )}
                  </h3>
                  {achievement.description ? <p>{achievement.description}</p> : null}
                  {achievement.criteria ? (
                    <p className="note">
                      <strong>{t('credential.criteria')}:</strong> {achievement.criteria}
                    </p>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </PublicLayout>
  );
}
