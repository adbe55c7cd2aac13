/**
 * `/claim/{token}`: the page the "credential issued" e-mail links to. It shows the credential and offers
 * "add to my wallet" (signed in) or "send me a sign-in link" (not signed in); only that click uses the
 * link (POST /api/v1/wallet/claims), so a mail scanner that opens the page claims nothing.
 */
import { useState } from 'react';
import { BadgeImage } from './badge-image.js';
import { displayableImage } from './credential-model.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

export type ClaimPageProps = {
  path: string;
  publicUrl: string;
  state: 'ready' | 'used' | 'expired' | 'unknown';
  token?: string;
  email?: string;
  signedIn?: boolean;
  credential?: { name: string; issuerName: string; imageUrl: string; url: string };
};

function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)cairn_wallet_csrf=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function ClaimAction({ token, email, signedIn }: { token: string; email: string; signedIn: boolean }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'added' | 'sent' | { error: string }>('idle');
  const claim = async () => {
    setState('busy');
    const csrf = csrfToken();
    const response = await fetch('/api/v1/wallet/claims', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => undefined)) as
      | { added?: boolean; detail?: string; title?: string }
      | undefined;
    if (!response?.ok) {
      setState({ error: body?.detail ?? body?.title ?? String(response?.status ?? '') });
      return;
    }
    setState(body?.added ? 'added' : 'sent');
  };
  if (state === 'added') {
    return (
      <p role="status" className="note">
        {t('claim.added')} <a href="/wallet">{t('claim.openWallet')}</a>
      </p>
    );
  }
  if (state === 'sent') {
    return (
      <p role="status" className="note">
        {t('claim.linkSent', { email })}
      </p>
    );
  }
  return (
    <div className="claim-action">
      {signedIn ? null : <p>{t('claim.sendLinkNote', { email })}</p>}
      <button type="button" className="button" disabled={state === 'busy'} onClick={() => void claim()}>
        {signedIn ? t('claim.add') : t('claim.sendLink')}
      </button>
      {typeof state === 'object' ? (
        <p role="alert" className="error">
          {t('claim.error', { message: state.error })}
        </p>
      ) : null}
    </div>
  );
}

export function ClaimPage({ path, publicUrl, state, token, email, signedIn, credential }: ClaimPageProps) {
  const { t } = useI18n();
  if (state !== 'ready' || !token || !email || !credential) {
    const title =
      state === 'expired'
        ? 'claim.expired.title'
        : state === 'used'
          ? 'claim.used.title'
          : 'claim.unknown.title';
    const text =
      state === 'expired'
        ? 'claim.expired.text'
        : state === 'used'
          ? 'claim.used.text'
          : 'claim.unknown.text';
    return (
      <PublicLayout path={path}>
        <h1>{t(title)}</h1>
        <p>{t(text)}</p>
        <p>
          <a className="button" href="/wallet">
            {t('claim.signIn')}
          </a>
        </p>
      </PublicLayout>
    );
  }
  return (
    <PublicLayout path={path}>
      <div className="issuer-head">
        <BadgeImage
          src={displayableImage(credential.imageUrl, publicUrl)}
          name={credential.name}
          size="small"
        />
        <div>
          <p className="eyebrow">{t('claim.eyebrow')}</p>
          <h1>{credential.name}</h1>
          <p>{t('claim.issuedBy', { issuer: credential.issuerName })}</p>
        </div>
      </div>
      <p>{t('claim.lead')}</p>
      <ClaimAction token={token} email={email} signedIn={signedIn === true} />
      <p>
        <a className="button secondary" href={credential.url}>
          {t('claim.view')}
        </a>
      </p>
    </PublicLayout>
  );
}
