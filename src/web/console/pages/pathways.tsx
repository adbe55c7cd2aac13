/**
 * Pathways: the list, with each pathway's progress figures from its /stats (learners started,
 * completed, and where learners in progress stop).
 */
import type { RequirementNode } from '../../../core/pathways/types.js';
import { useI18n } from '../../../pages/i18n-context.js';
import type { Page } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { PageHead, ResourceList, StatusPill } from '../ui.js';
import { useApi } from '../use-api.js';

export type RevocationPolicy = 'keep' | 'flag' | 'revoke';

export type Pathway = {
  id: string;
  url: string;
  name: string;
  description: string | null;
  targetAchievementId: string;
  target: { id: string; name: string; status: string } | null;
  revocationPolicy: RevocationPolicy;
  status: 'active' | 'archived';
  version: number;
  requirements: RequirementNode;
  minimumToComplete: number;
  createdAt: string;
  counts?: { enrolled: number; awarded: number; flagged: number };
  versions?: { version: number; requirements: RequirementNode; createdAt: string }[];
};

export type PathwayStats = {
  enrolled: number;
  inProgress: number;
  completed: number;
  awarded: number;
  flagged: number;
  averagePercent: number;
  byComponentsDone: { done: number; learners: number }[];
  byComponent: {
    achievementId: string;
    name: string | null;
    inCurrentVersion: boolean;
    earned: number;
    nextStepFor: number;
  }[];
  byVersion: { version: number; learners: number }[];
};

/** Where most learners in progress stop: the count of components held by the most of them. */
export function mostCommonStop(stats: PathwayStats): { done: number; learners: number } | undefined {
  return stats.byComponentsDone
    .filter((entry) => entry.learners > 0)
    .sort((a, b) => b.learners - a.learners || a.done - b.done)[0];
}

function StatsCells({ pathway }: { pathway: Pathway }) {
  const { t, number } = useI18n();
  const stats = useApi<PathwayStats>(`/api/v1/pathways/${encodeURIComponent(pathway.id)}/stats`);
  if (!stats.data) {
    return (
      <>
        <td>{pathway.counts ? number(pathway.counts.enrolled) : ''}</td>
        <td>{pathway.counts ? number(pathway.counts.awarded) : ''}</td>
        <td />
      </>
    );
  }
  const stop = mostCommonStop(stats.data);
  const components = stats.data.byComponent.filter((entry) => entry.inCurrentVersion).length;
  return (
    <>
      <td>{number(stats.data.enrolled)}</td>
      <td>{number(stats.data.completed)}</td>
      <td>
        {stop
          ? t('c.pathways.stopValue', { done: stop.done, total: components, learners: stop.learners })
          : t('c.pathways.noneInProgress')}
      </td>
    </>
  );
}

export function PathwaysPage() {
  const { t } = useI18n();
  usePageTitle(t('c.pathways.title'), 'pathways-title');
  const pathways = useApi<Page<Pathway>>('/api/v1/pathways');
  return (
    <>
      <PageHead id="pathways-title" title={t('c.pathways.title')}>
        <Link className="button" to="/console/pathways/new">
          {t('c.pathways.new')}
        </Link>
      </PageHead>
      <p className="lead">{t('c.pathways.lead')}</p>
      <ResourceList
        resource={pathways}
        emptyTitle={t('c.pathways.emptyTitle')}
        emptyText={t('c.pathways.emptyText')}
        label={t('c.pathways.title')}
      >
        {(items) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.pathways.name')}</th>
                <th scope="col">{t('c.pathways.target')}</th>
                <th scope="col">{t('c.pathways.version')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.pathways.started')}</th>
                <th scope="col">{t('c.pathways.completed')}</th>
                <th scope="col">{t('c.pathways.stop')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((pathway) => (
                <tr key={pathway.id}>
                  <td>
                    <Link to={`/console/pathways/${encodeURIComponent(pathway.id)}`}>{pathway.name}</Link>
                  </td>
                  <td>{pathway.target?.name ?? pathway.targetAchievementId}</td>
                  <td>{pathway.version}</td>
                  <td>
                    <StatusPill status={pathway.status} />
                  </td>
                  <StatsCells pathway={pathway} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceList>
    </>
  );
}
