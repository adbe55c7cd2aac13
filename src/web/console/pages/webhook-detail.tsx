/**
 * One webhook endpoint: its events (edited in place), enable/disable, a test event, delete, and its
 * delivery log — status, the receiver's response code, how long it took — with a Resend button (a new
 * delivery of the same event, same event id, so the receiver can de-duplicate).
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { api, type Page } from '../api.js';
import { Link, navigate, usePageTitle } from '../router.js';
import { LoadError, Loading, PageHead, StatusPill, TableWrap } from '../ui.js';
import { useApi } from '../use-api.js';
import { EventPicker, type WebhookEndpoint } from './webhooks.js';

type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  responseStatus: number | null;
  durationMs: number | null;
  lastError: string | null;
  resendOf: string | null;
  createdAt: string;
};

export function WebhookDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const path = `/api/v1/webhooks/${encodeURIComponent(id)}`;
  const endpoint = useApi<WebhookEndpoint>(path);
  const [events, setEvents] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [deliveryVersion, setDeliveryVersion] = useState(0);
  usePageTitle(endpoint.data?.url ?? t('c.webhooks.title'), 'webhook-title');
  useEffect(() => {
    if (endpoint.data) {
      setEvents(endpoint.data.events);
    }
  }, [endpoint.data]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      setMessage(done);
      endpoint.reload();
      setDeliveryVersion((value) => value + 1);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const current = endpoint.data;
  return (
    <>
      <PageHead id="webhook-title" title={current?.url ?? t('c.webhooks.title')}>
        <Link to="/console/webhooks">{t('c.webhooks.back')}</Link>
      </PageHead>
      {endpoint.error ? <LoadError error={endpoint.error} /> : null}
      {endpoint.loading && !current ? <Loading /> : null}
      <p className="note" role="status">
        {message}
      </p>
      {current ? (
        <>
          <p>
            <StatusPill status={current.enabled ? 'enabled' : 'disabled'} />{' '}
            {current.description ? <span>{current.description}</span> : null}
          </p>
          <div className="action-row">
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                void run(
                  () => api(path, { method: 'PATCH', body: { enabled: !current.enabled } }),
                  current.enabled ? t('c.webhooks.disabledNow') : t('c.webhooks.enabledNow'),
                )
              }
            >
              {current.enabled ? t('c.webhooks.disable') : t('c.webhooks.enable')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => void run(() => api(`${path}/ping`, { method: 'POST' }), t('c.webhooks.pinged'))}
            >
              {t('c.webhooks.ping')}
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => {
                if (window.confirm(t('c.webhooks.deleteConfirm', { url: current.url }))) {
                  void api(path, { method: 'DELETE' }).then(
                    () => navigate('/console/webhooks'),
                    (error: Error) => setMessage(error.message),
                  );
                }
              }}
            >
              {t('c.webhooks.delete')}
            </button>
          </div>
          <form
            className="panel"
            onSubmit={(event) => {
              event.preventDefault();
              if (events.length === 0) {
                setMessage(t('c.webhooks.pickEvents'));
                return;
              }
              void run(() => api(path, { method: 'PATCH', body: { events } }), t('c.webhooks.saved'));
            }}
          >
            <EventPicker idPrefix="edit" value={events} onChange={setEvents} />
            <button type="submit" className="button">
              {t('c.webhooks.save')}
            </button>
          </form>
          <Deliveries
            path={path}
            version={deliveryVersion}
            onResent={(text) => void run(async () => {}, text)}
          />
        </>
      ) : null}
    </>
  );
}

function Deliveries({
  path,
  version,
  onResent,
}: {
  path: string;
  version: number;
  onResent: (text: string) => void;
}) {
  const { t, dateTime } = useI18n();
  const deliveries = useApi<Page<Delivery>>(`${path}/deliveries?limit=100`);
  const { reload } = deliveries;
  // After an action on the endpoint (a test event, a resend), the log has a new line to show.
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  const resend = async (delivery: Delivery) => {
    try {
      await api(`${path}/deliveries/${encodeURIComponent(delivery.id)}/resend`, { method: 'POST' });
      onResent(t('c.webhooks.resent'));
    } catch (error) {
      onResent((error as Error).message);
    }
  };
  return (
    // Not a region of its own: the table's scrolling region already carries this name.
    <div>
      <div className="page-head">
        <h2 id="deliveries-title">{t('c.webhooks.deliveries')}</h2>
        <button type="button" className="button secondary small" onClick={deliveries.reload}>
          {t('c.webhooks.refresh')}
        </button>
      </div>
      {deliveries.error ? <LoadError error={deliveries.error} /> : null}
      {deliveries.data && deliveries.data.items.length === 0 ? (
        <p className="note">{t('c.webhooks.noDeliveries')}</p>
      ) : null}
      {deliveries.data && deliveries.data.items.length > 0 ? (
        <TableWrap label={t('c.webhooks.deliveries')}>
          <table className="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('c.webhooks.event')}</th>
                <th scope="col">{t('c.webhooks.sentAt')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.webhooks.response')}</th>
                <th scope="col">{t('c.webhooks.duration')}</th>
                <th scope="col">{t('c.webhooks.attempts')}</th>
                <th scope="col">{t('c.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((delivery) => (
                <tr key={delivery.id}>
                  <td className="mono">
                    {delivery.eventType}
                    {delivery.resendOf ? <span className="note"> ({t('c.webhooks.resendOf')})</span> : null}
                  </td>
                  <td>{dateTime(delivery.createdAt)}</td>
                  <td>
                    <StatusPill status={delivery.status} />
                  </td>
                  <td>
                    {delivery.responseStatus ?? ''}
                    {delivery.lastError ? <span className="note"> {delivery.lastError}</span> : null}
                  </td>
                  <td>
                    {delivery.durationMs === null
                      ? ''
                      : t('c.webhooks.durationValue', { ms: delivery.durationMs })}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    <button
                      type="button"
                      className="button secondary small"
                      onClick={() => void resend(delivery)}
                    >
                      {t('c.webhooks.resend')}
                      <span className="visually-hidden">
                        : {delivery.eventType} {dateTime(delivery.createdAt)}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </div>
  );
}
