/** Issuers: the profiles that sign credentials, each a did:web with its keys (and their rotation). */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api, type Issuer } from '../api.js';
import { Link, navigate, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import {
  EmptyState,
  ErrorSummary,
  LoadError,
  Loading,
  PageHead,
  StatusPill,
  TableWrap,
  TextArea,
  TextField,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export function IssuersPage() {
  const { t } = useI18n();
  const organization = useOrganization();
  usePageTitle(t('c.issuers.title'), 'issuers-title');
  const issuers = useApi<{ items: Issuer[] }>('/api/v1/issuers');
  const canCreate = roleAtLeast(organization.role, 'admin');
  return (
    <>
      <PageHead id="issuers-title" title={t('c.issuers.title')}>
        {canCreate ? (
          <Link className="button" to="/console/issuers/new">
            {t('c.issuers.new')}
          </Link>
        ) : null}
      </PageHead>
      <p className="lead">{t('c.issuers.lead')}</p>
      {issuers.error ? <LoadError error={issuers.error} /> : null}
      {issuers.loading && !issuers.data ? <Loading /> : null}
      {issuers.data && issuers.data.items.length === 0 ? (
        <EmptyState title={t('c.issuers.emptyTitle')}>
          <p>{t('c.issuers.emptyText')}</p>
          {canCreate ? (
            <Link className="button" to="/console/issuers/new">
              {t('c.issuers.new')}
            </Link>
          ) : null}
        </EmptyState>
      ) : null}
      {issuers.data && issuers.data.items.length > 0 ? (
        <ul className="card-grid">
          {issuers.data.items.map((issuer) => (
            <li key={issuer.id} className="card">
              <div>
                <h2>
                  <Link to={`/console/issuers/${issuer.id}`}>{issuer.name}</Link>
                </h2>
                <p className="mono">{issuer.did}</p>
                {issuer.description ? <p>{issuer.description}</p> : null}
                <a href={`/i/${encodeURIComponent(issuer.slug)}`}>{t('c.issuers.publicPage')}</a>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const ISSUER_FIELDS: Record<string, string> = {
  name: 'issuer-name',
  slug: 'issuer-slug',
  url: 'issuer-url',
  email: 'issuer-email',
  description: 'issuer-description',
};

export function IssuerForm() {
  const { t } = useI18n();
  usePageTitle(t('c.issuers.newTitle'), 'issuer-form-title');
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [url, setUrl] = useState('');
  const [email, setEmail] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const effectiveSlug = slugTouched ? slug : slugify(name);
  const labels = {
    'issuer-name': t('c.issuers.name'),
    'issuer-slug': t('c.issuers.slug'),
    'issuer-url': t('c.issuers.url'),
    'issuer-email': t('c.issuers.email'),
    'issuer-description': t('c.issuers.description'),
  };

  const form = useFormErrors(() => ({
    'issuer-name': name.trim() === '' ? t('c.form.required') : undefined,
    'issuer-slug': /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(effectiveSlug)
      ? undefined
      : t('c.issuers.slugInvalid'),
    'issuer-url': url && !/^https?:\/\/\S+$/.test(url) ? t('c.form.url') : undefined,
    'issuer-email': email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? t('c.form.email') : undefined,
  }));
  const { errors, detail } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    setBusy(true);
    try {
      const created = await api<Issuer>('/api/v1/issuers', {
        method: 'POST',
        body: {
          name: name.trim(),
          slug: effectiveSlug,
          ...(url ? { url } : {}),
          ...(email ? { email } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      navigate(`/console/issuers/${created.id}`);
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, ISSUER_FIELDS);
      } else {
        form.setDetail(String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHead id="issuer-form-title" title={t('c.issuers.newTitle')} />
      <p className="lead">{t('c.issuers.newLead')}</p>
      <ErrorSummary errors={errors} detail={detail} labels={labels} focusKey={form.focusKey} />
      <form className="panel" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="issuer-name"
          label={labels['issuer-name']}
          required
          value={name}
          onChange={setName}
          error={errors['issuer-name']}
        />
        <TextField
          id="issuer-slug"
          label={labels['issuer-slug']}
          hint={t('c.issuers.slugHint')}
          required
          value={effectiveSlug}
          onChange={(value) => {
            setSlugTouched(true);
            setSlug(value);
          }}
          error={errors['issuer-slug']}
        />
        <div className="field-row">
          <TextField
            id="issuer-url"
            label={labels['issuer-url']}
            type="url"
            value={url}
            onChange={setUrl}
            error={errors['issuer-url']}
          />
          <TextField
            id="issuer-email"
            label={labels['issuer-email']}
            type="email"
            value={email}
            onChange={setEmail}
            error={errors['issuer-email']}
          />
        </div>
        <TextArea
          id="issuer-description"
          label={labels['issuer-description']}
          value={description}
          onChange={setDescription}
        />
        <div className="action-row">
          <button type="submit" className="button" disabled={busy}>
            {t('c.issuers.create')}
          </button>
          <Link className="button secondary" to="/console/issuers">
            {t('c.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

export function IssuerDetail({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const organization = useOrganization();
  const issuer = useApi<Issuer>(`/api/v1/issuers/${encodeURIComponent(id)}`);
  usePageTitle(issuer.data?.name ?? t('c.issuers.title'), 'issuer-title');
  const [message, setMessage] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const canRotate = roleAtLeast(organization.role, 'admin');

  const rotate = async () => {
    if (!window.confirm(t('c.issuers.rotateConfirm'))) {
      return;
    }
    setMessage(undefined);
    setFailure(undefined);
    try {
      await api(`/api/v1/issuers/${encodeURIComponent(id)}/rotate-key`, { method: 'POST' });
      setMessage(t('c.issuers.rotated'));
      issuer.reload();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  if (issuer.error) {
    return (
      <>
        <PageHead id="issuer-title" title={t('c.issuers.title')} />
        <LoadError error={issuer.error} />
      </>
    );
  }
  if (!issuer.data) {
    return <Loading />;
  }
  const data = issuer.data;
  return (
    <>
      <PageHead id="issuer-title" title={data.name}>
        <a className="button secondary" href={`/i/${encodeURIComponent(data.slug)}`}>
          {t('c.issuers.publicPage')}
        </a>
      </PageHead>
      <section className="panel" aria-labelledby="issuer-profile">
        <h2 id="issuer-profile">{t('c.issuers.profile')}</h2>
        <dl className="key-values">
          <dt>{t('c.issuers.did')}</dt>
          <dd className="mono">{data.did}</dd>
          <dt>{t('c.issuers.didDocument')}</dt>
          <dd>
            <a href={`/i/${encodeURIComponent(data.slug)}/did.json`}>{`/i/${data.slug}/did.json`}</a>
          </dd>
          <dt>{t('c.issuers.url')}</dt>
          <dd>{data.url ?? '—'}</dd>
          <dt>{t('c.issuers.email')}</dt>
          <dd>{data.email ?? '—'}</dd>
          <dt>{t('c.issuers.description')}</dt>
          <dd>{data.description ?? '—'}</dd>
        </dl>
      </section>
      <div>
        <div className="page-head">
          <h2 id="issuer-keys">{t('c.issuers.keys')}</h2>
          {canRotate ? (
            <button type="button" className="button secondary" onClick={() => void rotate()}>
              {t('c.issuers.rotate')}
            </button>
          ) : null}
        </div>
        <p className="note">{t('c.issuers.keysLead')}</p>
        <p role="status" className="note">
          {message ?? ''}
        </p>
        {failure ? (
          <p className="notice notice-bad" role="alert">
            {failure}
          </p>
        ) : null}
        <TableWrap label={t('c.issuers.keys')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.issuers.keyId')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.created')}</th>
                <th scope="col">{t('c.issuers.retired')}</th>
              </tr>
            </thead>
            <tbody>
              {(data.keys ?? []).map((key) => (
                <tr key={key.id}>
                  <td className="mono">{key.verificationMethod}</td>
                  <td>
                    <StatusPill status={key.status === 'active' ? 'active' : 'retired'} />
                  </td>
                  <td>{dateTime(key.createdAt)}</td>
                  <td>{key.retiredAt ? dateTime(key.retiredAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
    </>
  );
}
