/**
 * Webhook endpoints: the list, and a form to add one. The signing secret is in the answer that creates
 * the endpoint only (the server keeps it encrypted and never shows it again), so it is shown here once,
 * with a copy button.
 */
import { type FormEvent, useState } from 'react';
import type { MessageKey } from '../../../i18n/index.js';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError, api, type Page } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { ErrorSummary, PageHead, ResourceList, StatusPill, TextField, useFormErrors } from '../ui.js';
import { useApi } from '../use-api.js';

export type WebhookEndpoint = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  secretPrefix: string;
  createdAt: string;
  updatedAt: string;
};

export type EventTypeInfo = { type: string; description: string };

/** The event types an endpoint can take, described in the reader's language when the catalog knows them. */
export function useEventTypes() {
  const { t } = useI18n();
  const catalog = useApi<{ items: EventTypeInfo[] }>('/api/v1/webhooks/events');
  const describe = (entry: EventTypeInfo) => {
    const key = `c.webhooks.eventType.${entry.type}` as MessageKey;
    const text = t(key);
    return text === key ? entry.description : text;
  };
  return { types: catalog.data?.items ?? [], error: catalog.error, describe };
}

/**
 * The events checkboxes: "all" (`["*"]`, which also takes types added later) or a chosen few. A
 * fieldset with a legend, so the choice is announced as one question.
 */
export function EventPicker({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: string[];
  onChange: (events: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const { types, describe } = useEventTypes();
  const all = value.includes('*');
  const toggle = (type: string, on: boolean) =>
    onChange(
      on ? [...value.filter((entry) => entry !== type), type] : value.filter((entry) => entry !== type),
    );
  return (
    <fieldset
      className="field"
      id={`${idPrefix}-events`}
      aria-describedby={error ? `${idPrefix}-events-error` : undefined}
    >
      <legend>{t('c.webhooks.events')}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={all}
          onChange={(event) => onChange(event.currentTarget.checked ? ['*'] : [])}
        />
        {t('c.webhooks.allEvents')}
      </label>
      {types.map((entry) => (
        <label className="checkbox" key={entry.type}>
          <input
            type="checkbox"
            disabled={all}
            checked={all || value.includes(entry.type)}
            onChange={(event) => toggle(entry.type, event.currentTarget.checked)}
          />
          <span className="mono">{entry.type}</span> — {describe(entry)}
        </label>
      ))}
      {error ? (
        <p className="field-error" id={`${idPrefix}-events-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function CopySecret({ secret }: { secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-url">
      <code className="secret" id="webhook-secret">
        {secret}
      </code>
      <button
        type="button"
        className="button secondary small"
        onClick={() =>
          void navigator.clipboard.writeText(secret).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {t('c.webhooks.copy')}
      </button>
      <span role="status">{copied ? t('c.webhooks.copied') : ''}</span>
    </div>
  );
}

export function WebhooksPage() {
  const { t, dateTime } = useI18n();
  usePageTitle(t('c.webhooks.title'), 'webhooks-title');
  const endpoints = useApi<Page<WebhookEndpoint>>('/api/v1/webhooks');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [created, setCreated] = useState<(WebhookEndpoint & { secret: string }) | undefined>();
  const form = useFormErrors(() => ({
    'webhook-url': url.trim() ? undefined : t('c.form.required'),
    'webhook-events': events.length > 0 ? undefined : t('c.webhooks.pickEvents'),
  }));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    try {
      const endpoint = await api<WebhookEndpoint & { secret: string }>('/api/v1/webhooks', {
        method: 'POST',
        body: { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) },
      });
      setCreated(endpoint);
      form.reset();
      setUrl('');
      setDescription('');
      setEvents(['*']);
      endpoints.reload();
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, {
          url: 'webhook-url',
          events: 'webhook-events',
          description: 'webhook-description',
        });
      }
    }
  };

  const labels = {
    'webhook-url': t('c.webhooks.url'),
    'webhook-description': t('c.webhooks.description'),
    'webhook-events': t('c.webhooks.events'),
  };
  return (
    <>
      <PageHead id="webhooks-title" title={t('c.webhooks.title')} />
      <p className="lead">{t('c.webhooks.lead')}</p>
      <section className="panel" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">{t('c.webhooks.new')}</h2>
        {created ? (
          <div className="notice notice-good" role="status">
            <p>
              <strong>{t('c.webhooks.created', { url: created.url })}</strong>
            </p>
            <p>{t('c.webhooks.secretOnce')}</p>
            <CopySecret secret={created.secret} />
          </div>
        ) : null}
        <ErrorSummary errors={form.errors} detail={form.detail} labels={labels} focusKey={form.focusKey} />
        <form onSubmit={(event) => void create(event)} noValidate>
          <TextField
            id="webhook-url"
            type="url"
            label={labels['webhook-url']}
            hint={t('c.webhooks.urlHint')}
            required
            value={url}
            onChange={setUrl}
            error={form.errors['webhook-url']}
          />
          <TextField
            id="webhook-description"
            label={labels['webhook-description']}
            hint={t('c.webhooks.descriptionHint')}
            value={description}
            onChange={setDescription}
            error={form.errors['webhook-description']}
          />
          <EventPicker
            idPrefix="webhook"
            value={events}
            onChange={setEvents}
            error={form.errors['webhook-events']}
          />
          <button type="submit" className="button">
            {t('c.webhooks.create')}
          </button>
        </form>
      </section>
      <ResourceList
        resource={endpoints}
        emptyTitle={t('c.webhooks.emptyTitle')}
        emptyText={t('c.webhooks.emptyText')}
        label={t('c.webhooks.title')}
      >
        {(items) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.webhooks.url')}</th>
                <th scope="col">{t('c.webhooks.events')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <Link to={`/console/webhooks/${encodeURIComponent(endpoint.id)}`}>{endpoint.url}</Link>
                    {endpoint.description ? <p className="note">{endpoint.description}</p> : null}
                  </td>
                  <td className="mono">
                    {endpoint.events.includes('*') ? t('c.webhooks.allShort') : endpoint.events.join(', ')}
                  </td>
                  <td>
                    <StatusPill status={endpoint.enabled ? 'enabled' : 'disabled'} />
                  </td>
                  <td>{dateTime(endpoint.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceList>
    </>
  );
}
