/** API keys: for integrations (LMS, HR systems). A new key is shown once; keys can be revoked. */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, type ApiKey, api, ROLES, type Role } from '../api.js';
import { usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import {
  EmptyState,
  ErrorSummary,
  LoadError,
  Loading,
  PageHead,
  SelectField,
  StatusPill,
  TableWrap,
  TextField,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

export function ApiKeysPage() {
  const { t, dateTime } = useI18n();
  const organization = useOrganization();
  usePageTitle(t('c.keys.title'), 'keys-title');
  const keys = useApi<{ items: ApiKey[] }>('/api/v1/api-keys');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('issuer');
  const [created, setCreated] = useState<(ApiKey & { key: string }) | undefined>();
  const [message, setMessage] = useState('');
  const grantable = ROLES.filter((entry) => roleAtLeast(organization.role, entry));

  const form = useFormErrors(() => ({ 'key-name': name.trim() ? undefined : t('c.form.required') }));
  const { errors, detail } = form;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    try {
      const key = await api<ApiKey & { key: string }>('/api/v1/api-keys', {
        method: 'POST',
        body: { name: name.trim(), role },
      });
      setCreated(key);
      form.reset();
      setName('');
      keys.reload();
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, { name: 'key-name', role: 'key-role' });
      }
    }
  };

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('c.keys.revokeConfirm', { name: key.name }))) {
      return;
    }
    try {
      await api(`/api/v1/api-keys/${encodeURIComponent(key.id)}/revoke`, { method: 'POST' });
      setMessage(t('c.keys.revoked', { name: key.name }));
      keys.reload();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const labels = { 'key-name': t('c.keys.name'), 'key-role': t('c.team.role') };
  return (
    <>
      <PageHead id="keys-title" title={t('c.keys.title')} />
      <p className="lead">{t('c.keys.lead')}</p>
      <p className="note" role="status">
        {message}
      </p>
      <section className="panel" aria-labelledby="new-key-title">
        <h2 id="new-key-title">{t('c.keys.new')}</h2>
        {created ? (
          <div className="notice notice-good" role="status">
            <p>
              <strong>{t('c.keys.created', { name: created.name })}</strong>
            </p>
            <p>{t('c.keys.once')}</p>
            <code className="secret">{created.key}</code>
          </div>
        ) : null}
        <ErrorSummary errors={errors} detail={detail} labels={labels} focusKey={form.focusKey} />
        <form onSubmit={(event) => void create(event)} noValidate>
          <div className="field-row">
            <TextField
              id="key-name"
              label={labels['key-name']}
              hint={t('c.keys.nameHint')}
              required
              value={name}
              onChange={setName}
              error={errors['key-name']}
            />
            <SelectField
              id="key-role"
              label={labels['key-role']}
              required
              value={role}
              onChange={(value) => setRole(value as Role)}
              options={grantable.map((entry) => ({ value: entry, label: t(`c.role.${entry}`) }))}
            />
          </div>
          <button type="submit" className="button">
            {t('c.keys.create')}
          </button>
        </form>
      </section>
      {keys.error ? <LoadError error={keys.error} /> : null}
      {keys.loading && !keys.data ? <Loading /> : null}
      {keys.data && keys.data.items.length === 0 ? (
        <EmptyState title={t('c.keys.emptyTitle')}>
          <p>{t('c.keys.emptyText')}</p>
        </EmptyState>
      ) : null}
      {keys.data && keys.data.items.length > 0 ? (
        <TableWrap label={t('c.keys.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.keys.name')}</th>
                <th scope="col">{t('c.team.role')}</th>
                <th scope="col">{t('c.keys.prefix')}</th>
                <th scope="col">{t('c.created')}</th>
                <th scope="col">{t('c.keys.lastUsed')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>{t(`c.role.${key.role}`)}</td>
                  <td className="mono">{key.prefix}…</td>
                  <td>{dateTime(key.createdAt)}</td>
                  <td>{key.lastUsedAt ? dateTime(key.lastUsedAt) : t('c.keys.never')}</td>
                  <td>
                    <StatusPill status={key.revokedAt ? 'revoked' : 'active'} />
                  </td>
                  <td>
                    {key.revokedAt ? null : (
                      <button type="button" className="button danger small" onClick={() => void revoke(key)}>
                        {t('c.keys.revoke')}
                        <span className="visually-hidden">: {key.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
