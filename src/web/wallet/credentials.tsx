/** The wallet's credentials: cards with filters, pathway progress, and one credential's detail. */
import { useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { Link, usePageTitle } from '../console/router.js';
import { EmptyState, LoadError, Loading, StatusPill, TextArea } from '../console/ui.js';
import { useApi } from '../console/use-api.js';
import { walletApi } from './session.js';
import { LoadMore, usePagedList } from './use-paged-list.js';

/** Cards per page of the wallet (the API's `limit`); "Load more" shows the next ones. */
export const PAGE_SIZE = 20;

export type Visibility = 'public' | 'link' | 'private';

type Card = {
  id: string;
  url: string;
  status: string;
  visibility: Visibility;
  name: string;
  achievementType: string | null;
  issuer: { id: string | null; name: string };
  imageUrl: string;
  awardedDate: string;
};

type Pathway = {
  pathwayId: string;
  name: string;
  url: string;
  percent: number;
  completed: boolean;
  remaining: { name: string | null }[];
};

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))].sort();
}

export function VisibilitySelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Visibility;
  onChange: (value: Visibility) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={`visibility-${id}`}>{t('w.visibility')}</label>
      <select
        id={`visibility-${id}`}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as Visibility)}
      >
        {(['public', 'link', 'private'] as const).map((option) => (
          <option key={option} value={option}>
            {t(`w.visibility.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export async function saveVisibility(id: string, visibility: Visibility): Promise<void> {
  await walletApi(`/api/v1/wallet/credentials/${encodeURIComponent(id)}/visibility`, {
    method: 'PUT',
    body: { visibility },
  });
}

function Pathways() {
  const { t } = useI18n();
  const pathways = useApi<{ items: Pathway[] }>('/api/v1/wallet/pathways');
  if (!pathways.data || pathways.data.items.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="wallet-pathways">
      <h2 id="wallet-pathways">{t('w.pathways.title')}</h2>
      <ul className="card-grid">
        {pathways.data.items.map((pathway) => (
          <li key={pathway.pathwayId} className="card">
            <div>
              <h3>
                <a href={pathway.url}>{pathway.name}</a>
              </h3>
              <progress max={100} value={pathway.percent} aria-label={pathway.name} />
              <p className="note">
                {pathway.completed
                  ? t('portfolio.completed')
                  : `${t('portfolio.percent', { percent: pathway.percent })}. ${t('w.pathways.remaining', {
                      items: pathway.remaining.map((item) => item.name ?? '?').join(', '),
                    })}`}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CredentialsPage() {
  const { t, date } = useI18n();
  usePageTitle(t('w.credentials.title'), 'wallet-credentials-title');
  const [filters, setFilters] = useState({ issuer: '', status: '', type: '' });
  // The filters' choices come from the newest credentials (the largest page the API gives).
  const all = useApi<{ items: Card[] }>('/api/v1/wallet/credentials?limit=200');
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString();
  const shown = usePagedList<Card>(`/api/v1/wallet/credentials${query ? `?${query}` : ''}`, PAGE_SIZE);
  const items = all.data?.items ?? [];
  const options = {
    issuer: unique(items.map((card) => card.issuer.name)),
    status: unique(items.map((card) => card.status)),
    type: unique(items.map((card) => card.achievementType)),
  };
  return (
    <>
      <h1 id="wallet-credentials-title" tabIndex={-1}>
        {t('w.credentials.title')}
      </h1>
      {all.error ? <LoadError error={all.error} /> : null}
      {items.length > 0 ? (
        <div className="filters">
          {(['issuer', 'status', 'type'] as const).map((name) => (
            <div className="field" key={name}>
              <label htmlFor={`filter-${name}`}>{t(`w.filter.${name}`)}</label>
              <select
                id={`filter-${name}`}
                value={filters[name]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setFilters((previous) => ({ ...previous, [name]: value }));
                }}
              >
                <option value="">{t('w.filter.all')}</option>
                {options[name].map((value) => (
                  <option key={value} value={value}>
                    {name === 'status' ? t(`c.status.${value}` as 'c.status.active') : value}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      ) : null}
      {shown.loading && !shown.data ? <Loading /> : null}
      {shown.data && shown.data.items.length === 0 && items.length === 0 ? (
        <EmptyState title={t('w.credentials.title')}>
          <p>{t('w.credentials.empty')}</p>
        </EmptyState>
      ) : null}
      <ul className="card-grid" aria-live="polite">
        {shown.items.map((card) => (
          <li key={card.id} className="card">
            <img src={card.imageUrl} alt="" width={64} height={64} />
            <div>
              <h2 className="card-title">
                <Link to={`/wallet/credentials/${encodeURIComponent(card.id)}`}>{card.name}</Link>
              </h2>
              <p>{t('w.card.issuedBy', { issuer: card.issuer.name })}</p>
              <p className="note">
                <time dateTime={card.awardedDate}>{date(card.awardedDate)}</time>{' '}
                <StatusPill status={card.status} /> {t(`w.visibility.${card.visibility}`).split(':')[0]}
              </p>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore list={shown} />
      <Pathways />
    </>
  );
}

type Detail = Card & {
  share: {
    url: string;
    linkedin: string;
    embedHtml: string;
    downloads: { json: string; png: string; svg: string; pdf: string };
  };
};

export function CredentialDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const detail = useApi<Detail>(`/api/v1/wallet/credentials/${encodeURIComponent(id)}`);
  usePageTitle(detail.data?.name ?? t('w.credentials.title'), 'wallet-detail-title');
  const [visibility, setVisibility] = useState<Visibility | undefined>();
  const [note, setNote] = useState<string | undefined>();
  if (detail.error) {
    return <LoadError error={detail.error} />;
  }
  if (!detail.data) {
    return <Loading />;
  }
  const card = detail.data;
  const current = visibility ?? card.visibility;
  const change = async (next: Visibility) => {
    setVisibility(next);
    await saveVisibility(card.id, next);
    setNote(t('w.visibility.saved'));
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(card.share.url).catch(() => undefined);
    setNote(t('w.detail.copied'));
  };
  return (
    <>
      <p>
        <Link to="/wallet">{t('w.detail.back')}</Link>
      </p>
      <div className="issuer-head">
        <img src={card.imageUrl} alt="" width={96} height={96} />
        <div>
          <h1 id="wallet-detail-title" tabIndex={-1}>
            {card.name}
          </h1>
          <p>{t('w.card.issuedBy', { issuer: card.issuer.name })}</p>
          <StatusPill status={card.status} />
        </div>
      </div>
      <VisibilitySelect id={card.id} value={current} onChange={(next) => void change(next)} />
      {note ? (
        <p role="status" className="note">
          {note}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="wallet-share">
        <h2 id="wallet-share">{t('w.detail.share')}</h2>
        <div className="action-row">
          <a className="button secondary" href={card.share.url}>
            {t('w.detail.page')}
          </a>
          <button type="button" className="button secondary" onClick={() => void copy()}>
            {t('w.detail.copyLink')}
          </button>
          <a className="button secondary" href={card.share.linkedin} rel="noopener noreferrer">
            {t('w.detail.linkedin')}
          </a>
          {(['png', 'svg', 'pdf', 'json'] as const).map((format) => (
            <a key={format} className="button secondary" href={card.share.downloads[format]} download="">
              {t('w.detail.download')} {format.toUpperCase()}
            </a>
          ))}
        </div>
        <TextArea
          id="wallet-embed"
          label={t('w.detail.embed')}
          value={card.share.embedHtml}
          onChange={() => undefined}
          readOnly
          rows={3}
        />
      </section>
    </>
  );
}
