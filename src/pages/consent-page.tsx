/**
 * `/ims/ob/v3p0/auth/authorize`: the learner's consent to an app that asks to use their wallet through
 * the Open Badges 3.0 API (docs/ob-api.md). It names the app as it registered itself (its logo is a URL
 * the browser may show; the server never fetches it) and says each scope in plain words. Allow and Deny
 * post the form back with its consent token. Works without JavaScript.
 */

import { SCOPE_LABEL_KEYS } from '../core/ob-api/scopes.js';
import type { MessageKey } from '../i18n/index.js';
import { useI18n } from './i18n-context.js';
import { PublicLayout } from './layout.js';

export type ConsentPageProps = {
  path: string;
  /** `ask`: the question; `error`: a request that cannot be used (never redirected to the app). */
  state: 'ask' | 'error';
  reason?: 'unknown-client' | 'bad-redirect-uri' | 'expired';
  action?: string;
  client?: { name: string; uri: string; logoUri: string; policyUri: string; tosUri: string };
  redirectHost?: string;
  signedInAs?: string;
  scopes?: string[];
  /** The hidden fields the decision posts back. */
  fields?: Record<string, string>;
};

export function ConsentPage(props: ConsentPageProps) {
  const { t } = useI18n();
  const { path, client } = props;
  if (props.state === 'error' || !client) {
    return (
      <PublicLayout path={path}>
        <h1>{t('consent.errorTitle')}</h1>
        <p role="alert">{t(`consent.error.${props.reason ?? 'expired'}` as MessageKey)}</p>
      </PublicLayout>
    );
  }
  const name = client.name;
  return (
    <PublicLayout path={path}>
      <div className="consent">
        <img
          className="consent-logo"
          src={client.logoUri}
          alt={t('consent.logoAlt', { client: name })}
          width={64}
          height={64}
        />
        <h1>{t('consent.title', { client: name })}</h1>
        <p>{t('consent.signedInAs', { who: props.signedInAs ?? '' })}</p>
        <p>
          {t('consent.clientSite')}{' '}
          <a href={client.uri} rel="noopener noreferrer">
            {client.uri}
          </a>
        </p>
        <h2 id="consent-scopes">{t('consent.wants', { client: name })}</h2>
        <ul aria-labelledby="consent-scopes">
          {(props.scopes ?? []).map((scope) => (
            <li key={scope}>
              {SCOPE_LABEL_KEYS[scope as keyof typeof SCOPE_LABEL_KEYS]
                ? t(SCOPE_LABEL_KEYS[scope as keyof typeof SCOPE_LABEL_KEYS] as MessageKey)
                : scope}
            </li>
          ))}
        </ul>
        <p>{t('consent.policies', { client: name })}</p>
        <ul>
          <li>
            <a href={client.policyUri} rel="noopener noreferrer">
              {t('consent.privacy', { client: name })}
            </a>
          </li>
          <li>
            <a href={client.tosUri} rel="noopener noreferrer">
              {t('consent.terms', { client: name })}
            </a>
          </li>
        </ul>
        <p>{t('consent.redirect', { host: props.redirectHost ?? '' })}</p>
        <p className="note">{t('consent.revokeLater')}</p>
        <form method="post" action={props.action}>
          {Object.entries(props.fields ?? {}).map(([field, value]) => (
            <input key={field} type="hidden" name={field} value={value} />
          ))}
          <div className="actions">
            <button type="submit" name="decision" value="allow" className="button">
              {t('consent.allow')}
            </button>{' '}
            <button type="submit" name="decision" value="deny" className="button secondary">
              {t('consent.deny')}
            </button>
          </div>
        </form>
      </div>
    </PublicLayout>
  );
}
