/** Renewing a credential from its page: signed again with a new end of validity, same id and links. */
import { useState } from 'react';
import { useI18n } from '../../../../pages/i18n-context.js';
import { ApiError, api, type IssuedCredential } from '../../api.js';
import { TextField } from '../../ui.js';

export function RenewPanel({
  credential,
  onRenewed,
}: {
  credential: IssuedCredential;
  onRenewed: (message: string) => void;
}) {
  const { t } = useI18n();
  const [until, setUntil] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (credential.status === 'revoked') {
    return null;
  }
  const renew = async () => {
    setError(undefined);
    setBusy(true);
    try {
      await api(`/api/v1/credentials/${encodeURIComponent(credential.id)}/renew`, {
        method: 'POST',
        body: until ? { validUntil: `${until}T23:59:59Z` } : {},
      });
      setUntil('');
      onRenewed(t('c.credentials.done.renew'));
    } catch (failure) {
      setError(failure instanceof ApiError ? (failure.detail ?? failure.title) : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="renew-title">
      <h2 id="renew-title">{t('c.credentials.renewTitle')}</h2>
      <p className="note">{t('c.credentials.renewLead')}</p>
      <TextField
        id="renew-until"
        label={t('c.credentials.renewUntil')}
        hint={t('c.credentials.renewHint')}
        type="date"
        value={until}
        onChange={setUntil}
        error={error}
      />
      <div className="action-row">
        <button type="button" className="button secondary" disabled={busy} onClick={() => void renew()}>
          {t('c.credentials.renew')}
        </button>
      </div>
    </section>
  );
}
