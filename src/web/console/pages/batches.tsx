/**
 * Bulk issuing: the list of batches, and the upload form. An upload is always a dry run first (the
 * server checks every row and stores the report); the batch page shows that report and issues on request.
 */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, type Page } from '../api.js';
import { Link, navigate, usePageTitle } from '../router.js';
import {
  ErrorSummary,
  LoadError,
  PageHead,
  ResourceList,
  SelectField,
  StatusPill,
  TextArea,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

/** A batch as the API shows it (docs/batches.md, "Following a batch"). */
export type Batch = {
  id: string;
  status: 'validating' | 'validated' | 'running' | 'completed' | 'failed' | 'cancelled';
  filename: string | null;
  dryRun: boolean;
  total: number;
  valid: number;
  invalid: number;
  done: number;
  issued: number;
  alreadyIssued: number;
  failed: number;
  pending: number;
  progress: number;
  rate: number | null;
  eta: number | null;
  unknownColumns: string[];
  defaultAchievementId: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
};

export function BatchesPage() {
  const { t, dateTime, number } = useI18n();
  usePageTitle(t('c.batches.title'), 'batches-title');
  const batches = useApi<Page<Batch>>('/api/v1/batches?limit=100');
  return (
    <>
      <PageHead id="batches-title" title={t('c.batches.title')}>
        <Link className="button" to="/console/batches/new">
          {t('c.batches.new')}
        </Link>
      </PageHead>
      <p className="lead">{t('c.batches.lead')}</p>
      <ResourceList
        resource={batches}
        emptyTitle={t('c.batches.emptyTitle')}
        emptyText={t('c.batches.emptyText')}
        label={t('c.batches.title')}
      >
        {(items) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.batches.file')}</th>
                <th scope="col">{t('c.batches.created')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.batches.rows')}</th>
                <th scope="col">{t('c.batches.issuedCount')}</th>
                <th scope="col">{t('c.batches.failedCount')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((batch) => (
                <tr key={batch.id}>
                  <td>
                    <Link to={`/console/batches/${encodeURIComponent(batch.id)}`}>
                      {batch.filename ?? batch.id}
                    </Link>
                  </td>
                  <td>{dateTime(batch.createdAt)}</td>
                  <td>
                    <StatusPill status={batch.status} />
                  </td>
                  <td>{number(batch.total)}</td>
                  <td>{number(batch.done)}</td>
                  <td>{number(batch.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceList>
    </>
  );
}

export function BatchUpload() {
  const { t } = useI18n();
  usePageTitle(t('c.batches.uploadTitle'), 'upload-title');
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?status=active&limit=200');
  const [file, setFile] = useState<File | undefined>();
  const [pasted, setPasted] = useState('');
  const [achievementId, setAchievementId] = useState('');
  const [sending, setSending] = useState(false);
  const form = useFormErrors(() => ({
    'batch-file': file || pasted.trim() ? undefined : t('c.batches.needInput'),
  }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    const upload = file ?? new File([pasted], `${t('c.batches.pasted')}.csv`, { type: 'text/csv' });
    const body = new FormData();
    body.append('file', upload, upload.name);
    const query = new URLSearchParams({ dryRun: 'true' });
    if (achievementId) {
      query.set('achievementId', achievementId);
    }
    setSending(true);
    try {
      const batch = await api<Batch>(`/api/v1/batches?${query}`, { method: 'POST', form: body });
      navigate(`/console/batches/${encodeURIComponent(batch.id)}`);
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, {});
      }
    } finally {
      setSending(false);
    }
  };

  const labels = { 'batch-file': t('c.batches.csvFile') };
  return (
    <>
      <PageHead id="upload-title" title={t('c.batches.uploadTitle')}>
        <Link to="/console/batches">{t('c.batches.back')}</Link>
      </PageHead>
      <p className="lead">{t('c.batches.columnsHelp')}</p>
      <ErrorSummary errors={form.errors} detail={form.detail} labels={labels} focusKey={form.focusKey} />
      {achievements.error ? <LoadError error={achievements.error} /> : null}
      <form className="panel" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="batch-file">{t('c.batches.csvFile')}</label>
          <p className="hint" id="batch-file-hint">
            {t('c.batches.csvFileHint')}
          </p>
          <input
            id="batch-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={
              form.errors['batch-file'] ? 'batch-file-hint batch-file-error' : 'batch-file-hint'
            }
            aria-invalid={form.errors['batch-file'] ? true : undefined}
            onChange={(event) => setFile(event.currentTarget.files?.[0])}
          />
          {form.errors['batch-file'] ? (
            <p className="field-error" id="batch-file-error">
              {form.errors['batch-file']}
            </p>
          ) : null}
        </div>
        <TextArea
          id="batch-paste"
          label={t('c.batches.paste')}
          hint={t('c.batches.pasteHint')}
          rows={6}
          value={pasted}
          onChange={setPasted}
        />
        <SelectField
          id="batch-achievement"
          label={t('c.batches.defaultAchievement')}
          hint={t('c.batches.defaultAchievementHint')}
          value={achievementId}
          onChange={setAchievementId}
          options={[
            { value: '', label: t('c.batches.noDefault') },
            ...(achievements.data?.items ?? []).map((entry) => ({ value: entry.id, label: entry.name })),
          ]}
        />
        <button type="submit" className="button" disabled={sending}>
          {t('c.batches.check')}
        </button>
        {sending ? (
          <p className="note" role="status">
            {t('c.batches.checking')}
          </p>
        ) : null}
      </form>
    </>
  );
}
