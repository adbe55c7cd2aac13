/**
 * `/p/{id}`: a pathway's public page — the stack: what it awards, and the achievements (with their
 * badges) that earn it, grouped as the tree says, with its order, time and result conditions in words.
 */
import type { MinResult, RequirementNode } from '../core/pathways/types.js';
import { BadgeImage } from './badge-image.js';
import { displayableImage, localPath } from './credential-model.js';
import { achievementTypeLabel } from './credential-view.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

/** An achievement as the page shows it: in full once published, by a placeholder before. */
export type PathwayAchievement =
  | {
      id: string;
      published: true;
      uri: string;
      name: string;
      description?: string | undefined;
      achievementType?: string | undefined;
      image?: string | undefined;
    }
  | { id: string; published: false; name: string };

export type PathwayPageProps = {
  path: string;
  publicUrl: string;
  pathway: {
    id: string;
    url: string;
    name: string;
    description: string | null;
    version: number;
    target: PathwayAchievement;
    requirements: RequirementNode;
    minimumToComplete: number;
    achievements: PathwayAchievement[];
  };
};

function minimumOf(minimum: MinResult): number {
  return typeof minimum === 'number' ? minimum : minimum.value;
}

function AchievementName({ achievement, publicUrl }: { achievement: PathwayAchievement; publicUrl: string }) {
  const { t } = useI18n();
  if (!achievement.published) {
    return <>{t('pathway.unpublished')}</>;
  }
  return <a href={localPath(achievement.uri, publicUrl) ?? achievement.uri}>{achievement.name}</a>;
}

function Conditions({ node, byId }: { node: RequirementNode; byId: Map<string, PathwayAchievement> }) {
  const { t } = useI18n();
  const conditions: string[] = [];
  if (typeof node.withinMonths === 'number') {
    conditions.push(t('pathway.within', { months: node.withinMonths }));
  }
  if (node.minResult !== undefined) {
    conditions.push(t('pathway.minResult', { value: minimumOf(node.minResult) }));
  }
  if (Array.isArray(node.after) && node.after.length > 0) {
    const names = node.after.map((id) => {
      const shown = byId.get(id);
      return `“${shown?.published ? shown.name : t('pathway.unpublished')}”`;
    });
    conditions.push(t('pathway.after', { names: names.join(', ') }));
  }
  if (conditions.length === 0) {
    return null;
  }
  return <span className="pathway-condition"> ({conditions.join('; ')})</span>;
}

function Requirement({
  node,
  byId,
  publicUrl,
}: {
  node: RequirementNode;
  byId: Map<string, PathwayAchievement>;
  publicUrl: string;
}) {
  const { t } = useI18n();
  if ('achievement' in node) {
    const shown = byId.get(node.achievement) ?? {
      id: node.achievement,
      published: false as const,
      name: node.achievement,
    };
    const image = shown.published ? displayableImage(shown.image, publicUrl) : undefined;
    return (
      <li className="pathway-leaf">
        {shown.published ? (
          // The name beside it says what the badge is: the image is decoration here.
          <span aria-hidden="true">
            <BadgeImage src={image} name={shown.name} size="small" />
          </span>
        ) : null}
        <span>
          <AchievementName achievement={shown} publicUrl={publicUrl} />
          <Conditions node={node} byId={byId} />
        </span>
      </li>
    );
  }
  const children = 'all' in node ? node.all : node.of;
  const heading =
    'all' in node ? t('pathway.allOf') : t('pathway.atLeastOf', { n: node.atLeast, count: children.length });
  return (
    <li>
      <strong>{heading}</strong>
      <Conditions node={node} byId={byId} />
      <ul>
        {children.map((child, index) => (
          // The tree is fixed for a version: a child's place is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Requirement key={index} node={child} byId={byId} publicUrl={publicUrl} />
        ))}
      </ul>
    </li>
  );
}

export function PathwayPage({ path, publicUrl, pathway }: PathwayPageProps) {
  const { t } = useI18n();
  const byId = new Map(pathway.achievements.map((achievement) => [achievement.id, achievement]));
  const target = pathway.target;
  return (
    <PublicLayout path={path}>
      <div className="issuer-head">
        <BadgeImage
          src={target.published ? displayableImage(target.image, publicUrl) : undefined}
          name={target.name}
        />
        <div>
          <p className="eyebrow">
            {t('pathway.eyebrow')} · {t('pathway.version', { version: pathway.version })}
          </p>
          <h1>{pathway.name}</h1>
          {pathway.description ? <p className="description">{pathway.description}</p> : null}
        </div>
      </div>
      <section aria-labelledby="pathway-target">
        <h2 id="pathway-target">
          {`${t('pathway.earns')} `}
          <AchievementName achievement={target} publicUrl={publicUrl} />
        </h2>
        {target.published && target.achievementType ? (
          <p className="eyebrow">{achievementTypeLabel(t, target.achievementType)}</p>
        ) : null}
        {target.published && target.description ? <p>{target.description}</p> : null}
        <p>{t('pathway.awardedWhen', { count: pathway.minimumToComplete })}</p>
      </section>
      <section aria-labelledby="pathway-how">
        <h2 id="pathway-how">{t('pathway.howTo')}</h2>
        <ul className="pathway-tree">
          <Requirement node={pathway.requirements} byId={byId} publicUrl={publicUrl} />
        </ul>
      </section>
      <p>
        <a href={`${pathway.url}.json`} type="application/json">
          {t('pathway.json')}
        </a>
      </p>
    </PublicLayout>
  );
}
