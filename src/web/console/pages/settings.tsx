/**
 * The organization's settings (admins): the language of its e-mail to learners
 * (`GET` / `PATCH /api/v1/organization`). Credentials keep the language they were issued with.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { LOCALE_NAMES, LOCALES } from '../../../i18n/index.js';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api } from '../api.js';
import { usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import { LoadError, Loading, PageHead, SelectField } from '../ui.js';
import { useApi } from '../use-api.js';

type OrganizationSettings = { id: string; slug: string; name: string; mailLocale: string | null };

export function SettingsPage() {
  const { t } = useI18n();
  usePageTitle(t('c.settings.title'), 'settings-title');
  const canChange = roleAtLeast(useOrganization().role, 'admin');
  const settings = useApi<OrganizationSettings>('/api/v1/organization');
  const [mailLocale, setMailLocale] = useState('');
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    if (settings.data) {
      setMailLocale(settings.data.mailLocale ?? '');
    }
  }, [settings.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    setFailure(undefined);
    try {
      await api<OrganizationSettings>('/api/v1/organization', {
        method: 'PATCH',
        body: { mailLocale: mailLocale === '' ? null : mailLocale },
      });
      setMessage(t('c.settings.saved'));
      settings.reload();
    } catch (error) {
      setFailure(error instanceof ApiError ? (error.detail ?? error.title) : String(error));
    }
  };

  return (
    <>
      <PageHead id="settings-title" title={t('c.settings.title')} />
      {settings.error ? <LoadError error={settings.error} /> : null}
      {settings.loading && !settings.data ? <Loading /> : null}
      {settings.data ? (
        <form className="panel" onSubmit={(event) => void save(event)} aria-labelledby="settings-mail">
          <h2 id="settings-mail">{t('c.settings.mail')}</h2>
          <SelectField
            id="settings-mail-locale"
            label={t('c.settings.mailLocale')}
            hint={t('c.settings.mailLocaleHint')}
            error={failure}
            value={mailLocale}
            onChange={setMailLocale}
            options={[
              { value: '', label: t('c.settings.mailLocaleDefault') },
              ...LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] })),
            ]}
          />
          {canChange ? (
            <button type="submit" className="button">
              {t('c.settings.save')}
            </button>
          ) : null}
          <p className="note" role="status">
            {message}
          </p>
        </form>
      ) : null}
    </>
  );
}
