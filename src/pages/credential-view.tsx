/** The content of a credential — who, what, by whom, when, criteria, skills, evidence — from its JSON. */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/index.js';
import { BadgeImage } from './badge-image.js';
import { type CredentialSummary, displayableImage } from './credential-model.js';
import { useI18n } from './i18n-context.js';

const ACHIEVEMENT_TYPES = new Set([
  'Achievement',
  'Assessment',
  'Award',
  'Badge',
  'Certificate',
  'Certification',
  'Course',
  'Degree',
  'Diploma',
  'License',
  'MicroCredential',
]);

export function achievementTypeLabel(t: (key: MessageKey) => string, type: string | undefined): string {
  if (type && ACHIEVEMENT_TYPES.has(type)) {
    return t(`achievementType.${type}` as MessageKey);
  }
  return type ? type.replace(/^ext:/, '') : t('achievementType.Achievement');
}

function Section({ title, level, children }: { title: string; level: 2 | 3 | 4; children: ReactNode }) {
  const Heading = level === 2 ? 'h2' : level === 3 ? 'h3' : 'h4';
  return (
    <section className="credential-section">
      <Heading>{title}</Heading>
      {children}
    </section>
  );
}

export function CredentialView({
  summary,
  publicUrl,
  headingLevel = 1,
  issuerPageUrl,
  badgeSrc,
  badgeAlt,
}: {
  summary: CredentialSummary;
  publicUrl: string;
  headingLevel?: 1 | 2 | 3;
  /** The issuer's page on this server, when the issuer is one of its own. */
  issuerPageUrl?: string | undefined;
  /** An image to show instead of the achievement's (the credential's own baked badge). */
  badgeSrc?: string | undefined;
  badgeAlt?: string | undefined;
}) {
  const { t, date, number } = useI18n();
  const Title = headingLevel === 1 ? 'h1' : headingLevel === 2 ? 'h2' : 'h3';
  const sub = headingLevel === 1 ? 2 : headingLevel === 2 ? 3 : 4;
  const issued = summary.awardedDate ?? summary.validFrom;
  const recipient =
    summary.recipient.name ??
    summary.recipient.id ??
    (summary.recipient.hashedEmail ? t('credential.privateRecipient') : t('credential.unknownRecipient'));
  const skills = [
    ...summary.alignments.map((alignment) => ({ key: `a:${alignment.name}`, alignment })),
    ...summary.tags.map((tag) => ({ key: `t:${tag}`, tag })),
  ];
  return (
    <article className="credential" aria-labelledby="credential-title">
      <div className="credential-head">
        <BadgeImage
          src={badgeSrc ?? displayableImage(summary.image?.url, publicUrl)}
          name={summary.name || t('credential.untitled')}
          caption={badgeAlt ?? summary.image?.caption}
        />
        <div className="credential-heading">
          <p className="eyebrow">{achievementTypeLabel(t, summary.achievementType)}</p>
          <Title id="credential-title">{summary.name || t('credential.untitled')}</Title>
          <p className="awarded-to">
            {t('credential.awardedTo')} <strong>{recipient}</strong>
          </p>
          <p className="issued-by">
            {t('credential.issuedBy')}{' '}
            {issuerPageUrl ? (
              <a href={issuerPageUrl}>{summary.issuer.name}</a>
            ) : (
              <strong>{summary.issuer.name}</strong>
            )}
            {issued ? ` · ${date(issued)}` : ''}
          </p>
        </div>
      </div>
      {summary.description ? <p className="description">{summary.description}</p> : null}
      <dl className="facts">
        {issued ? (
          <div>
            <dt>{t('credential.issuedOn')}</dt>
            <dd>{date(issued)}</dd>
          </div>
        ) : null}
        {summary.validFrom && summary.validFrom !== issued ? (
          <div>
            <dt>{t('credential.validFrom')}</dt>
            <dd>{date(summary.validFrom)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('credential.validUntil')}</dt>
          <dd>{summary.validUntil ? date(summary.validUntil) : t('credential.noExpiry')}</dd>
        </div>
        {summary.creditsAvailable !== undefined ? (
          <div>
            <dt>{t('credential.credits')}</dt>
            <dd>{number(summary.creditsAvailable)}</dd>
          </div>
        ) : null}
        {summary.fieldOfStudy ? (
          <div>
            <dt>{t('credential.fieldOfStudy')}</dt>
            <dd>{summary.fieldOfStudy}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('credential.issuerId')}</dt>
          <dd className="mono">{summary.issuer.id ?? '—'}</dd>
        </div>
      </dl>
      {summary.criteria?.narrative || summary.criteria?.url ? (
        <Section title={t('credential.criteria')} level={sub}>
          {summary.criteria.narrative ? <p className="prose">{summary.criteria.narrative}</p> : null}
          {summary.criteria.url ? (
            <p>
              <a href={summary.criteria.url} rel="noopener noreferrer">
                {t('credential.criteriaLink')}
              </a>
            </p>
          ) : null}
        </Section>
      ) : null}
      {summary.narrative ? (
        <Section title={t('credential.narrative')} level={sub}>
          <p className="prose">{summary.narrative}</p>
        </Section>
      ) : null}
      {skills.length > 0 ? (
        <Section title={t('credential.skills')} level={sub}>
          <ul className="tags">
            {skills.map((skill) =>
              'alignment' in skill && skill.alignment ? (
                <li key={skill.key}>
                  {skill.alignment.url ? (
                    <a href={skill.alignment.url} rel="noopener noreferrer">
                      {skill.alignment.name}
                    </a>
                  ) : (
                    skill.alignment.name
                  )}
                  {skill.alignment.framework ? (
                    <span className="tag-note"> · {skill.alignment.framework}</span>
                  ) : null}
                </li>
              ) : (
                <li key={skill.key}>{'tag' in skill ? skill.tag : ''}</li>
              ),
            )}
          </ul>
        </Section>
      ) : null}
      {summary.evidence.length > 0 ? (
        <Section title={t('credential.evidence')} level={sub}>
          <ul className="evidence">
            {summary.evidence.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: evidence has no stable id of its own
              <li key={index}>
                {item.url ? (
                  <a href={item.url} rel="noopener noreferrer">
                    {item.name ?? item.url}
                  </a>
                ) : item.name ? (
                  <strong>{item.name}</strong>
                ) : null}
                {item.description ? <p>{item.description}</p> : null}
                {item.narrative ? <p className="prose">{item.narrative}</p> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {summary.results.length > 0 ? (
        <Section title={t('credential.results')} level={sub}>
          <ul>
            {summary.results.map((result, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: results have no stable id of their own
              <li key={index}>{[result.value, result.level, result.status].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        </Section>
      ) : null}
    </article>
  );
}
