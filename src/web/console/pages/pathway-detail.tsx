/**
 * One pathway: its figures (learners started, in progress, completed, where they stop, each
 * achievement's part), its versions, and a learner's progress looked up by e-mail address.
 */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { LoadError, Loading, PageHead, StatusPill, TableWrap, TextField } from '../ui.js';
import { useApi } from '../use-api.js';
import type { Pathway, PathwayStats } from './pathways.js';

type ProgressItem = { achievementId: string; name: string | null; reason?: string; deadline?: string };

type Progress = {
  version: number;
  completed: boolean;
  percent: number;
  awarded: { credentialId: string; url: string; awardedAt: string; flagged: string | null } | null;
  done: ProgressItem[];
  remaining: ProgressItem[];
  nextSteps: ProgressItem[];
};

export function PathwayDetail({ id }: { id: string }) {
  const { t, number, dateTime } = useI18n();
  const base = `/api/v1/pathways/${encodeURIComponent(id)}`;
  const pathway = useApi<Pathway>(base);
  const stats = useApi<PathwayStats>(`${base}/stats`);
  usePageTitle(pathway.data?.name ?? t('c.pathways.title'), 'pathway-title');
  if (pathway.error) {
    return <LoadError error={pathway.error} />;
  }
  if (!pathway.data) {
    return <Loading />;
  }
  const current = pathway.data;
  // Only the counts someone stops at: "0 learners hold 0" says nothing.
  const stopping = (stats.data?.byComponentsDone ?? []).filter((entry) => entry.learners > 0);
  return (
    <>
      <PageHead id="pathway-title" title={current.name}>
        <Link className="button" to={`/console/pathways/${encodeURIComponent(id)}/edit`}>
          {t('c.pathways.edit')}
        </Link>
        {current.status === 'active' ? <a href={current.url}>{t('c.pathways.publicPage')}</a> : null}
      </PageHead>
      {current.description ? <p className="lead">{current.description}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('c.pathways.target')}</dt>
          <dd>{current.target?.name ?? current.targetAchievementId}</dd>
        </div>
        <div>
          <dt>{t('c.status')}</dt>
          <dd>
            <StatusPill status={current.status} />
          </dd>
        </div>
        <div>
          <dt>{t('c.pathways.version')}</dt>
          <dd>{current.version}</dd>
        </div>
        <div>
          <dt>{t('c.pathways.policyLabel')}</dt>
          <dd>{t(`c.pathways.policy.${current.revocationPolicy}`)}</dd>
        </div>
      </dl>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t('c.pathways.figures')}</h2>
        {stats.error ? <LoadError error={stats.error} /> : null}
        {stats.data ? (
          <>
            <dl className="facts pathway-figures">
              <div>
                <dt>{t('c.pathways.enrolled')}</dt>
                <dd>{number(stats.data.enrolled)}</dd>
              </div>
              <div>
                <dt>{t('c.pathways.inProgress')}</dt>
                <dd>{number(stats.data.inProgress)}</dd>
              </div>
              <div>
                <dt>{t('c.pathways.completed')}</dt>
                <dd>{number(stats.data.completed)}</dd>
              </div>
              <div>
                <dt>{t('c.pathways.awarded')}</dt>
                <dd>{number(stats.data.awarded)}</dd>
              </div>
              <div>
                <dt>{t('c.pathways.flagged')}</dt>
                <dd>{number(stats.data.flagged)}</dd>
              </div>
              <div>
                <dt>{t('c.pathways.average')}</dt>
                <dd>{t('c.pathways.averageValue', { percent: stats.data.averagePercent })}</dd>
              </div>
            </dl>
            {stopping.length > 0 ? (
              <TableWrap label={t('c.pathways.byDone')}>
                <table>
                  <caption>{t('c.pathways.byDone')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('c.pathways.componentsDone')}</th>
                      <th scope="col">{t('c.pathways.learners')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stopping.map((entry) => (
                      <tr key={entry.done}>
                        <td>{entry.done}</td>
                        <td>{number(entry.learners)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
            <TableWrap label={t('c.pathways.byComponent')}>
              <table>
                <caption>{t('c.pathways.byComponent')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('c.pathways.achievement')}</th>
                    <th scope="col">{t('c.pathways.earned')}</th>
                    <th scope="col">{t('c.pathways.nextStepFor')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.byComponent.map((entry) => (
                    <tr key={entry.achievementId}>
                      <td>{entry.name ?? entry.achievementId}</td>
                      <td>{number(entry.earned)}</td>
                      <td>{number(entry.nextStepFor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        ) : null}
      </section>
      <LearnerLookup base={base} />
      {current.versions && current.versions.length > 0 ? (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">{t('c.pathways.versions')}</h2>
          <ul>
            {current.versions.map((version) => (
              <li key={version.version}>
                {t('pathway.version', { version: version.version })} — {dateTime(version.createdAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function ItemList({ title, items }: { title: string; items: ProgressItem[] }) {
  const { t } = useI18n();
  return (
    <div>
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="note">{t('c.pathways.nothing')}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.achievementId}>
              {item.name ?? item.achievementId}
              {item.reason ? <span className="note"> — {item.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function LearnerLookup({ base }: { base: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [progress, setProgress] = useState<Progress | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const lookup = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setProgress(undefined);
    try {
      setProgress(await api<Progress>(`${base}/progress?${new URLSearchParams({ email: email.trim() })}`));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : undefined);
    }
  };
  return (
    <section className="panel" aria-labelledby="lookup-title">
      <h2 id="lookup-title">{t('c.pathways.lookup')}</h2>
      <form onSubmit={(event) => void lookup(event)} className="inline-form" noValidate>
        <TextField
          id="lookup-email"
          type="email"
          autoComplete="off"
          label={t('c.pathways.lookupEmail')}
          required
          value={email}
          onChange={setEmail}
        />
        <button type="submit" className="button">
          {t('c.pathways.lookupButton')}
        </button>
      </form>
      {error ? <LoadError error={error} /> : null}
      {progress ? (
        <div className="learner-progress">
          <h3>{t('c.pathways.progressOf')}</h3>
          <div
            className="progress"
            role="progressbar"
            aria-label={t('c.pathways.progressOf')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress.percent}
          >
            <div className="progress-fill" style={{ width: `${progress.percent}%` }} />
          </div>
          <p>
            <strong>{t('c.pathways.percent', { percent: progress.percent })}</strong>{' '}
            {t('c.pathways.judgedBy', { version: progress.version })}
          </p>
          {progress.awarded ? (
            <p className="notice notice-good">
              {t('c.pathways.completedAward')}{' '}
              <Link to={`/console/credentials/${encodeURIComponent(progress.awarded.credentialId)}`}>
                {t('c.pathways.viewAward')}
              </Link>
            </p>
          ) : null}
          <div className="field-row">
            <ItemList title={t('c.pathways.done')} items={progress.done} />
            <ItemList title={t('c.pathways.remaining')} items={progress.remaining} />
            <ItemList title={t('c.pathways.nextSteps')} items={progress.nextSteps} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
