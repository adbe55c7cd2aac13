/** Issued credentials: a filtered, paged table, and one credential's details with its JSON. */
import { type FormEvent, useState } from 'react';
import { localPath } from '../../../pages/credential-model.js';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, type IssuedCredential, type Page } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization, useSession } from '../session.js';
import {
  EmptyState,
  LoadError,
  Loading,
  PageHead,
  SelectField,
  StatusPill,
  TableWrap,
  TextArea,
  TextField,
} from '../ui.js';
import { useApi } from '../use-api.js';
import { BulkActions, type BulkFilter } from './credential/bulk-actions.js';
import { CredentialHistory } from './credential/history.js';
import { ReasonFields } from './credential/reason-fields.js';
import { RenewPanel } from './credential/renew.js';
import { ResendMailButton } from './resend-mail.js';

type Filters = { email: string; achievementId: string; status: string; after: string; before: string };
const NO_FILTERS: Filters = { email: '', achievementId: '', status: '', after: '', before: '' };

function credentialName(credential: IssuedCredential): string {
  const subject = credential.credential.credentialSubject as { achievement?: { name?: unknown } } | undefined;
  const name = subject?.achievement?.name ?? credential.credential.name;
  return typeof name === 'string' ? name : '';
}

function recipientName(credential: IssuedCredential): string | undefined {
  const subject = credential.credential.credentialSubject as
    | { identifier?: { identityType?: string; identityHash?: string }[] }
    | undefined;
  return subject?.identifier?.find((entry) => entry.identityType === 'name')?.identityHash;
}

export function CredentialsPage() {
  const { t, date } = useI18n();
  const organization = useOrganization();
  usePageTitle(t('c.credentials.title'), 'credentials-title');
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<string[]>([]);
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?limit=200');
  const params = new URLSearchParams({ limit: '20' });
  if (filters.email) {
    params.set('email', filters.email);
  }
  if (filters.achievementId) {
    params.set('achievementId', filters.achievementId);
  }
  if (filters.status) {
    params.set('status', filters.status);
  }
  if (filters.after) {
    params.set('issuedAfter', `${filters.after}T00:00:00Z`);
  }
  if (filters.before) {
    params.set('issuedBefore', `${filters.before}T23:59:59Z`);
  }
  const cursor = cursors.at(-1);
  if (cursor) {
    params.set('cursor', cursor);
  }
  const page = useApi<Page<IssuedCredential>>(`/api/v1/credentials?${params}`);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const [selected, setSelected] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const shown = page.data?.items ?? [];
  const selectedShown = shown.filter((credential) => selected.includes(credential.id));
  const toggle = (id: string, on: boolean) =>
    setSelected(on ? [...selected, id] : selected.filter((entry) => entry !== id));
  const afterBulk = (message: string) => {
    setAnnouncement(message);
    setSelected([]);
    page.reload();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setCursors([]);
    setSelected([]);
    setAnnouncement('');
    setFilters({ ...form, email: form.email.trim() });
  };
  const clear = () => {
    setForm(NO_FILTERS);
    setFilters(NO_FILTERS);
    setCursors([]);
  };

  return (
    <>
      <PageHead id="credentials-title" title={t('c.credentials.title')}>
        {roleAtLeast(organization.role, 'issuer') ? (
          <Link className="button" to="/console/issue">
            {t('c.nav.issue')}
          </Link>
        ) : null}
      </PageHead>
      <form className="filters" onSubmit={apply} aria-label={t('c.credentials.filters')}>
        <TextField
          id="filter-email"
          label={t('c.credentials.email')}
          type="search"
          value={form.email}
          onChange={(email) => setForm({ ...form, email })}
        />
        <SelectField
          id="filter-achievement"
          label={t('c.credentials.achievement')}
          value={form.achievementId}
          onChange={(achievementId) => setForm({ ...form, achievementId })}
          options={[
            { value: '', label: t('c.all') },
            ...(achievements.data?.items ?? []).map((achievement) => ({
              value: achievement.id,
              label: achievement.name,
            })),
          ]}
        />
        <SelectField
          id="filter-status"
          label={t('c.status')}
          value={form.status}
          onChange={(status) => setForm({ ...form, status })}
          options={[
            { value: '', label: t('c.all') },
            ...['active', 'revoked', 'suspended', 'expired'].map((status) => ({
              value: status,
              label: t(`c.status.${status}` as 'c.status.active'),
            })),
          ]}
        />
        <TextField
          id="filter-after"
          label={t('c.credentials.after')}
          type="date"
          value={form.after}
          onChange={(after) => setForm({ ...form, after })}
        />
        <TextField
          id="filter-before"
          label={t('c.credentials.before')}
          type="date"
          value={form.before}
          onChange={(before) => setForm({ ...form, before })}
        />
        <div className="action-row">
          <button type="submit" className="button">
            {t('c.credentials.apply')}
          </button>
          {filtered ? (
            <button type="button" className="button secondary" onClick={clear}>
              {t('c.credentials.clear')}
            </button>
          ) : null}
        </div>
      </form>
      <p className="note" role="status">
        {announcement}
      </p>
      {roleAtLeast(organization.role, 'issuer') && shown.length > 0 ? (
        <BulkActions selected={selectedShown} filter={bulkFilter(filters)} onDone={afterBulk} />
      ) : null}
      {page.error ? <LoadError error={page.error} /> : null}
      {page.loading && !page.data ? <Loading /> : null}
      {page.data && page.data.items.length === 0 && cursors.length === 0 ? (
        filtered ? (
          <p className="empty" role="status">
            {t('c.credentials.noMatch')}
          </p>
        ) : (
          <EmptyState title={t('c.credentials.emptyTitle')}>
            <p>{t('c.credentials.emptyText')}</p>
            <Link className="button" to="/console/issue">
              {t('c.nav.issue')}
            </Link>
          </EmptyState>
        )
      ) : null}
      {page.data && page.data.items.length > 0 ? (
        <>
          <p className="visually-hidden" role="status">
            {t('c.credentials.shown', { count: page.data.items.length })}
          </p>
          <TableWrap label={t('c.credentials.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('c.credentials.selectAll')}
                      checked={shown.length > 0 && selectedShown.length === shown.length}
                      onChange={(event) =>
                        setSelected(
                          event.currentTarget.checked ? shown.map((credential) => credential.id) : [],
                        )
                      }
                    />
                  </th>
                  <th scope="col">{t('c.credentials.recipient')}</th>
                  <th scope="col">{t('c.credentials.achievement')}</th>
                  <th scope="col">{t('c.credentials.issued')}</th>
                  <th scope="col">{t('c.credentials.validUntil')}</th>
                  <th scope="col">{t('c.status')}</th>
                  <th scope="col">{t('c.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((credential) => (
                  <tr key={credential.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('c.credentials.select', {
                          name: credentialName(credential),
                          recipient:
                            recipientName(credential) ??
                            credential.recipient.email ??
                            credential.recipient.did ??
                            '',
                        })}
                        checked={selected.includes(credential.id)}
                        onChange={(event) => toggle(credential.id, event.currentTarget.checked)}
                      />
                    </td>
                    <td>
                      {recipientName(credential) ? <strong>{recipientName(credential)}</strong> : null}
                      {recipientName(credential) ? <br /> : null}
                      <span className="mono">{credential.recipient.email ?? credential.recipient.did}</span>
                    </td>
                    <td>{credentialName(credential)}</td>
                    <td>{date(credential.issuedAt)}</td>
                    <td>
                      {credential.validUntil ? date(credential.validUntil) : t('c.credentials.noExpiry')}
                    </td>
                    <td>
                      <StatusPill status={credential.status} />
                      {credential.statusReason ? (
                        <span className="note"> {credential.statusReason}</span>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/console/credentials/${encodeURIComponent(credential.id)}`}>
                        {t('c.credentials.details')}
                        <span className="visually-hidden">
                          : {credentialName(credential)},{' '}
                          {credential.recipient.email ?? credential.recipient.did}
                        </span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      {page.data && (cursors.length > 0 || page.data.next) ? (
        <nav className="pager" aria-label={t('c.credentials.pages')}>
          <button
            type="button"
            className="button secondary"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            {t('c.previous')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={!page.data.next}
            onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
          >
            {t('c.next')}
          </button>
        </nav>
      ) : null}
    </>
  );
}

export function CredentialDetail({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const organization = useOrganization();
  const credential = useApi<IssuedCredential>(`/api/v1/credentials/${encodeURIComponent(id)}`);
  usePageTitle(
    credential.data ? credentialName(credential.data) : t('c.credentials.title'),
    'credential-detail-title',
  );
  const [copied, setCopied] = useState('');
  if (credential.error) {
    return (
      <>
        <PageHead id="credential-detail-title" title={t('c.credentials.title')} />
        <LoadError error={credential.error} />
      </>
    );
  }
  if (!credential.data) {
    return <Loading />;
  }
  const data = credential.data;
  const json = JSON.stringify(data.credential, null, 2);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(data.url);
      setCopied(t('credential.copied'));
    } catch {
      setCopied(t('credential.copyFailed'));
    }
  };
  return (
    <>
      <PageHead id="credential-detail-title" title={credentialName(data)}>
        <StatusPill status={data.status} />
      </PageHead>
      <div className="action-row">
        <a className="button" href={`/c/${encodeURIComponent(data.id)}`}>
          {t('c.issue.openPage')}
        </a>
        <button type="button" className="button secondary" onClick={() => void copy()}>
          {t('credential.copyLink')}
        </button>
        <a
          className="button secondary"
          href={`/c/${encodeURIComponent(data.id)}.json`}
          download={`credential-${data.id}.json`}
        >
          {t('credential.download.json')}
        </a>
        <a className="button secondary" href={`/verify?url=${encodeURIComponent(data.url)}`}>
          {t('c.credentials.verify')}
        </a>
      </div>
      <p className="note" role="status">
        {copied}
      </p>
      <section className="panel" aria-labelledby="credential-facts">
        <h2 id="credential-facts">{t('c.credentials.facts')}</h2>
        <dl className="key-values">
          <dt>{t('c.credentials.recipient')}</dt>
          <dd>
            {recipientName(data) ? `${recipientName(data)} · ` : ''}
            <span className="mono">{data.recipient.email ?? data.recipient.did}</span>
          </dd>
          <dt>{t('c.credentials.issued')}</dt>
          <dd>{dateTime(data.issuedAt)}</dd>
          <dt>{t('credential.validFrom')}</dt>
          <dd>{dateTime(data.validFrom)}</dd>
          <dt>{t('credential.validUntil')}</dt>
          <dd>{data.validUntil ? dateTime(data.validUntil) : t('credential.noExpiry')}</dd>
          <dt>{t('c.status')}</dt>
          <dd>
            <StatusPill status={data.status} />
            {data.statusReason ? ` ${data.statusReason}` : ''}
          </dd>
          {data.mail ? (
            <>
              <dt>{t('c.mail.credentialMail')}</dt>
              <dd>
                {data.mail.status === 'failed' ? (
                  <>
                    <span className="mail-failed">
                      {t('c.mail.notDelivered', { reason: data.mail.lastError ?? '' })}
                    </span>{' '}
                    {roleAtLeast(organization.role, 'issuer') ? (
                      <ResendMailButton id={data.mail.id} to={data.mail.to} onResent={credential.reload} />
                    ) : null}
                  </>
                ) : (
                  <>
                    <StatusPill status={data.mail.status} /> <span className="mono">{data.mail.to}</span>
                    {data.mail.lastError ? ` ${data.mail.lastError}` : ''}
                  </>
                )}
              </dd>
            </>
          ) : null}
          <dt>{t('c.credentials.publicLink')}</dt>
          <dd className="mono">{data.url}</dd>
          <dt>{t('c.credentials.id')}</dt>
          <dd className="mono">{String(data.credential.id ?? data.id)}</dd>
        </dl>
      </section>
      {data.status === 'revoked' ? null : <ShareLinks id={data.id} />}
      {roleAtLeast(organization.role, 'issuer') ? (
        <>
          <StatusActions credential={data} onChanged={credential.reload} announce={setCopied} />
          <RenewPanel
            credential={data}
            onRenewed={(message) => {
              setCopied(message);
              credential.reload();
            }}
          />
        </>
      ) : null}
      {/* A new status or validity is a new entry: the key makes the history load again. */}
      <CredentialHistory key={`${data.status}|${data.validUntil ?? ''}|${data.validFrom}`} id={data.id} />
      <section aria-labelledby="credential-json">
        <h2 id="credential-json">{t('c.credentials.json')}</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must be reachable by keyboard */}
        <pre className="json" tabIndex={0}>
          {json}
        </pre>
      </section>
    </>
  );
}

/** Revoke (final, with a reason), suspend (reversible) or lift a suspension. */
function StatusActions({
  credential,
  onChanged,
  announce,
}: {
  credential: IssuedCredential;
  onChanged: () => void;
  /** Says what happened, in the page's live region (this panel goes once a credential is revoked). */
  announce: (message: string) => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [reasonPublic, setReasonPublic] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (credential.status === 'revoked' || credential.status === 'expired') {
    return null;
  }
  const act = async (action: 'revoke' | 'suspend' | 'unsuspend') => {
    setError(undefined);
    if (action === 'revoke' && reason.trim() === '') {
      setError(t('c.credentials.reasonNeeded'));
      document.getElementById('status-reason')?.focus();
      return;
    }
    if (action === 'revoke' && !window.confirm(t('c.credentials.revokeConfirm'))) {
      return;
    }
    try {
      await api(`/api/v1/credentials/${encodeURIComponent(credential.id)}/${action}`, {
        method: 'POST',
        body:
          action === 'unsuspend' ? {} : { ...(reason.trim() ? { reason: reason.trim() } : {}), reasonPublic },
      });
      announce(t(`c.credentials.done.${action}`));
      setReason('');
      onChanged();
    } catch (failure) {
      setError(failure instanceof ApiError ? (failure.detail ?? failure.title) : String(failure));
    }
  };
  return (
    <section className="panel" aria-labelledby="status-actions">
      <h2 id="status-actions">{t('c.credentials.statusTitle')}</h2>
      <p className="note">{t('c.credentials.statusLead')}</p>
      {credential.status === 'suspended' ? (
        <button type="button" className="button secondary" onClick={() => void act('unsuspend')}>
          {t('c.credentials.unsuspend')}
        </button>
      ) : (
        <>
          <ReasonFields
            id="status-reason"
            reason={reason}
            onReason={setReason}
            reasonPublic={reasonPublic}
            onReasonPublic={setReasonPublic}
            error={error}
          />
          <div className="action-row">
            <button type="button" className="button danger" onClick={() => void act('revoke')}>
              {t('c.credentials.revoke')}
            </button>
            <button type="button" className="button secondary" onClick={() => void act('suspend')}>
              {t('c.credentials.suspend')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

type Share = {
  linkedin: string;
  embedHtml: string;
  downloads: { png: string; svg: string; pdf: string };
};

/** What the learner (or the issuer for them) can do with it: LinkedIn, the files, an embed snippet. */
function ShareLinks({ id }: { id: string }) {
  const { t } = useI18n();
  const { publicUrl } = useSession();
  const share = useApi<Share>(`/api/v1/credentials/${encodeURIComponent(id)}/share`);
  if (!share.data) {
    return null;
  }
  const local = (url: string) => localPath(url, publicUrl) ?? url;
  return (
    <section className="panel" aria-labelledby="share-title">
      <h2 id="share-title">{t('credential.share')}</h2>
      <div className="action-row">
        <a className="button secondary" href={share.data.linkedin} rel="noopener noreferrer">
          {t('c.credentials.linkedin')}
        </a>
        <a className="button secondary" href={local(share.data.downloads.png)} download="">
          {t('credential.download.png')}
        </a>
        <a className="button secondary" href={local(share.data.downloads.svg)} download="">
          {t('credential.download.svg')}
        </a>
        <a className="button secondary" href={local(share.data.downloads.pdf)} download="">
          {t('credential.download.pdf')}
        </a>
      </div>
      <TextArea
        id="share-embed"
        label={t('c.credentials.embed')}
        hint={t('c.credentials.embedHint')}
        value={share.data.embedHtml}
        onChange={() => undefined}
        readOnly
        rows={3}
      />
    </section>
  );
}

/** The list's filter, when it is narrow enough to revoke by (the API refuses a status alone). */
function bulkFilter(filters: Filters): BulkFilter | undefined {
  if (!filters.email && !filters.achievementId && !filters.after && !filters.before) {
    return undefined;
  }
  if (filters.status === 'revoked') {
    return undefined;
  }
  return {
    ...(filters.email ? { email: filters.email } : {}),
    ...(filters.achievementId ? { achievementId: filters.achievementId } : {}),
    ...(filters.after ? { issuedAfter: `${filters.after}T00:00:00Z` } : {}),
    ...(filters.before ? { issuedBefore: `${filters.before}T23:59:59Z` } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}
