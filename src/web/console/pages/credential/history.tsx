/** A credential's history on its page: GET /api/v1/credentials/{id}/events, newest first. */
import type { MessageKey } from '../../../../i18n/index.js';
import { useI18n } from '../../../../pages/i18n-context.js';
import type { CredentialEvent, Page } from '../../api.js';
import { LoadError } from '../../ui.js';
import { useApi } from '../../use-api.js';

export function CredentialHistory({ id }: { id: string }) {
  const { t, dateTime, date } = useI18n();
  const events = useApi<Page<CredentialEvent>>(
    `/api/v1/credentials/${encodeURIComponent(id)}/events?limit=100`,
  );
  const who = (event: CredentialEvent) =>
    event.actor.type === 'system'
      ? t('c.credentials.actor.system')
      : (event.actor.name ?? t('c.credentials.actor.removed'));
  const what = (event: CredentialEvent) => {
    const key = `c.credentials.event.${event.action}`;
    return key in EVENT_KEYS ? t(key as MessageKey) : event.action;
  };
  const detail = (event: CredentialEvent) => {
    const reason = event.details?.reason;
    const until = event.details?.validUntil;
    return [
      typeof reason === 'string' ? t('c.credentials.eventReason', { reason }) : '',
      typeof until === 'string' ? t('c.credentials.eventUntil', { date: date(until) }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  };
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('c.credentials.history')}</h2>
      {events.error ? <LoadError error={events.error} /> : null}
      {events.data && events.data.items.length === 0 ? (
        <p className="empty">{t('c.credentials.historyEmpty')}</p>
      ) : null}
      {events.data && events.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.credentials.when')}</th>
                <th scope="col">{t('c.credentials.what')}</th>
                <th scope="col">{t('c.credentials.who')}</th>
                <th scope="col">{t('c.credentials.facts')}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <td>{dateTime(event.at)}</td>
                  <td>{what(event)}</td>
                  <td>{who(event)}</td>
                  <td>{detail(event)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The actions the console has words for; any other is shown by its code. */
const EVENT_KEYS: Record<string, true> = {
  'c.credentials.event.credential.issue': true,
  'c.credentials.event.credential.revoke': true,
  'c.credentials.event.credential.suspend': true,
  'c.credentials.event.credential.unsuspend': true,
  'c.credentials.event.credential.renew': true,
};
