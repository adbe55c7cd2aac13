/** Issue one credential: the achievement, the learner (e-mail and/or DID), optional evidence and expiry. */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, type IssuedCredential, type Page } from '../api.js';
import { Link, useLocation, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization } from '../session.js';
import {
  EmptyState,
  ErrorSummary,
  type FieldErrors,
  LoadError,
  Loading,
  PageHead,
  SelectField,
  TextArea,
  TextField,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

const FIELDS: Record<string, string> = {
  achievementId: 'issue-achievement',
  'recipient.email': 'issue-email',
  'recipient.did': 'issue-did',
  'recipient.name': 'issue-name',
  recipient: 'issue-email',
  'evidence.0.id': 'issue-evidence-url',
  'evidence.0.narrative': 'issue-evidence',
  evidence: 'issue-evidence-url',
  validUntil: 'issue-valid-until',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export function IssuePage() {
  const { t, date } = useI18n();
  const organization = useOrganization();
  const { search } = useLocation();
  usePageTitle(t('c.issue.title'), 'issue-title');
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?status=active&limit=200');
  const [achievementId, setAchievementId] = useState(search.get('achievementId') ?? '');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [did, setDid] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [evidence, setEvidence] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCredential | undefined>();
  // One key per attempt: a double submit (or a retry after a lost answer) returns the same credential.
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);

  const options = achievements.data?.items ?? [];
  // Without the achievements API on this server, the achievement is named by its id.
  const byId = achievements.error?.isMissingRoute === true;
  const chosen = achievementId.trim() || options[0]?.id || '';
  const labels = {
    'issue-achievement': t('c.issue.achievement'),
    'issue-email': t('c.issue.email'),
    'issue-name': t('c.issue.name'),
    'issue-did': t('c.issue.did'),
    'issue-evidence-url': t('c.issue.evidenceUrl'),
    'issue-evidence': t('c.issue.evidence'),
    'issue-valid-until': t('c.issue.validUntil'),
  };

  const form = useFormErrors(() => {
    const found: FieldErrors = {};
    if (!chosen) {
      found['issue-achievement'] = t('c.issue.chooseAchievement');
    }
    if (!email.trim() && !did.trim()) {
      found['issue-email'] = t('c.issue.needRecipient');
    } else if (email.trim() && !EMAIL.test(email.trim())) {
      found['issue-email'] = t('c.form.email');
    }
    if (did.trim() && !/^did:[a-z0-9]+:.+$/.test(did.trim())) {
      found['issue-did'] = t('c.issue.didInvalid');
    }
    if (evidenceUrl.trim() && !/^https?:\/\/\S+$/.test(evidenceUrl.trim())) {
      found['issue-evidence-url'] = t('c.form.url');
    }
    if (validUntil && new Date(`${validUntil}T23:59:59Z`) <= new Date()) {
      found['issue-valid-until'] = t('c.issue.validUntilPast');
    }
    return found;
  });
  const { errors, detail } = form;

  if (!roleAtLeast(organization.role, 'issuer')) {
    return (
      <>
        <PageHead id="issue-title" title={t('c.issue.title')} />
        <p className="notice notice-info">{t('c.issue.viewerOnly')}</p>
      </>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) {
      return;
    }
    setBusy(true);
    try {
      const credential = await api<IssuedCredential>('/api/v1/credentials', {
        method: 'POST',
        body: {
          achievementId: chosen,
          recipient: {
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(did.trim() ? { did: did.trim() } : {}),
            ...(name.trim() ? { name: name.trim() } : {}),
          },
          ...(evidenceUrl.trim() || evidence.trim()
            ? {
                evidence: [
                  {
                    ...(evidenceUrl.trim() ? { id: evidenceUrl.trim() } : {}),
                    ...(evidence.trim() ? { narrative: evidence.trim() } : {}),
                  },
                ],
              }
            : {}),
          ...(validUntil ? { validUntil: `${validUntil}T23:59:59Z` } : {}),
          idempotencyKey,
        },
      });
      setIssued(credential);
    } catch (error) {
      if (error instanceof ApiError) {
        form.fromServer(error, FIELDS);
      } else {
        form.setDetail(String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setIssued(undefined);
    form.reset();
    setEmail('');
    setName('');
    setDid('');
    setEvidence('');
    setEvidenceUrl('');
    setValidUntil('');
    setIdempotencyKey(newKey());
    window.setTimeout(() => document.getElementById('issue-email')?.focus(), 0);
  };

  if (issued) {
    const achievementName = options.find((option) => option.id === issued.achievementId)?.name ?? '';
    return (
      <>
        <PageHead id="issue-title" title={t('c.issue.title')} />
        <div className="notice notice-good" role="status">
          <p>
            <strong>{t('c.issue.done', { achievement: achievementName })}</strong>
          </p>
          <p>
            {t('c.issue.doneTo', {
              recipient: issued.recipient.email ?? issued.recipient.did ?? '',
              date: date(issued.issuedAt),
            })}
          </p>
        </div>
        <div className="action-row">
          <a className="button" href={`/c/${encodeURIComponent(issued.id)}`}>
            {t('c.issue.openPage')}
          </a>
          <Link className="button secondary" to={`/console/credentials/${encodeURIComponent(issued.id)}`}>
            {t('c.issue.details')}
          </Link>
          <button type="button" className="button secondary" onClick={again}>
            {t('c.issue.another')}
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHead id="issue-title" title={t('c.issue.title')} />
      <p className="lead">{t('c.issue.lead')}</p>
      {achievements.error && !byId ? (
        <LoadError error={achievements.error} feature="c.feature.achievements" />
      ) : null}
      {achievements.loading && !achievements.data ? <Loading /> : null}
      {achievements.data && options.length === 0 ? (
        <EmptyState title={t('c.issue.noAchievementsTitle')}>
          <p>{t('c.issue.noAchievements')}</p>
          <Link className="button" to="/console/achievements/new">
            {t('c.achievements.new')}
          </Link>
        </EmptyState>
      ) : null}
      {options.length > 0 || byId ? (
        <>
          <ErrorSummary errors={errors} detail={detail} labels={labels} focusKey={form.focusKey} />
          <form
            className="panel"
            onSubmit={(event) => void submit(event)}
            noValidate
            aria-labelledby="issue-title"
          >
            {byId ? (
              <TextField
                id="issue-achievement"
                label={t('c.issue.achievementId')}
                hint={t('c.issue.achievementIdHint')}
                required
                value={achievementId}
                onChange={setAchievementId}
                error={errors['issue-achievement']}
              />
            ) : (
              <SelectField
                id="issue-achievement"
                label={labels['issue-achievement']}
                required
                value={chosen}
                onChange={setAchievementId}
                options={options.map((option) => ({ value: option.id, label: option.name }))}
                error={errors['issue-achievement']}
              />
            )}
            <fieldset>
              <legend>{t('c.issue.recipient')}</legend>
              <p className="hint">{t('c.issue.recipientHint')}</p>
              <TextField
                id="issue-email"
                label={labels['issue-email']}
                type="email"
                autoComplete="off"
                value={email}
                onChange={setEmail}
                error={errors['issue-email']}
              />
              <TextField
                id="issue-name"
                label={labels['issue-name']}
                hint={t('c.issue.nameHint')}
                autoComplete="off"
                value={name}
                onChange={setName}
                error={errors['issue-name']}
              />
              <TextField
                id="issue-did"
                label={labels['issue-did']}
                hint={t('c.issue.didHint')}
                value={did}
                onChange={setDid}
                error={errors['issue-did']}
              />
            </fieldset>
            <fieldset>
              <legend>{t('c.issue.evidenceTitle')}</legend>
              <TextField
                id="issue-evidence-url"
                label={labels['issue-evidence-url']}
                type="url"
                value={evidenceUrl}
                onChange={setEvidenceUrl}
                error={errors['issue-evidence-url']}
              />
              <TextArea
                id="issue-evidence"
                label={labels['issue-evidence']}
                value={evidence}
                onChange={setEvidence}
                rows={3}
              />
            </fieldset>
            <TextField
              id="issue-valid-until"
              label={labels['issue-valid-until']}
              hint={t('c.issue.validUntilHint')}
              type="date"
              value={validUntil}
              onChange={setValidUntil}
              error={errors['issue-valid-until']}
            />
            <button type="submit" className="button" disabled={busy}>
              {busy ? t('c.issue.busy') : t('c.issue.submit')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}
