/**
 * `/unsubscribe/{token}`: stop an organization's non-essential mail (expiry reminders).
 * A GET only asks (link scanners open links); the button POSTs, as a mail client's one-click
 * unsubscribe does (RFC 8058). Works without JavaScript.
 */
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

export type UnsubscribePageProps = {
  path: string;
  /** `ask`: the button; `done`: unsubscribed; `invalid`: the link is not one Cairn made. */
  state: 'ask' | 'done' | 'invalid';
  token: string;
  organizationName: string;
  email: string;
};

export function UnsubscribePage({ path, state, token, organizationName, email }: UnsubscribePageProps) {
  const { t } = useI18n();
  if (state === 'invalid') {
    return (
      <PublicLayout path={path}>
        <h1>{t('unsubscribe.invalidTitle')}</h1>
        <p>{t('unsubscribe.invalidText')}</p>
      </PublicLayout>
    );
  }
  if (state === 'done') {
    return (
      <PublicLayout path={path}>
        <h1>{t('unsubscribe.doneTitle')}</h1>
        <p role="status">{t('unsubscribe.doneText', { organization: organizationName, email })}</p>
        <p>{t('unsubscribe.essential')}</p>
      </PublicLayout>
    );
  }
  return (
    <PublicLayout path={path}>
      <h1>{t('unsubscribe.title', { organization: organizationName })}</h1>
      <p>{t('unsubscribe.lead', { organization: organizationName, email })}</p>
      <p>{t('unsubscribe.essential')}</p>
      <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}`}>
        <button type="submit" className="button">
          {t('unsubscribe.button')}
        </button>
      </form>
    </PublicLayout>
  );
}
