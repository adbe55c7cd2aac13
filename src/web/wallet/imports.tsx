/** Importing credentials (file, link or pasted text), each shown with the verdict it got on import. */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { usePageTitle } from '../console/router.js';
import { EmptyState, LoadError, TextArea, TextField } from '../console/ui.js';
import { PAGE_SIZE } from './credentials.js';
import { walletApi } from './session.js';
import { LoadMore, usePagedList } from './use-paged-list.js';

type Imported = {
  id: string;
  container: string;
  verified: boolean;
  verdict: string;
  name: string | null;
  issuerName: string | null;
  importedAt: string;
};

export function ImportsPage() {
  const { t, date } = useI18n();
  usePageTitle(t('w.imports.title'), 'wallet-imports-title');
  const list = usePagedList<Imported>('/api/v1/wallet/imports', PAGE_SIZE);
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file && url.trim() === '' && text.trim() === '') {
      setMessage({ text: t('w.imports.nothing'), error: true });
      return;
    }
    setBusy(true);
    try {
      let made: Imported;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        made = await walletApi<Imported>('/api/v1/wallet/imports', { method: 'POST', form });
      } else {
        made = await walletApi<Imported>('/api/v1/wallet/imports', {
          method: 'POST',
          body: url.trim() !== '' ? { url: url.trim() } : { text },
        });
      }
      setMessage({
        text: `${made.name ?? t('w.imports.unnamed')}: ${made.verified ? t('w.imports.verified') : t('w.imports.notVerified', { verdict: made.verdict })}`,
      });
      setUrl('');
      setText('');
      setFile(undefined);
      list.reload();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (item: Imported) => {
    if (!window.confirm(t('w.imports.deleteConfirm', { name: item.name ?? t('w.imports.unnamed') }))) {
      return;
    }
    await walletApi(`/api/v1/wallet/imports/${encodeURIComponent(item.id)}`, { method: 'DELETE' });
    list.reload();
  };

  return (
    <>
      <h1 id="wallet-imports-title" tabIndex={-1}>
        {t('w.imports.title')}
      </h1>
      <p className="note">{t('w.imports.lead')}</p>
      <form className="panel" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="import-file">{t('w.imports.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".json,.jwt,.png,.svg,.pdf,application/json,image/png,image/svg+xml,application/pdf"
            onChange={(event) => setFile(event.currentTarget.files?.[0])}
          />
        </div>
        <TextField id="import-url" label={t('w.imports.url')} type="url" value={url} onChange={setUrl} />
        <TextArea id="import-text" label={t('w.imports.text')} value={text} onChange={setText} rows={5} />
        <button type="submit" className="button" disabled={busy}>
          {t('w.imports.submit')}
        </button>
        {message ? (
          <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'note'}>
            {message.text}
          </p>
        ) : null}
      </form>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && list.data.items.length === 0 ? (
        <EmptyState title={t('w.imports.title')}>
          <p>{t('w.imports.empty')}</p>
        </EmptyState>
      ) : null}
      <ul className="card-grid">
        {list.items.map((item) => (
          <li key={item.id} className="card">
            <div>
              <h2 className="card-title">{item.name ?? t('w.imports.unnamed')}</h2>
              {item.issuerName ? <p>{t('w.card.issuedBy', { issuer: item.issuerName })}</p> : null}
              <p className={item.verified ? 'note' : 'error'}>
                {item.verified
                  ? t('w.imports.verified')
                  : t('w.imports.notVerified', { verdict: item.verdict })}{' '}
                · {item.container.toUpperCase()} ·{' '}
                <time dateTime={item.importedAt}>{date(item.importedAt)}</time>
              </p>
              <button type="button" className="button danger small" onClick={() => void remove(item)}>
                {t('w.imports.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
    </>
  );
}
