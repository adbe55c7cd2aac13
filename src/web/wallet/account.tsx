/** Account and privacy: identities (addresses, DIDs), portfolio, merge, password, export, delete. */
import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { usePageTitle } from '../console/router.js';
import { TextArea, TextField } from '../console/ui.js';
import { ConnectedApps } from './connected-apps.js';
import { useMe, useWallet, walletApi } from './session.js';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function useAction() {
  const [message, setMessage] = useState<{ text: string; error?: boolean } | undefined>();
  const run = async (work: () => Promise<string | undefined>) => {
    try {
      const text = await work();
      setMessage(text ? { text } : undefined);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  const view = message ? (
    <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'note'}>
      {message.text}
    </p>
  ) : null;
  return { run, view };
}

function Identities() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useWallet();
  const [email, setEmail] = useState('');
  const [did, setDid] = useState('');
  const [challenge, setChallenge] = useState<
    { did: string; challenge: string; domain: string } | undefined
  >();
  const [presentation, setPresentation] = useState('');
  const action = useAction();
  return (
    <Section id="wallet-identities" title={t('w.account.identities')}>
      <p className="note">{t('w.account.identitiesLead')}</p>
      <ul>
        {me.identities.map((identity) => (
          <li key={identity.id}>
            <span className="mono">{identity.value}</span>{' '}
            <button
              type="button"
              className="button secondary small"
              aria-label={`${t('w.account.remove')} ${identity.value}`}
              onClick={() =>
                void action.run(async () => {
                  await walletApi(`/api/v1/wallet/identities/${encodeURIComponent(identity.id)}`, {
                    method: 'DELETE',
                  });
                  await refresh();
                  return undefined;
                })
              }
            >
              {t('w.account.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void action.run(async () => {
            await walletApi('/api/v1/wallet/identities/email', {
              method: 'POST',
              body: { email: email.trim() },
            });
            return t('w.account.emailSent', { email: email.trim() });
          });
        }}
      >
        <TextField
          id="add-email"
          label={t('w.account.addEmail')}
          type="email"
          value={email}
          onChange={setEmail}
          required
        />
        <button type="submit" className="button secondary">
          {t('w.account.addEmailSubmit')}
        </button>
      </form>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void action.run(async () => {
            if (!challenge) {
              setChallenge(
                await walletApi('/api/v1/wallet/identities/did/challenge', {
                  method: 'POST',
                  body: { did: did.trim() },
                }),
              );
              return undefined;
            }
            const added = await walletApi<{ value: string }>('/api/v1/wallet/identities/did', {
              method: 'POST',
              body: { presentation: JSON.parse(presentation) },
            });
            setChallenge(undefined);
            setPresentation('');
            await refresh();
            return t('w.account.didAdded', { did: added.value });
          });
        }}
      >
        <TextField id="add-did" label={t('w.account.addDid')} value={did} onChange={setDid} required />
        {challenge ? (
          <>
            <p className="note">{t('w.account.didChallenge', challenge)}</p>
            <TextArea
              id="did-presentation"
              label={t('w.account.didPresentation')}
              value={presentation}
              onChange={setPresentation}
              required
            />
          </>
        ) : null}
        <button type="submit" className="button secondary">
          {challenge ? t('w.account.didSubmit') : t('w.account.didStart')}
        </button>
      </form>
      {action.view}
    </Section>
  );
}

function Portfolio() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useWallet();
  const [handle, setHandle] = useState(me.account.handle ?? '');
  const [name, setName] = useState(me.account.displayName ?? '');
  const [isPublic, setPublic] = useState(me.account.portfolioPublic);
  const [pathways, setPathways] = useState(me.account.portfolioPathways);
  const [subjectDid, setSubjectDid] = useState(me.account.subjectDid ?? '');
  const action = useAction();
  const dids = me.identities.filter((identity) => identity.type === 'did');
  return (
    <Section id="wallet-portfolio" title={t('w.account.portfolio')}>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void action.run(async () => {
            await walletApi('/api/v1/wallet/profile', {
              method: 'PATCH',
              body: {
                handle: handle.trim() === '' ? null : handle.trim(),
                displayName: name.trim() === '' ? null : name.trim(),
                portfolioPublic: isPublic,
                portfolioPathways: pathways,
                subjectDid: subjectDid === '' ? null : subjectDid,
              },
            });
            await refresh();
            return t('w.account.saved');
          });
        }}
      >
        <TextField id="portfolio-handle" label={t('w.account.handle')} value={handle} onChange={setHandle} />
        <TextField id="portfolio-name" label={t('w.account.displayName')} value={name} onChange={setName} />
        <div className="field">
          <input
            id="portfolio-public"
            type="checkbox"
            checked={isPublic}
            onChange={(event) => setPublic(event.currentTarget.checked)}
          />{' '}
          <label htmlFor="portfolio-public">{t('w.account.portfolioPublic')}</label>
        </div>
        <div className="field">
          <input
            id="portfolio-pathways"
            type="checkbox"
            checked={pathways}
            onChange={(event) => setPathways(event.currentTarget.checked)}
          />{' '}
          <label htmlFor="portfolio-pathways">{t('w.account.portfolioPathways')}</label>
        </div>
        {dids.length > 0 ? (
          <div className="field">
            <label htmlFor="subject-did">{t('w.account.subjectDid')}</label>
            <select
              id="subject-did"
              value={subjectDid}
              onChange={(event) => setSubjectDid(event.currentTarget.value)}
            >
              <option value="">{t('w.account.subjectNone')}</option>
              {dids.map((identity) => (
                <option key={identity.id} value={identity.value}>
                  {identity.value}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button">
          {t('w.account.save')}
        </button>
        {me.account.portfolioPublic && me.account.handle ? (
          <p>
            <a href={`/u/${encodeURIComponent(me.account.handle)}`}>/u/{me.account.handle}</a>
          </p>
        ) : null}
      </form>
      {action.view}
    </Section>
  );
}

function MergeAndPassword() {
  const { t } = useI18n();
  const me = useMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState('');
  const action = useAction();
  return (
    <Section id="wallet-merge" title={t('w.account.merge')}>
      <p className="note">{t('w.account.mergeLead')}</p>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void action.run(async () => {
            await walletApi('/api/v1/wallet/merge/link', { method: 'POST', body: { email: email.trim() } });
            return t('w.account.emailSent', { email: email.trim() });
          });
        }}
      >
        <TextField
          id="merge-email"
          label={t('w.signIn.email')}
          type="email"
          value={email}
          onChange={setEmail}
          required
        />
        <button type="submit" className="button secondary">
          {t('w.account.mergeSubmit')}
        </button>
      </form>
      <h2>{t('w.account.password')}</h2>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void action.run(async () => {
            await walletApi('/api/v1/wallet/password', {
              method: 'PUT',
              body: { password, ...(me.account.hasPassword ? { currentPassword: current } : {}) },
            });
            setPassword('');
            setCurrent('');
            return t('w.account.saved');
          });
        }}
      >
        {me.account.hasPassword ? (
          <TextField
            id="current-password"
            label={t('w.account.currentPassword')}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            required
          />
        ) : null}
        <TextField
          id="new-password"
          label={t('w.account.newPassword')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          required
        />
        <button type="submit" className="button secondary">
          {t('w.account.setPassword')}
        </button>
      </form>
      {action.view}
    </Section>
  );
}

function Data() {
  const { t } = useI18n();
  const { signOut } = useWallet();
  const action = useAction();
  return (
    <Section id="wallet-data" title={t('w.account.data')}>
      <p>
        <a className="button secondary" href="/api/v1/wallet/export" download>
          {t('w.account.export')}
        </a>
      </p>
      <p className="note">{t('w.account.deleteLead')}</p>
      <button
        type="button"
        className="button danger"
        onClick={() =>
          void action.run(async () => {
            if (!window.confirm(t('w.account.deleteConfirm'))) {
              return undefined;
            }
            await walletApi('/api/v1/wallet/account', { method: 'DELETE' });
            await signOut().catch(() => undefined);
            window.location.assign('/wallet');
            return undefined;
          })
        }
      >
        {t('w.account.delete')}
      </button>
      {action.view}
    </Section>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  usePageTitle(t('w.account.title'), 'wallet-account-title');
  return (
    <>
      <h1 id="wallet-account-title" tabIndex={-1}>
        {t('w.account.title')}
      </h1>
      <Identities />
      <Portfolio />
      <ConnectedApps />
      <MergeAndPassword />
      <Data />
    </>
  );
}
