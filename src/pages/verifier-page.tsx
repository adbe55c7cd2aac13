/**
 * `/verify`: drop or choose a file (JSON, JWT, baked PNG or SVG), or paste a credential or a link to
 * one. Everything is checked in the browser; a link on another server is fetched through Cairn's
 * SSRF-guarded fetch, which only carries the bytes (the verdict is still reached here).
 */
import { type DragEvent, type FormEvent, useId, useState } from 'react';
import type { VerificationReport } from '../core/verification/report.js';
import type { MessageKey } from '../i18n/index.js';
import { summarizeCredential } from './credential-model.js';
import { CredentialView } from './credential-view.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';
import { VerificationPanel, type VerificationSource } from './verification-panel.js';
import { useVerifier } from './verifier-context.js';

export type VerifierPageProps = {
  path: string;
  publicUrl: string;
  /** `/verify?url=…`: a link to verify at once. */
  initialUrl?: string;
};

const ACCEPT =
  '.json,.jsonld,.jwt,.txt,.png,.svg,.pdf,application/json,application/ld+json,text/plain,image/png,image/svg+xml,application/pdf';

/** What a file that could not be read becomes in words (codes from the browser verifier's ReadError). */
const READ_ERRORS = {
  'not-a-credential': 'verifier.error.notCredential',
  'no-credential': 'verifier.error.noCredential',
  'bad-image': 'verifier.error.badImage',
} as const satisfies Record<string, MessageKey>;

function isLink(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim());
}

export function VerifierPage({ path, publicUrl, initialUrl }: VerifierPageProps) {
  const { t } = useI18n();
  const verifier = useVerifier();
  const pasteId = useId();
  const fileId = useId();
  const [source, setSource] = useState<VerificationSource | undefined>(
    initialUrl ? { kind: 'url', url: initialUrl } : undefined,
  );
  const [origin, setOrigin] = useState<string | undefined>(undefined);
  const [pasted, setPasted] = useState(initialUrl ?? '');
  const [inputError, setInputError] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<VerificationReport | undefined>(undefined);
  const [dragging, setDragging] = useState(false);

  const begin = (next: VerificationSource, from: string) => {
    setReport(undefined);
    setInputError(undefined);
    setOrigin(from);
    setSource(next);
  };

  const readFile = async (file: File | undefined) => {
    if (!file || !verifier) {
      return;
    }
    try {
      const read = await verifier.readFile(file);
      begin(
        { kind: 'text', text: read.text },
        t(`verifier.from.${read.container}` as MessageKey, { name: file.name }),
      );
    } catch (error) {
      setSource(undefined);
      const code = (error as { code?: string }).code;
      const reason =
        code && code in READ_ERRORS
          ? t(READ_ERRORS[code as keyof typeof READ_ERRORS])
          : (error as Error).message;
      setInputError(t('verifier.unreadable', { name: file.name, reason }));
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    void readFile(event.dataTransfer.files[0]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = pasted.trim();
    if (value === '') {
      setInputError(t('verifier.emptyPaste'));
      return;
    }
    begin(
      isLink(value) ? { kind: 'url', url: value } : { kind: 'text', text: value },
      isLink(value) ? t('verifier.from.link', { url: value }) : t('verifier.from.paste'),
    );
  };

  // What the credential says — only when it says something (not for a file that is no credential at all).
  const summary = report?.credential ? summarizeCredential(report.credential) : undefined;
  const claims = summary && (summary.name !== '' || summary.issuer.name !== '') ? summary : undefined;

  return (
    <PublicLayout path={path}>
      <h1>{t('verifier.title')}</h1>
      <p className="lead">{t('verifier.lead')}</p>
      <div className="verify-inputs">
        <section
          aria-labelledby={`${fileId}-title`}
          className={`dropzone${dragging ? ' dragging' : ''}`}
          data-testid="dropzone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p className="dropzone-title" id={`${fileId}-title`}>
            {t('verifier.drop')}
          </p>
          <label htmlFor={fileId}>{t('verifier.choose')}</label>
          <input
            id={fileId}
            type="file"
            accept={ACCEPT}
            disabled={!verifier}
            onChange={(event) => void readFile(event.currentTarget.files?.[0])}
          />
          <p className="hint">{t('verifier.formats')}</p>
        </section>
        <form className="paste-form" onSubmit={onSubmit} noValidate>
          <label htmlFor={pasteId}>{t('verifier.pasteLabel')}</label>
          <textarea
            id={pasteId}
            rows={6}
            spellCheck={false}
            value={pasted}
            onChange={(event) => setPasted(event.currentTarget.value)}
            aria-describedby={`${pasteId}-hint`}
          />
          <p className="hint" id={`${pasteId}-hint`}>
            {t('verifier.pasteHint')}
          </p>
          <button type="submit" className="button" disabled={!verifier}>
            {t('verifier.submit')}
          </button>
        </form>
      </div>
      {inputError ? (
        <p className="notice notice-bad" role="alert">
          {inputError}
        </p>
      ) : null}
      {source ? (
        <div className="verify-result">
          {origin ? <p className="note">{origin}</p> : null}
          <VerificationPanel source={source} onReport={setReport} />
          {claims ? (
            <section className="claims" aria-labelledby="claims-title">
              <h2 id="claims-title">
                {report?.verified ? t('verifier.contents') : t('verifier.contentsUnverified')}
              </h2>
              {report?.verified ? null : <p className="notice notice-warn">{t('verifier.untrusted')}</p>}
              <CredentialView summary={claims} publicUrl={publicUrl} headingLevel={3} />
            </section>
          ) : null}
        </div>
      ) : null}
    </PublicLayout>
  );
}
