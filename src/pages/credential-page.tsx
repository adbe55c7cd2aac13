/**
 * `/c/{id}`: a credential's public page. The server renders it whole (content, OpenGraph tags); in the
 * browser the verification panel fetches the credential's own JSON and verifies it there, and the content
 * is then shown from the verified JSON — so what the reader sees is what was signed, whatever the server.
 */
import { useState } from 'react';
import type { VerificationReport } from '../core/verification/report.js';
import type { MessageKey } from '../i18n/index.js';
import { type CredentialSummary, summarizeCredential } from './credential-model.js';
import { CredentialView } from './credential-view.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';
import { VerificationPanel } from './verification-panel.js';

export type Download = { format: 'json' | 'png' | 'svg' | 'pdf'; href: string };

export type CredentialPageProps = {
  path: string;
  publicUrl: string;
  /** The page's canonical URL (what "copy link" copies). */
  pageUrl: string;
  /** The credential's JSON, as a same-origin path the page fetches and verifies. */
  jsonPath: string;
  summary: CredentialSummary;
  /** The badge baked for this credential (as designed), shown in place of the achievement's image. */
  badgePath?: string;
  /** The badge's alt text from the achievement's design. */
  badgeAlt?: string;
  issuerPageUrl?: string;
  /** What the issuer's database says (revocation without a status list is only the issuer's word). */
  serverStatus: 'active' | 'revoked' | 'suspended' | 'expired';
  /** The reason the issuer gave for a revocation or suspension, when it chose to publish it. */
  statusReason?: string;
  downloads: Download[];
  /** The pathways this credential counts toward, and the one it was awarded for. */
  pathways?: {
    partOf: { name: string; url: string }[];
    awardFor: { name: string; url: string; flag: string | null } | null;
  };
};

function chipTone(outcome: { verified: boolean } | 'checking' | 'error'): string {
  if (outcome === 'checking') {
    return 'chip-neutral';
  }
  return outcome !== 'error' && outcome.verified ? 'chip-good' : 'chip-bad';
}

export function CredentialPage(props: CredentialPageProps) {
  const { t } = useI18n();
  const [summary, setSummary] = useState<CredentialSummary>(props.summary);
  const [fromVerified, setFromVerified] = useState(false);
  const [outcome, setOutcome] = useState<{ verified: boolean; verdict: string } | 'checking' | 'error'>(
    'checking',
  );
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  const onReport = (report: VerificationReport | undefined) => {
    setOutcome(report ? { verified: report.verified, verdict: report.verdict } : 'error');
    if (report?.credential) {
      setSummary(summarizeCredential(report.credential));
      setFromVerified(report.verified);
    }
  };

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(props.pageUrl);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <PublicLayout path={props.path}>
      <div className="credential-layout">
        <div className="credential-main">
          {props.serverStatus !== 'active' ? (
            <p className="notice notice-warn">
              {props.statusReason
                ? `${t(`serverStatus.${props.serverStatus}` as MessageKey)} ${t('serverStatus.reason', { reason: props.statusReason })}`
                : t(`serverStatus.${props.serverStatus}` as MessageKey)}
            </p>
          ) : null}
          <p className={`verdict-chip ${chipTone(outcome)}`}>
            <a href="#verification">
              {outcome === 'checking'
                ? t('credential.chip.checking')
                : outcome === 'error'
                  ? t('verify.error')
                  : outcome.verified
                    ? t('credential.chip.verified')
                    : t(`verdict.${outcome.verdict}` as MessageKey)}
            </a>
          </p>
          <CredentialView
            summary={summary}
            publicUrl={props.publicUrl}
            issuerPageUrl={props.issuerPageUrl}
            badgeSrc={props.badgePath}
            badgeAlt={props.badgeAlt}
          />
          {fromVerified ? <p className="note">{t('credential.shownFromVerified')}</p> : null}
          <PathwaysSection pathways={props.pathways} />
        </div>
        <aside className="credential-side" aria-label={t('credential.sideLabel')}>
          <VerificationPanel
            id="verification"
            source={{ kind: 'url', url: props.jsonPath }}
            onReport={onReport}
          />
          <section className="panel actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{t('credential.share')}</h2>
            <div className="action-row">
              <button type="button" className="button" onClick={() => void copyLink()}>
                {t('credential.copyLink')}
              </button>
              {props.downloads.map((download) => (
                <a key={download.format} className="button secondary" href={download.href} download="">
                  {t(`credential.download.${download.format}` as MessageKey)}
                </a>
              ))}
            </div>
            <p className="copy-url mono">{props.pageUrl}</p>
            <p className="note" role="status">
              {copied === 'copied'
                ? t('credential.copied')
                : copied === 'failed'
                  ? t('credential.copyFailed')
                  : ''}
            </p>
          </section>
        </aside>
      </div>
    </PublicLayout>
  );
}

function PathwaysSection({ pathways }: { pathways: CredentialPageProps['pathways'] }) {
  const { t } = useI18n();
  if (!pathways || (pathways.partOf.length === 0 && !pathways.awardFor)) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="pathways-title">
      <h2 id="pathways-title">{t('credential.pathways.title')}</h2>
      {pathways.awardFor?.flag ? (
        <p className="notice notice-warn" role="alert">
          {t('credential.pathways.flagged', { reason: pathways.awardFor.flag })}
        </p>
      ) : null}
      {pathways.awardFor ? (
        <p>
          {t('credential.pathways.awardedFor')} <a href={pathways.awardFor.url}>{pathways.awardFor.name}</a>
        </p>
      ) : null}
      {pathways.partOf.length > 0 ? (
        <>
          <p>{t('credential.pathways.partOf')}</p>
          <ul>
            {pathways.partOf.map((pathway) => (
              <li key={pathway.url}>
                <a href={pathway.url}>{pathway.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
