/**
 * "Resend" for an e-mail that failed (`POST /api/v1/mail/{id}/resend`): shown beside a failed delivery
 * in the mail log and on the credential. The e-mail is written afresh (a new claim link) and queued.
 */
import { useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api } from '../api.js';

export function ResendMailButton({
  id,
  to,
  onResent,
}: {
  id: string;
  /** The address, for the button's accessible name (a table holds many buttons). */
  to: string;
  onResent: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  /** Set once the copy is queued: the failed e-mail cannot be resent twice, so the button goes quiet. */
  const [done, setDone] = useState(false);
  const [message, setMessage] = useState('');
  const resend = async () => {
    setBusy(true);
    setMessage('');
    try {
      await api(`/api/v1/mail/${encodeURIComponent(id)}/resend`, { method: 'POST' });
      setMessage(t('c.mail.resent'));
      setDone(true);
      onResent();
    } catch (failure) {
      setMessage(failure instanceof ApiError ? (failure.detail ?? failure.title) : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        disabled={busy || done}
        aria-label={t('c.mail.resendTo', { to })}
        onClick={() => void resend()}
      >
        {t('c.mail.resend')}
      </button>
      <span className="note" role="status">
        {message}
      </span>
    </>
  );
}
