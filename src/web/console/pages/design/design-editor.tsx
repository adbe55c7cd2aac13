/**
 * An achievement's badge and certificate design (/console/achievements/{id}/design): the form on one
 * side, the live preview on the other — the badge as the server renders it (SVG), the certificate as
 * the PDF a learner downloads (marked PREVIEW). Saving can give the same design to other achievements.
 */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../../pages/i18n-context.js';
import { type Achievement, type AchievementDesign, ApiError, api, type Page } from '../../api.js';
import { Link, usePageTitle } from '../../router.js';
import { roleAtLeast, useOrganization } from '../../session.js';
import { CheckboxField, LoadError, Loading, PageHead } from '../../ui.js';
import { useApi } from '../../use-api.js';
import {
  type BadgeDraft,
  badgeBody,
  badgeDraft,
  type CertificateDraft,
  certificateBody,
  certificateDraft,
} from './drafts.js';
import { BadgeFields, CertificateFields } from './fields.js';
import { usePreview } from './use-preview.js';

type Drafts = { badge: BadgeDraft; certificate: CertificateDraft };

export function DesignEditor({ id }: { id: string }) {
  const { t } = useI18n();
  const achievement = useApi<Achievement>(`/api/v1/achievements/${encodeURIComponent(id)}`);
  const design = useApi<AchievementDesign>(`/api/v1/achievements/${encodeURIComponent(id)}/design`);
  usePageTitle(
    achievement.data ? t('c.design.title', { name: achievement.data.name }) : t('c.design.heading'),
    'design-title',
  );
  const error = achievement.error ?? design.error;
  if (error) {
    return (
      <>
        <PageHead id="design-title" title={t('c.design.heading')} />
        <LoadError error={error} feature="c.feature.designs" />
      </>
    );
  }
  if (!achievement.data || !design.data) {
    return <Loading />;
  }
  return (
    <DesignForm
      achievement={achievement.data}
      initial={{
        badge: badgeDraft(design.data.effective.badge, design.data.badge?.altText),
        certificate: certificateDraft(design.data.effective.certificate),
      }}
    />
  );
}

function DesignForm({ achievement, initial }: { achievement: Achievement; initial: Drafts }) {
  const { t } = useI18n();
  const organization = useOrganization();
  const canEdit = roleAtLeast(organization.role, 'issuer');
  const [drafts, setDrafts] = useState<Drafts>(initial);
  const [others, setOthers] = useState<string[]>([]);
  const [status, setStatus] = useState<{ message?: string; error?: string; busy: boolean }>({ busy: false });
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?limit=200');
  const badge = badgeBody(drafts.badge);
  const certificate = certificateBody(drafts.certificate);
  const learnerName = t('c.achievements.previewLearner');
  // usePreview compares requests by their JSON, so a new object per render starts no new render.
  const badgePreview = usePreview(
    badge ? { kind: 'badge', format: 'svg', achievementId: achievement.id, badge } : undefined,
  );
  const certificatePreview = usePreview(
    badge && certificate
      ? { kind: 'certificate', achievementId: achievement.id, badge, certificate, learnerName }
      : undefined,
  );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!badge || !certificate) {
      setStatus({ busy: false, error: t('c.design.fixColors') });
      return;
    }
    setStatus({ busy: true });
    try {
      for (const target of [achievement.id, ...others]) {
        await api(`/api/v1/achievements/${encodeURIComponent(target)}/design`, {
          method: 'PUT',
          body: { badge, certificate },
        });
      }
      setStatus({
        busy: false,
        message: others.length ? t('c.design.savedMany', { count: others.length + 1 }) : t('c.design.saved'),
      });
    } catch (failure) {
      setStatus({
        busy: false,
        error: failure instanceof ApiError ? (failure.detail ?? failure.title) : String(failure),
      });
    }
  };

  const otherAchievements = (achievements.data?.items ?? []).filter((item) => item.id !== achievement.id);
  return (
    <>
      <PageHead id="design-title" title={t('c.design.title', { name: achievement.name })}>
        <Link className="button secondary" to={`/console/achievements/${encodeURIComponent(achievement.id)}`}>
          {t('c.design.back')}
        </Link>
      </PageHead>
      <p className="note">{t('c.design.lead')}</p>
      <p className="note" role="status">
        {status.message ?? ''}
      </p>
      {status.error ? (
        <div className="notice notice-bad" role="alert">
          <p>{status.error}</p>
        </div>
      ) : null}
      <div className="editor">
        <form onSubmit={(event) => void save(event)} aria-labelledby="design-title" noValidate>
          <BadgeFields draft={drafts.badge} onChange={(next) => setDrafts({ ...drafts, badge: next })} />
          <CertificateFields
            draft={drafts.certificate}
            onChange={(next) => setDrafts({ ...drafts, certificate: next })}
          />
          {canEdit && otherAchievements.length > 0 ? (
            <fieldset>
              <legend>{t('c.design.assign')}</legend>
              <p className="hint">{t('c.design.assignHint')}</p>
              {otherAchievements.map((other) => (
                <CheckboxField
                  key={other.id}
                  id={`assign-${other.id}`}
                  label={other.name}
                  checked={others.includes(other.id)}
                  onChange={(checked) =>
                    setOthers(checked ? [...others, other.id] : others.filter((entry) => entry !== other.id))
                  }
                />
              ))}
            </fieldset>
          ) : null}
          {canEdit ? (
            <div className="action-row">
              <button type="submit" className="button" disabled={status.busy}>
                {t('c.design.save')}
              </button>
            </div>
          ) : null}
        </form>
        <section className="preview design-preview" aria-labelledby="design-preview-title">
          <h2 id="design-preview-title">{t('c.achievements.preview')}</h2>
          <p className="note" aria-live="polite">
            {badgePreview.rendering || certificatePreview.rendering ? t('c.design.rendering') : ''}
          </p>
          <div className="panel">
            <h3>{t('c.design.badge')}</h3>
            {badgePreview.error ? <p className="field-error">{badgePreview.error}</p> : null}
            {badgePreview.url ? (
              <img
                className="design-badge"
                data-testid="badge-preview"
                src={badgePreview.url}
                alt={drafts.badge.altText.trim() || achievement.name}
                width={240}
                height={240}
              />
            ) : null}
          </div>
          <div className="panel">
            <h3>
              {drafts.certificate.layout === 'diploma'
                ? t('c.design.layout.diploma')
                : t('c.design.layout.certificate')}
            </h3>
            {certificatePreview.error ? <p className="field-error">{certificatePreview.error}</p> : null}
            {certificatePreview.url ? (
              <>
                <iframe
                  className={`design-pdf design-pdf-${drafts.certificate.layout}`}
                  data-testid="certificate-preview"
                  title={t('c.design.certificatePreview')}
                  src={certificatePreview.url}
                />
                <a href={certificatePreview.url} target="_blank" rel="noopener">
                  {t('c.design.openPdf')}
                </a>
              </>
            ) : null}
          </div>
        </section>
      </div>
    </>
  );
}
