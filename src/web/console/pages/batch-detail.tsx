/**
 * One batch, in the state it is in: the check's report (per-row errors, the preview of the good rows,
 * the error report to download, and "Issue N credentials"), then the live progress pushed by the
 * server-sent event stream (cancel, resume), then the results.
 */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, downloadFile, type Page, sessionHeaders } from '../api.js';
import { readEventStream } from '../event-stream.js';
import { Link, usePageTitle } from '../router.js';
import { LoadError, Loading, PageHead, StatusPill, TableWrap } from '../ui.js';
import { useApi } from '../use-api.js';
import type { Batch } from './batches.js';

type BatchRow = {
  row: number;
  status: 'invalid' | 'pending' | 'issued' | 'existing' | 'failed';
  data: Record<string, unknown>;
  errors: { column: string | null; code: string; message: string }[];
  credentialId: string | null;
};

const LIVE = new Set<Batch['status']>(['validating', 'running']);
const PAGE_SIZE = 50;

/** Follows a batch: the event stream while it is live, a plain reload when the stream cannot be had. */
function useBatch(id: string) {
  const [batch, setBatch] = useState<Batch | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload
  useEffect(() => {
    let live = true;
    const controller = new AbortController();
    const follow = async () => {
      let current = await api<Batch>(`/api/v1/batches/${encodeURIComponent(id)}`);
      while (live) {
        setBatch(current);
        if (!LIVE.has(current.status)) {
          return;
        }
        try {
          await readEventStream(
            `/api/v1/batches/${encodeURIComponent(id)}/events`,
            sessionHeaders(),
            (event) => {
              if (event.event === 'progress' || event.event === 'end') {
                current = JSON.parse(event.data) as Batch;
                setBatch(current);
              }
            },
            controller.signal,
          );
        } catch {
          if (!live) {
            return;
          }
          // The stream broke (a proxy, a restart): look again in a moment.
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
        current = await api<Batch>(`/api/v1/batches/${encodeURIComponent(id)}`);
      }
    };
    follow().catch((caught: unknown) => {
      if (live) {
        setError(
          caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', String(caught), undefined, []),
        );
      }
    });
    return () => {
      live = false;
      controller.abort();
    };
  }, [id, version]);
  return { batch, error, setBatch, reload: useCallback(() => setVersion((value) => value + 1), []) };
}

/** A batch's rows of some statuses, a page at a time. */
function useRows(id: string, statuses: string, key: string) {
  const [rows, setRows] = useState<BatchRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const load = useCallback(
    async (cursor: string | null) => {
      const query = new URLSearchParams({ status: statuses, limit: String(PAGE_SIZE) });
      if (cursor) {
        query.set('cursor', cursor);
      }
      const page = await api<Page<BatchRow>>(`/api/v1/batches/${encodeURIComponent(id)}/rows?${query}`);
      setRows((previous) => (cursor ? [...previous, ...page.items] : page.items));
      setNext(page.next);
    },
    [id, statuses],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` (the batch's state) asks for a reload
  useEffect(() => {
    void load(null);
  }, [load, key]);
  return { rows, more: next ? () => void load(next) : undefined };
}

export function BatchDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { batch, error, setBatch, reload } = useBatch(id);
  const [message, setMessage] = useState('');
  const title = batch?.filename ?? t('c.batches.title');
  usePageTitle(title, 'batch-title');

  const act = async (action: 'start' | 'cancel' | 'resume') => {
    if (action === 'cancel' && !window.confirm(t('c.batches.cancelConfirm'))) {
      return;
    }
    try {
      setBatch(await api<Batch>(`/api/v1/batches/${encodeURIComponent(id)}/${action}`, { method: 'POST' }));
      // Started or resumed, the batch is live again: follow its event stream.
      reload();
    } catch (caught) {
      setMessage((caught as Error).message);
    }
  };

  return (
    <>
      <PageHead id="batch-title" title={title}>
        <Link to="/console/batches">{t('c.batches.back')}</Link>
      </PageHead>
      {error ? <LoadError error={error} /> : null}
      {!batch && !error ? <Loading /> : null}
      {message ? (
        <p className="notice notice-bad" role="alert">
          {message}
        </p>
      ) : null}
      {batch ? (
        <>
          <p>
            <StatusPill status={batch.status} />
          </p>
          {batch.error ? (
            <div className="notice notice-bad" role="alert">
              <p>{t('c.batches.fileError', { message: batch.error.message })}</p>
            </div>
          ) : null}
          {batch.unknownColumns.length > 0 ? (
            <div className="notice notice-warn">
              <p>{t('c.batches.unknownColumns', { columns: batch.unknownColumns.join(', ') })}</p>
            </div>
          ) : null}
          {batch.status === 'validated' ? (
            <ValidationReport batch={batch} onIssue={() => void act('start')} />
          ) : (
            <ProgressPanel
              batch={batch}
              onCancel={() => void act('cancel')}
              onResume={() => void act('resume')}
            />
          )}
          {batch.status === 'completed' || batch.status === 'cancelled' || batch.status === 'failed' ? (
            <Results batch={batch} />
          ) : null}
        </>
      ) : null}
    </>
  );
}

function DownloadErrors({ batch }: { batch: Batch }) {
  const { t } = useI18n();
  if (batch.invalid + batch.failed + batch.unknownColumns.length === 0) {
    return null;
  }
  return (
    <button
      type="button"
      className="button secondary"
      onClick={() =>
        void downloadFile(
          `/api/v1/batches/${encodeURIComponent(batch.id)}/errors.csv`,
          `batch-${batch.id}-errors.csv`,
        )
      }
    >
      {t('c.batches.downloadErrors')}
    </button>
  );
}

function ValidationReport({ batch, onIssue }: { batch: Batch; onIssue: () => void }) {
  const { t, number } = useI18n();
  const preview = useRows(batch.id, 'pending', batch.status);
  // The preview names each row's achievement, as the file resolved it.
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?limit=200');
  const names = new Map((achievements.data?.items ?? []).map((entry) => [entry.id, entry.name]));
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('c.batches.reportTitle')}</h2>
      <p className="lead">
        {t('c.batches.summary', { valid: batch.valid, total: batch.total, invalid: batch.invalid })}
      </p>
      <ErrorRows batch={batch} />
      <h3>{t('c.batches.previewTitle')}</h3>
      {preview.rows.length > 0 ? (
        <>
          <p className="note">
            {t('c.batches.previewMore', { shown: number(preview.rows.length), total: number(batch.valid) })}
          </p>
          <TableWrap label={t('c.batches.previewTitle')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('c.batches.row')}</th>
                  <th scope="col">{t('c.batches.recipient')}</th>
                  <th scope="col">{t('c.batches.achievement')}</th>
                  <th scope="col">{t('c.batches.validFrom')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.row}>
                    <td>{row.row}</td>
                    <td>{recipientOf(row)}</td>
                    <td>
                      {names.get(String(row.data.achievementId)) ?? String(row.data.achievementId ?? '')}
                    </td>
                    <td>{String(row.data.validFrom ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {preview.more ? (
            <button type="button" className="button secondary small" onClick={preview.more}>
              {t('c.batches.more')}
            </button>
          ) : null}
        </>
      ) : null}
      <div className="action-row">
        {batch.valid > 0 ? (
          <button type="button" className="button" onClick={onIssue}>
            {t('c.batches.issueN', { count: batch.valid })}
          </button>
        ) : (
          <p className="note">{t('c.batches.nothingToIssue')}</p>
        )}
        <DownloadErrors batch={batch} />
      </div>
    </section>
  );
}

function recipientOf(row: BatchRow): string {
  const name = typeof row.data.name === 'string' ? row.data.name : '';
  const contact = String(row.data.email ?? row.data.did ?? '');
  return name ? `${name} <${contact}>` : contact;
}

function ErrorRows({ batch }: { batch: Batch }) {
  const { t } = useI18n();
  const errors = useRows(batch.id, 'invalid,failed', `${batch.status}-${batch.failed}`);
  return (
    <>
      <h3>{t('c.batches.errorsTitle')}</h3>
      {errors.rows.length === 0 ? (
        <p className="note">{t('c.batches.noErrors')}</p>
      ) : (
        <TableWrap label={t('c.batches.errorsTitle')}>
          <table className="batch-errors">
            <thead>
              <tr>
                <th scope="col">{t('c.batches.row')}</th>
                <th scope="col">{t('c.batches.column')}</th>
                <th scope="col">{t('c.batches.code')}</th>
                <th scope="col">{t('c.batches.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.rows.flatMap((row) =>
                row.errors.map((problem) => (
                  <tr key={`${row.row}-${problem.column ?? ''}-${problem.code}`}>
                    <td>{row.row}</td>
                    <td className="mono">{problem.column ?? ''}</td>
                    <td className="mono">{problem.code}</td>
                    <td>{problem.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </TableWrap>
      )}
      {errors.more ? (
        <button type="button" className="button secondary small" onClick={errors.more}>
          {t('c.batches.more')}
        </button>
      ) : null}
    </>
  );
}

function ProgressPanel({
  batch,
  onCancel,
  onResume,
}: {
  batch: Batch;
  onCancel: () => void;
  onResume: () => void;
}) {
  const { t, number } = useI18n();
  const settled = batch.done + batch.failed;
  const percent = Math.round(batch.progress * 100);
  const text = t('c.batches.progressText', { settled, total: batch.total });
  const live = LIVE.has(batch.status);
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('c.batches.progressTitle')}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('c.batches.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% — ${text}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="progress-figures">
        <strong>{percent}%</strong> · {text}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('c.batches.rate')}</dt>
          <dd>
            {batch.rate === null ? t('c.batches.unknown') : t('c.batches.rateValue', { rate: batch.rate })}
          </dd>
        </div>
        <div>
          <dt>{t('c.batches.eta')}</dt>
          <dd>
            {batch.eta === null ? t('c.batches.unknown') : t('c.batches.etaValue', { seconds: batch.eta })}
          </dd>
        </div>
        <div>
          <dt>{t('c.batches.errors')}</dt>
          <dd>{number(batch.failed)}</dd>
        </div>
      </dl>
      <p className="note" role="status" aria-live="polite">
        {t('c.batches.statusLine', { status: t(`c.status.${batch.status}`), settled, total: batch.total })}
      </p>
      <div className="action-row">
        {live ? (
          <button type="button" className="button danger" onClick={onCancel}>
            {t('c.batches.cancel')}
          </button>
        ) : null}
        {batch.status === 'cancelled' || (batch.status === 'completed' && batch.failed > batch.invalid) ? (
          <button type="button" className="button" onClick={onResume}>
            {t('c.batches.resume')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function Results({ batch }: { batch: Batch }) {
  const { t, number } = useI18n();
  const credentials = useRows(batch.id, 'issued,existing', `${batch.status}-${batch.done}`);
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('c.batches.resultsTitle')}</h2>
      <dl className="facts batch-results">
        <div>
          <dt>{t('c.batches.issued')}</dt>
          <dd>{number(batch.issued)}</dd>
        </div>
        <div>
          <dt>{t('c.batches.alreadyIssued')}</dt>
          <dd>{number(batch.alreadyIssued)}</dd>
        </div>
        <div>
          <dt>{t('c.batches.invalid')}</dt>
          <dd>{number(batch.invalid)}</dd>
        </div>
        <div>
          <dt>{t('c.batches.failedAtIssue')}</dt>
          <dd>{number(batch.failed - batch.invalid)}</dd>
        </div>
      </dl>
      <ErrorRows batch={batch} />
      <DownloadErrors batch={batch} />
      <h3>{t('c.batches.credentialsTitle')}</h3>
      {credentials.rows.length > 0 ? (
        <TableWrap label={t('c.batches.credentialsTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.batches.row')}</th>
                <th scope="col">{t('c.batches.recipient')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.batches.credential')}</th>
              </tr>
            </thead>
            <tbody>
              {credentials.rows.map((row) => (
                <tr key={row.row}>
                  <td>{row.row}</td>
                  <td>{recipientOf(row)}</td>
                  <td>
                    <StatusPill status={row.status} />
                  </td>
                  <td>
                    {row.credentialId ? (
                      <Link to={`/console/credentials/${encodeURIComponent(row.credentialId)}`}>
                        {t('c.batches.viewCredential')}
                        <span className="visually-hidden">: {recipientOf(row)}</span>
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {credentials.more ? (
        <button type="button" className="button secondary small" onClick={credentials.more}>
          {t('c.batches.more')}
        </button>
      ) : null}
    </section>
  );
}
