/**
 * The verification panel: runs the core verifier in the browser on a credential and shows its checks —
 * format, signature, issuer, validity, status — with the verdict. Progress and the verdict are announced
 * in a live region. On the server (no verifier) it renders the checks as "waiting".
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CheckStatus, VerificationReport } from '../core/verification/report.js';
import type { MessageKey } from '../i18n/index.js';
import { useI18n } from './i18n-context.js';
import { useVerifier, type VerificationStage } from './verifier-context.js';

export type VerificationSource = { kind: 'url'; url: string } | { kind: 'text'; text: string };

type RowName = 'format' | 'signature' | 'issuer' | 'recipient' | 'validity' | 'status' | 'embedded';
type Row = { name: RowName; status: CheckStatus | 'waiting' | 'checking'; details: string[] };

const ROWS: RowName[] = ['format', 'signature', 'issuer', 'validity', 'status'];

const ROW_OF_CHECK: Record<string, RowName> = {
  format: 'format',
  context: 'format',
  schema: 'format',
  'jwt-claims': 'format',
  proof: 'signature',
  issuer: 'issuer',
  // Open Badges 2.0: a hosted assertion is vouched for by the issuer's server, a signed one by its JWS.
  verification: 'format',
  hosted: 'signature',
  signature: 'signature',
  badge: 'issuer',
  recipient: 'recipient',
  validity: 'validity',
  status: 'status',
  embedded: 'embedded',
};

const STAGES: VerificationStage[] = ['format', 'key', 'status', 'done'];

/** The stage during which the verifier works on a row's checks. */
const STAGE_OF_ROW: Record<RowName, VerificationStage> = {
  format: 'format',
  signature: 'key',
  issuer: 'key',
  recipient: 'status',
  validity: 'status',
  status: 'status',
  embedded: 'status',
};

/** A row's status is its worst check's: failed, then unknown, then passed. */
export function rowsOf(report: Pick<VerificationReport, 'checks'>): Row[] {
  const rows = new Map<RowName, Row>();
  for (const name of ROWS) {
    rows.set(name, { name, status: 'waiting', details: [] });
  }
  for (const check of report.checks) {
    const name = ROW_OF_CHECK[check.check] ?? 'format';
    const row = rows.get(name) ?? { name, status: 'waiting', details: [] };
    const rank = { waiting: 0, checking: 0, passed: 1, unknown: 2, failed: 3 };
    if (rank[check.status] > rank[row.status]) {
      row.status = check.status;
    }
    row.details.push(check.detail);
    rows.set(name, row);
  }
  // A check the verifier never reached (the input was not a credential at all) cannot be called passed.
  return [...rows.values()].map((row) => (row.status === 'waiting' ? { ...row, status: 'unknown' } : row));
}

type State =
  | { phase: 'idle' }
  | { phase: 'running'; stage: VerificationStage }
  | { phase: 'done'; report: VerificationReport; at: Date }
  | { phase: 'error'; message: string };

const VERDICT_TONE: Record<string, 'good' | 'bad' | 'warn'> = {
  valid: 'good',
  tampered: 'bad',
  invalid: 'bad',
  revoked: 'bad',
  suspended: 'warn',
  expired: 'warn',
  'not-yet-valid': 'warn',
  unknown: 'warn',
};

const STATUS_ICON: Record<Row['status'], string> = {
  waiting: '○',
  checking: '…',
  passed: '✓',
  failed: '✗',
  unknown: '?',
};

export function VerificationPanel({
  source,
  headingLevel = 2,
  onReport,
  id,
}: {
  source: VerificationSource | undefined;
  headingLevel?: 2 | 3;
  onReport?: (report: VerificationReport | undefined) => void;
  /** The section's id, for links to it. */
  id?: string;
}) {
  const { t, dateTime } = useI18n();
  const verifier = useVerifier();
  const headingId = useId();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const run = useRef(0);

  const sourceRef = useRef(source);
  sourceRef.current = source;
  const onReportRef = useRef(onReport);
  onReportRef.current = onReport;
  const sourceKey = source ? `${source.kind}:${source.kind === 'url' ? source.url : source.text}` : '';

  const start = useCallback(async () => {
    const input = sourceRef.current;
    if (!verifier || !input) {
      return;
    }
    const mine = ++run.current;
    const mineStill = () => run.current === mine;
    const current = (update: State) => {
      if (mineStill()) {
        setState(update);
      }
    };
    current({ phase: 'running', stage: 'format' });
    try {
      const text = input.kind === 'url' ? await verifier.fetchCredential(input.url) : input.text;
      const report = await verifier.verify(text, (stage) => current({ phase: 'running', stage }));
      current({ phase: 'done', report, at: new Date() });
      if (mineStill()) {
        onReportRef.current?.(report);
      }
    } catch (error) {
      current({ phase: 'error', message: (error as Error).message || String(error) });
      if (mineStill()) {
        onReportRef.current?.(undefined);
      }
    }
  }, [verifier]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new source (by value) starts a new check
  useEffect(() => {
    void start();
  }, [start, sourceKey]);

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  let rows: Row[];
  if (state.phase === 'done') {
    rows = rowsOf(state.report);
  } else {
    const reached = state.phase === 'running' ? STAGES.indexOf(state.stage) : -1;
    rows = ROWS.map((name) => ({
      name,
      status: STAGES.indexOf(STAGE_OF_ROW[name]) <= reached ? 'checking' : 'waiting',
      details: [],
    }));
  }

  let announcement = '';
  let verdictLine: { tone: 'good' | 'bad' | 'warn' | 'neutral'; title: string; text?: string };
  if (state.phase === 'done') {
    const { report } = state;
    const tone = VERDICT_TONE[report.verdict] ?? 'warn';
    const firstProblem = report.checks.find((check) => check.status !== 'passed');
    verdictLine = {
      tone,
      title: t(`verdict.${report.verdict}` as MessageKey),
      ...(report.verified
        ? { text: t('verify.verifiedAt', { time: dateTime(state.at) }) }
        : firstProblem
          ? { text: t('verify.reason', { reason: firstProblem.detail }) }
          : {}),
    };
    announcement = `${verdictLine.title}. ${verdictLine.text ?? ''}`;
  } else if (state.phase === 'error') {
    verdictLine = { tone: 'bad', title: t('verify.error'), text: state.message };
    announcement = `${verdictLine.title}. ${state.message}`;
  } else if (state.phase === 'running') {
    verdictLine = { tone: 'neutral', title: t(`verify.stage.${state.stage}` as MessageKey) };
    announcement = verdictLine.title;
  } else {
    verdictLine = { tone: 'neutral', title: source ? t('verify.waiting') : t('verify.nothingYet') };
  }

  return (
    <section className="panel verification" id={id} aria-labelledby={headingId} data-phase={state.phase}>
      <Heading id={headingId}>{t('verify.panelTitle')}</Heading>
      <div className={`verdict verdict-${verdictLine.tone}`} data-testid="verdict">
        <p className="verdict-title">{verdictLine.title}</p>
        {verdictLine.text ? <p className="verdict-text">{verdictLine.text}</p> : null}
      </div>
      <ol className="checks">
        {rows.map((row) => (
          <li key={row.name} className={`check check-${row.status}`} data-check={row.name}>
            <span className="check-icon" aria-hidden="true">
              {STATUS_ICON[row.status]}
            </span>
            <span className="check-name">{t(`check.${row.name}` as MessageKey)}</span>
            <span className="check-status">{t(`checkStatus.${row.status}` as MessageKey)}</span>
            {row.details.length > 0 ? (
              <ul className="check-details">
                {row.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {state.phase === 'done' && state.report.warnings.length > 0 ? (
        <div className="warnings">
          <p>{t('verify.warnings')}</p>
          <ul>
            {state.report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="note">{t('verify.howItWorks')}</p>
      {verifier && source && (state.phase === 'done' || state.phase === 'error') ? (
        <button type="button" className="button secondary" onClick={() => void start()}>
          {t('verify.again')}
        </button>
      ) : null}
      <noscript>
        <p className="note">{t('verify.noscript')}</p>
      </noscript>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </section>
  );
}
