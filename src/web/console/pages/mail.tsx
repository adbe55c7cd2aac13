/**
 * Mail: the delivery log (what reached learners, what did not and why) and, while no SMTP server is
 * configured, the development mailbox (every e-mail Cairn would have sent, readable here).
 */
import { useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import type { MailboxMessage, MailDelivery, MailStatus, Page } from '../api.js';
import { Link, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import { EmptyState, LoadError, Loading, PageHead, SelectField, StatusPill, TableWrap } from '../ui.js';
import { useApi } from '../use-api.js';
import { ResendMailButton } from './resend-mail.js';

const STATUSES: MailStatus[] = ['queued', 'retrying', 'sent', 'failed'];

export function MailPage() {
  const { t, dateTime } = useI18n();
  usePageTitle(t('c.mail.title'), 'mail-title');
  const [status, setStatus] = useState<MailStatus | ''>('');
  const mail = useApi<Page<MailDelivery>>(`/api/v1/mail${status ? `?status=${status}` : ''}`);
  const canResend = roleAtLeast(useOrganization().role, 'issuer');
  return (
    <>
      <PageHead id="mail-title" title={t('c.mail.title')}>
        <Link className="button secondary" to="/console/mailbox">
          {t('c.mailbox.title')}
        </Link>
      </PageHead>
      <p className="lead">{t('c.mail.lead')}</p>
      <div className="filters">
        <SelectField
          id="mail-status"
          label={t('c.status')}
          value={status}
          onChange={(value) => setStatus(value as MailStatus | '')}
          options={[
            { value: '', label: t('c.mail.all') },
            ...STATUSES.map((value) => ({ value, label: t(`c.status.${value}`) })),
          ]}
        />
      </div>
      {mail.error ? <LoadError error={mail.error} /> : null}
      {mail.loading && !mail.data ? <Loading /> : null}
      {mail.data && mail.data.items.length === 0 ? (
        <EmptyState title={t('c.mail.emptyTitle')}>
          <p>{t('c.mail.emptyText')}</p>
        </EmptyState>
      ) : null}
      {mail.data && mail.data.items.length > 0 ? (
        <TableWrap label={t('c.mail.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.mail.to')}</th>
                <th scope="col">{t('c.mail.subject')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.mail.attempts')}</th>
                <th scope="col">{t('c.mail.reason')}</th>
                <th scope="col">{t('c.created')}</th>
                {canResend ? <th scope="col">{t('c.mail.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {mail.data.items.map((item) => (
                <tr key={item.id}>
                  <td className="mono">{item.to}</td>
                  <td>
                    {item.credentialId ? (
                      <Link to={`/console/credentials/${encodeURIComponent(item.credentialId)}`}>
                        {item.subject}
                      </Link>
                    ) : (
                      item.subject
                    )}
                  </td>
                  <td>
                    <StatusPill status={item.status} />
                  </td>
                  <td>{item.attempts}</td>
                  <td>{item.lastError ?? ''}</td>
                  <td>{dateTime(item.createdAt)}</td>
                  {canResend ? (
                    <td>
                      {item.status === 'failed' ? (
                        <ResendMailButton id={item.id} to={item.to} onResent={mail.reload} />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

/** The text of an e-mail with its addresses as links (the claim link, the credential's page). */
function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="mail-text">
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export function MailboxPage() {
  const { t, dateTime } = useI18n();
  usePageTitle(t('c.mailbox.title'), 'mailbox-title');
  const mailbox = useApi<Page<MailboxMessage>>('/api/v1/dev/mailbox');
  const unavailable = mailbox.error?.code === 'MAILBOX_UNAVAILABLE';
  return (
    <>
      <PageHead id="mailbox-title" title={t('c.mailbox.title')}>
        <Link className="button secondary" to="/console/mail">
          {t('c.mail.title')}
        </Link>
      </PageHead>
      <p className="lead">{t('c.mailbox.lead')}</p>
      {unavailable ? (
        <div className="notice notice-info" role="status">
          <p>{t('c.mailbox.smtp')}</p>
        </div>
      ) : null}
      {mailbox.error && !unavailable ? <LoadError error={mailbox.error} /> : null}
      {mailbox.loading && !mailbox.data ? <Loading /> : null}
      {mailbox.data && mailbox.data.items.length === 0 ? (
        <EmptyState title={t('c.mailbox.emptyTitle')}>
          <p>{t('c.mail.emptyText')}</p>
        </EmptyState>
      ) : null}
      {(mailbox.data?.items ?? []).map((message) => (
        <article className="panel mail-message" key={message.id} aria-labelledby={`mail-${message.id}`}>
          <h2 id={`mail-${message.id}`}>{message.subject}</h2>
          <dl className="key-values">
            <dt>{t('c.mail.to')}</dt>
            <dd className="mono">{message.to}</dd>
            <dt>{t('c.mail.sentAt')}</dt>
            <dd>{message.sentAt ? dateTime(message.sentAt) : ''}</dd>
          </dl>
          <LinkedText text={message.text} />
          <details>
            <summary>{t('c.mailbox.html')}</summary>
            <iframe
              title={t('c.mailbox.htmlFrame', { subject: message.subject })}
              sandbox=""
              srcDoc={message.html}
              className="mail-html"
            />
          </details>
        </article>
      ))}
    </>
  );
}
