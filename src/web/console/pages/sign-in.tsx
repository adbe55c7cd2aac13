import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { ApiError } from '../api.js';
import { usePageTitle } from '../router.js';
import { useSession } from '../session.js';
import { ErrorSummary, TextField, useFormErrors } from '../ui.js';

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  usePageTitle(t('c.signIn.title'), 'sign-in-title');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(() => ({
    'sign-in-email': email.trim() === '' ? t('c.signIn.emailMissing') : undefined,
    'sign-in-password': password === '' ? t('c.signIn.passwordMissing') : undefined,
  }));
  const { errors } = form;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    setBusy(true);
    try {
      await signIn(email.trim(), password);
    } catch (error) {
      form.setDetail(
        error instanceof ApiError && error.code === 'INVALID_CREDENTIALS'
          ? t('c.signIn.wrong')
          : error instanceof ApiError && error.code === 'RATE_LIMITED'
            ? t('c.signIn.rateLimited')
            : (error as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h1 id="sign-in-title" tabIndex={-1}>
        {t('c.signIn.title')}
      </h1>
      <p className="note">{t('c.signIn.lead')}</p>
      <ErrorSummary
        errors={errors}
        detail={form.detail}
        focusKey={form.focusKey}
        labels={{ 'sign-in-email': t('c.signIn.email'), 'sign-in-password': t('c.signIn.password') }}
      />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="sign-in-email"
          label={t('c.signIn.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
          error={errors['sign-in-email']}
        />
        <TextField
          id="sign-in-password"
          label={t('c.signIn.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={errors['sign-in-password']}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('c.signIn.busy') : t('c.signIn.submit')}
        </button>
      </form>
      <p className="hint">{t('c.signIn.demoHint')}</p>
    </div>
  );
}
