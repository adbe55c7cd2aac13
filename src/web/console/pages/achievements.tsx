/**
 * Achievements: the list, and the editor — the Open Badges fields, the badge image (uploaded), publish
 * and archive — with a live preview of the badge and of the credential page a learner will get.
 */
import { type FormEvent, useMemo, useState } from 'react';
import type { MessageKey } from '../../../i18n/index.js';
import { BadgeImage } from '../../../pages/badge-image.js';
import type { CredentialSummary } from '../../../pages/credential-model.js';
import { displayableImage } from '../../../pages/credential-model.js';
import { achievementTypeLabel, CredentialView } from '../../../pages/credential-view.js';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, type Issuer, type Page, type UploadedImage } from '../api.js';
import { Link, navigate, useLocation, usePageTitle } from '../router.js';
import { roleAtLeast, useOrganization, useSession } from '../session.js';
import {
  EmptyState,
  ErrorSummary,
  type FieldErrors,
  LoadError,
  Loading,
  PageHead,
  SelectField,
  StatusPill,
  TableWrap,
  TextArea,
  TextField,
  useFormErrors,
} from '../ui.js';
import { useApi } from '../use-api.js';

export const ACHIEVEMENT_TYPES = [
  'Badge',
  'MicroCredential',
  'Certificate',
  'Course',
  'Award',
  'Assessment',
  'Certification',
  'Diploma',
  'Degree',
  'License',
  'Achievement',
];

function imagePath(achievement: Achievement): string | undefined {
  if (achievement.imageId) {
    return `/images/${encodeURIComponent(achievement.imageId)}`;
  }
  const image = achievement.achievement?.image as { id?: string } | undefined;
  return image?.id;
}

export function AchievementsPage() {
  const { t } = useI18n();
  const organization = useOrganization();
  const { publicUrl } = useSession();
  usePageTitle(t('c.achievements.title'), 'achievements-title');
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState('');
  const params = new URLSearchParams({
    limit: '100',
    ...(status ? { status } : {}),
    ...(query ? { q: query } : {}),
  });
  const achievements = useApi<Page<Achievement>>(`/api/v1/achievements?${params}`);
  const issuers = useApi<{ items: Issuer[] }>('/api/v1/issuers');
  const issuerName = (id: string | undefined) =>
    issuers.data?.items.find((issuer) => issuer.id === id)?.name ?? '';
  const canEdit = roleAtLeast(organization.role, 'issuer');
  const filtered = status !== '' || query !== '';
  return (
    <>
      <PageHead id="achievements-title" title={t('c.achievements.title')}>
        {canEdit ? (
          <Link className="button" to="/console/achievements/new">
            {t('c.achievements.new')}
          </Link>
        ) : null}
      </PageHead>
      <p className="lead">{t('c.achievements.lead')}</p>
      <search className="filters">
        <TextField
          id="achievement-search"
          label={t('c.achievements.search')}
          type="search"
          value={query}
          onChange={setQuery}
        />
        <SelectField
          id="achievement-status"
          label={t('c.status')}
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: t('c.all') },
            { value: 'active', label: t('c.status.active') },
            { value: 'draft', label: t('c.status.draft') },
            { value: 'archived', label: t('c.status.archived') },
          ]}
        />
      </search>
      {achievements.error ? <LoadError error={achievements.error} feature="c.feature.achievements" /> : null}
      {achievements.loading && !achievements.data ? <Loading /> : null}
      {achievements.data && achievements.data.items.length === 0 ? (
        filtered ? (
          <p className="empty" role="status">
            {t('c.achievements.noMatch')}
          </p>
        ) : (
          <EmptyState title={t('c.achievements.emptyTitle')}>
            <p>{t('c.achievements.emptyText')}</p>
            {canEdit ? (
              <Link className="button" to="/console/achievements/new">
                {t('c.achievements.new')}
              </Link>
            ) : null}
          </EmptyState>
        )
      ) : null}
      {achievements.data && achievements.data.items.length > 0 ? (
        <TableWrap label={t('c.achievements.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('c.achievements.badge')}</th>
                <th scope="col">{t('c.achievements.name')}</th>
                <th scope="col">{t('c.achievements.type')}</th>
                <th scope="col">{t('c.status')}</th>
                <th scope="col">{t('c.achievements.issuer')}</th>
                <th scope="col">{t('c.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {achievements.data.items.map((achievement) => (
                <tr key={achievement.id}>
                  <td>
                    <BadgeImage
                      src={displayableImage(imagePath(achievement), publicUrl)}
                      name={achievement.name}
                      size="small"
                    />
                  </td>
                  <td>
                    <Link to={`/console/achievements/${achievement.id}`}>{achievement.name}</Link>
                  </td>
                  <td>{achievementTypeLabel(t, achievement.achievementType)}</td>
                  <td>{achievement.status ? <StatusPill status={achievement.status} /> : null}</td>
                  <td>{issuerName(achievement.issuerId)}</td>
                  <td>
                    {achievement.status === 'active' && canEdit ? (
                      <Link to={`/console/issue?achievementId=${encodeURIComponent(achievement.id)}`}>
                        {t('c.achievements.issueIt')}
                        <span className="visually-hidden">: {achievement.name}</span>
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

type Skill = { key: number; name: string; url: string };

type Draft = {
  issuerId: string;
  name: string;
  achievementType: string;
  description: string;
  criteria: string;
  criteriaUrl: string;
  tags: string;
  skills: Skill[];
  credits: string;
  fieldOfStudy: string;
  validityMonths: string;
  imageId: string | null;
  imageUrl: string | undefined;
  imageCaption: string;
  publish: boolean;
};

const EMPTY: Draft = {
  issuerId: '',
  name: '',
  achievementType: 'Badge',
  description: '',
  criteria: '',
  criteriaUrl: '',
  tags: '',
  skills: [],
  credits: '',
  fieldOfStudy: '',
  validityMonths: '',
  imageId: null,
  imageUrl: undefined,
  imageCaption: '',
  publish: true,
};

function draftOf(achievement: Achievement): Draft {
  const document = (achievement.achievement ?? {}) as Record<string, unknown>;
  const criteria = (document.criteria ?? {}) as { narrative?: string; id?: string };
  const image = document.image as { caption?: string } | undefined;
  const alignments = Array.isArray(document.alignment)
    ? (document.alignment as Record<string, string>[])
    : [];
  return {
    issuerId: achievement.issuerId ?? '',
    name: achievement.name,
    achievementType: achievement.achievementType,
    description: typeof document.description === 'string' ? document.description : '',
    criteria: criteria.narrative ?? '',
    criteriaUrl: criteria.id ?? '',
    tags: Array.isArray(document.tag) ? (document.tag as string[]).join(', ') : '',
    skills: alignments.map((entry, index) => ({
      key: index,
      name: entry.targetName ?? '',
      url: entry.targetUrl ?? '',
    })),
    credits: document.creditsAvailable === undefined ? '' : String(document.creditsAvailable),
    fieldOfStudy: typeof document.fieldOfStudy === 'string' ? document.fieldOfStudy : '',
    validityMonths: achievement.validityMonths ? String(achievement.validityMonths) : '',
    imageId: achievement.imageId ?? null,
    imageUrl: imagePath(achievement),
    imageCaption: image?.caption ?? '',
    publish: achievement.status === 'active',
  };
}

const FIELDS: Record<string, string> = {
  issuerId: 'achievement-issuer',
  name: 'achievement-name',
  achievementType: 'achievement-type',
  description: 'achievement-description',
  criteria: 'achievement-criteria',
  'criteria.narrative': 'achievement-criteria',
  'criteria.id': 'achievement-criteria-url',
  tag: 'achievement-tags',
  alignment: 'achievement-skills',
  creditsAvailable: 'achievement-credits',
  fieldOfStudy: 'achievement-field',
  validityMonths: 'achievement-validity',
  imageId: 'achievement-image',
  imageCaption: 'achievement-caption',
};

function previewSummary(
  draft: Draft,
  issuer: Issuer | undefined,
  placeholderName: string,
  learner: string,
): CredentialSummary {
  const tags = draft.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const credits = Number(draft.credits);
  return {
    name: draft.name || placeholderName,
    ...(draft.description ? { description: draft.description } : {}),
    achievementType: draft.achievementType,
    ...(draft.imageUrl
      ? { image: { url: draft.imageUrl, ...(draft.imageCaption ? { caption: draft.imageCaption } : {}) } }
      : {}),
    issuer: { name: issuer?.name ?? '…', ...(issuer ? { id: issuer.did } : {}) },
    recipient: { name: learner, hashedEmail: true },
    awardedDate: new Date().toISOString(),
    ...(draft.validityMonths && Number(draft.validityMonths) > 0
      ? {
          validUntil: new Date(
            new Date().setUTCMonth(new Date().getUTCMonth() + Number(draft.validityMonths)),
          ).toISOString(),
        }
      : {}),
    ...(draft.criteria || draft.criteriaUrl
      ? {
          criteria: {
            ...(draft.criteria ? { narrative: draft.criteria } : {}),
            ...(/^https?:\/\//.test(draft.criteriaUrl) ? { url: draft.criteriaUrl } : {}),
          },
        }
      : {}),
    alignments: draft.skills
      .filter((skill) => skill.name.trim())
      .map((skill) => ({
        name: skill.name.trim(),
        ...(/^https?:\/\//.test(skill.url) ? { url: skill.url } : {}),
      })),
    tags,
    evidence: [],
    results: [],
    ...(draft.credits !== '' && Number.isFinite(credits) ? { creditsAvailable: credits } : {}),
    ...(draft.fieldOfStudy ? { fieldOfStudy: draft.fieldOfStudy } : {}),
    hasStatus: false,
  };
}

export function AchievementEditor({ id }: { id?: string }) {
  const { t } = useI18n();
  const organization = useOrganization();
  const { publicUrl } = useSession();
  const { search } = useLocation();
  const existing = useApi<Achievement>(id ? `/api/v1/achievements/${encodeURIComponent(id)}` : undefined);
  const issuers = useApi<{ items: Issuer[] }>('/api/v1/issuers');
  const title = id ? (existing.data?.name ?? t('c.achievements.edit')) : t('c.achievements.newTitle');
  usePageTitle(title, 'achievement-title');
  const [draft, setDraft] = useState<Draft | undefined>(id ? undefined : EMPTY);
  const [message, setMessage] = useState<string | undefined>(
    search.get('created') ? t('c.achievements.created') : undefined,
  );
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const canEdit = roleAtLeast(organization.role, 'issuer');

  const current: Draft | undefined = draft ?? (existing.data ? draftOf(existing.data) : undefined);
  const issuerList = issuers.data?.items ?? [];
  const issuerId = current?.issuerId || issuerList[0]?.id || '';
  const issuer = issuerList.find((entry) => entry.id === issuerId);
  const summary = useMemo(
    () =>
      current
        ? previewSummary(
            { ...current, issuerId },
            issuer,
            t('c.achievements.previewName'),
            t('c.achievements.previewLearner'),
          )
        : undefined,
    [current, issuer, issuerId, t],
  );
  const update = (patch: Partial<Draft>) => setDraft({ ...(current ?? EMPTY), ...patch });

  const form = useFormErrors((): FieldErrors => {
    const found: FieldErrors = {};
    if (!current) {
      return found;
    }
    if (!issuerId) {
      found['achievement-issuer'] = t('c.achievements.needIssuer');
    }
    if (current.name.trim() === '') {
      found['achievement-name'] = t('c.form.required');
    }
    if (current.description.trim() === '') {
      found['achievement-description'] = t('c.form.required');
    }
    if (current.criteria.trim() === '' && current.criteriaUrl.trim() === '') {
      found['achievement-criteria'] = t('c.achievements.criteriaNeeded');
    }
    if (current.criteriaUrl && !/^https?:\/\/\S+$/.test(current.criteriaUrl)) {
      found['achievement-criteria-url'] = t('c.form.url');
    }
    if (current.skills.some((skill) => skill.name.trim() !== '' && !/^https?:\/\/\S+$/.test(skill.url))) {
      found['achievement-skills'] = t('c.achievements.skillUrl');
    }
    if (current.credits !== '' && !(Number(current.credits) >= 0)) {
      found['achievement-credits'] = t('c.form.number');
    }
    if (
      current.validityMonths !== '' &&
      !(Number.isInteger(Number(current.validityMonths)) && Number(current.validityMonths) > 0)
    ) {
      found['achievement-validity'] = t('c.form.wholeNumber');
    }
    return found;
  });
  const { errors, detail } = form;

  if (id && existing.error) {
    return (
      <>
        <PageHead id="achievement-title" title={t('c.achievements.edit')} />
        <LoadError error={existing.error} feature="c.feature.achievements" />
      </>
    );
  }
  if (!current || !summary) {
    return <Loading />;
  }

  const labels: Record<string, string> = {
    'achievement-issuer': t('c.achievements.issuer'),
    'achievement-name': t('c.achievements.name'),
    'achievement-type': t('c.achievements.type'),
    'achievement-description': t('c.achievements.description'),
    'achievement-criteria': t('c.achievements.criteria'),
    'achievement-criteria-url': t('c.achievements.criteriaUrl'),
    'achievement-tags': t('c.achievements.tags'),
    'achievement-skills': t('c.achievements.skills'),
    'achievement-credits': t('c.achievements.credits'),
    'achievement-field': t('c.achievements.field'),
    'achievement-validity': t('c.achievements.validity'),
    'achievement-image': t('c.achievements.image'),
    'achievement-caption': t('c.achievements.caption'),
  };

  const upload = async (file: File | undefined) => {
    if (!file) {
      return;
    }
    setUploading(true);
    form.setFieldError('achievement-image', undefined);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const image = await api<UploadedImage>('/api/v1/images', { method: 'POST', form });
      update({ imageId: image.id, imageUrl: `/images/${encodeURIComponent(image.id)}` });
      setMessage(t('c.achievements.imageUploaded'));
    } catch (error) {
      const text =
        error instanceof ApiError && error.isMissingRoute
          ? t('c.missingApi', { feature: t('c.feature.images') })
          : (error as Error).message;
      form.setFieldError('achievement-image', text);
    } finally {
      setUploading(false);
    }
  };

  const body = () => {
    const tags = current.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const skills = current.skills
      .filter((skill) => skill.name.trim())
      .map((skill) => ({ targetName: skill.name.trim(), targetUrl: skill.url.trim() }));
    const editing = Boolean(id);
    const optional = <T,>(value: T | undefined) =>
      value === undefined ? (editing ? null : undefined) : value;
    const fields: Record<string, unknown> = {
      issuerId,
      name: current.name.trim(),
      description: current.description.trim(),
      criteria: {
        ...(current.criteria.trim() ? { narrative: current.criteria.trim() } : {}),
        ...(current.criteriaUrl.trim() ? { id: current.criteriaUrl.trim() } : {}),
      },
      achievementType: current.achievementType,
      tag: optional(tags.length ? tags : undefined),
      alignment: optional(skills.length ? skills : undefined),
      creditsAvailable: optional(current.credits === '' ? undefined : Number(current.credits)),
      fieldOfStudy: optional(current.fieldOfStudy.trim() || undefined),
      validityMonths: optional(current.validityMonths === '' ? undefined : Number(current.validityMonths)),
      imageId: optional(current.imageId ?? undefined),
      imageCaption: optional(current.imageCaption.trim() || undefined),
      ...(editing ? {} : { status: current.publish ? 'active' : 'draft' }),
    };
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    if (!form.check()) {
      return;
    }
    setBusy(true);
    try {
      if (id) {
        await api<Achievement>(`/api/v1/achievements/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          body: body(),
        });
        setMessage(t('c.achievements.saved'));
        existing.reload();
        setDraft(undefined);
      } else {
        const created = await api<Achievement>('/api/v1/achievements', { method: 'POST', body: body() });
        navigate(`/console/achievements/${encodeURIComponent(created.id)}?created=1`);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.isMissingRoute) {
          form.setDetail(t('c.missingApi', { feature: t('c.feature.achievements') }));
        } else {
          form.fromServer(error, FIELDS);
        }
      } else {
        form.setDetail(String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const changeStatus = async (action: 'activate' | 'archive') => {
    if (!id) {
      return;
    }
    if (action === 'archive' && !window.confirm(t('c.achievements.archiveConfirm'))) {
      return;
    }
    try {
      await api(`/api/v1/achievements/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
      setMessage(action === 'archive' ? t('c.achievements.archived') : t('c.achievements.activated'));
      existing.reload();
    } catch (error) {
      form.setDetail((error as Error).message);
    }
  };

  const status = existing.data?.status;
  return (
    <>
      <PageHead id="achievement-title" title={title}>
        {id && status ? <StatusPill status={status} /> : null}
        {id && status === 'active' && canEdit ? (
          <Link className="button" to={`/console/issue?achievementId=${encodeURIComponent(id)}`}>
            {t('c.achievements.issueIt')}
          </Link>
        ) : null}
        {id ? (
          <Link className="button secondary" to={`/console/achievements/${encodeURIComponent(id)}/design`}>
            {t('c.design.open')}
          </Link>
        ) : null}
        {id && status !== 'active' && canEdit ? (
          <button type="button" className="button secondary" onClick={() => void changeStatus('activate')}>
            {t('c.achievements.activate')}
          </button>
        ) : null}
        {id && status === 'active' && canEdit ? (
          <button type="button" className="button danger" onClick={() => void changeStatus('archive')}>
            {t('c.achievements.archive')}
          </button>
        ) : null}
      </PageHead>
      <p className="note" role="status">
        {message ?? ''}
      </p>
      {issuers.data && issuerList.length === 0 ? (
        <div className="notice notice-info">
          <p>{t('c.achievements.noIssuer')}</p>
          <Link to="/console/issuers/new">{t('c.issuers.new')}</Link>
        </div>
      ) : null}
      <ErrorSummary errors={errors} detail={detail} labels={labels} focusKey={form.focusKey} />
      <div className="editor">
        <form
          className="panel"
          onSubmit={(event) => void save(event)}
          noValidate
          aria-labelledby="achievement-title"
        >
          <SelectField
            id="achievement-issuer"
            label={labels['achievement-issuer'] as string}
            required
            value={issuerId}
            onChange={(value) => update({ issuerId: value })}
            options={issuerList.map((entry) => ({ value: entry.id, label: entry.name }))}
            error={errors['achievement-issuer']}
          />
          <TextField
            id="achievement-name"
            label={labels['achievement-name'] as string}
            required
            value={current.name}
            onChange={(value) => update({ name: value })}
            error={errors['achievement-name']}
          />
          <SelectField
            id="achievement-type"
            label={labels['achievement-type'] as string}
            required
            value={current.achievementType}
            onChange={(value) => update({ achievementType: value })}
            options={ACHIEVEMENT_TYPES.map((type) => ({ value: type, label: achievementTypeLabel(t, type) }))}
          />
          <TextArea
            id="achievement-description"
            label={labels['achievement-description'] as string}
            required
            value={current.description}
            onChange={(value) => update({ description: value })}
            error={errors['achievement-description']}
            rows={3}
          />
          <TextArea
            id="achievement-criteria"
            label={labels['achievement-criteria'] as string}
            hint={t('c.achievements.criteriaHint')}
            required
            value={current.criteria}
            onChange={(value) => update({ criteria: value })}
            error={errors['achievement-criteria']}
            rows={3}
          />
          <TextField
            id="achievement-criteria-url"
            label={labels['achievement-criteria-url'] as string}
            type="url"
            value={current.criteriaUrl}
            onChange={(value) => update({ criteriaUrl: value })}
            error={errors['achievement-criteria-url']}
          />
          <fieldset>
            <legend>{labels['achievement-image']}</legend>
            <div className="field">
              <label htmlFor="achievement-image">{t('c.achievements.imageChoose')}</label>
              <p className="hint" id="achievement-image-hint">
                {t('c.achievements.imageHint')}
              </p>
              <input
                id="achievement-image"
                type="file"
                accept="image/png,image/svg+xml,.png,.svg"
                aria-describedby={`achievement-image-hint${errors['achievement-image'] ? ' achievement-image-error' : ''}`}
                aria-invalid={errors['achievement-image'] ? true : undefined}
                onChange={(event) => void upload(event.currentTarget.files?.[0])}
              />
              {uploading ? (
                <p className="note" role="status">
                  {t('c.achievements.uploading')}
                </p>
              ) : null}
              {errors['achievement-image'] ? (
                <p className="field-error" id="achievement-image-error">
                  {errors['achievement-image']}
                </p>
              ) : null}
            </div>
            {current.imageId ? (
              <button
                type="button"
                className="link-button"
                onClick={() => update({ imageId: null, imageUrl: undefined })}
              >
                {t('c.achievements.imageRemove')}
              </button>
            ) : null}
            <TextField
              id="achievement-caption"
              label={labels['achievement-caption'] as string}
              hint={t('c.achievements.captionHint')}
              value={current.imageCaption}
              onChange={(value) => update({ imageCaption: value })}
            />
          </fieldset>
          <TextField
            id="achievement-tags"
            label={labels['achievement-tags'] as string}
            hint={t('c.achievements.tagsHint')}
            value={current.tags}
            onChange={(value) => update({ tags: value })}
            error={errors['achievement-tags']}
          />
          <fieldset aria-describedby={errors['achievement-skills'] ? 'achievement-skills-error' : undefined}>
            <legend id="achievement-skills">{labels['achievement-skills']}</legend>
            <p className="hint">{t('c.achievements.skillsHint')}</p>
            {current.skills.map((skill, index) => (
              <div className="field-row" key={skill.key}>
                <TextField
                  id={`skill-name-${skill.key}`}
                  label={t('c.achievements.skillName', { n: index + 1 })}
                  value={skill.name}
                  onChange={(value) =>
                    update({
                      skills: current.skills.map((entry) =>
                        entry.key === skill.key ? { ...entry, name: value } : entry,
                      ),
                    })
                  }
                />
                <TextField
                  id={`skill-url-${skill.key}`}
                  label={t('c.achievements.skillLink', { n: index + 1 })}
                  type="url"
                  value={skill.url}
                  onChange={(value) =>
                    update({
                      skills: current.skills.map((entry) =>
                        entry.key === skill.key ? { ...entry, url: value } : entry,
                      ),
                    })
                  }
                />
              </div>
            ))}
            {errors['achievement-skills'] ? (
              <p className="field-error" id="achievement-skills-error">
                {errors['achievement-skills']}
              </p>
            ) : null}
            <button
              type="button"
              className="button secondary small"
              onClick={() => update({ skills: [...current.skills, { key: Date.now(), name: '', url: '' }] })}
            >
              {t('c.achievements.skillAdd')}
            </button>
          </fieldset>
          <div className="field-row">
            <TextField
              id="achievement-credits"
              label={labels['achievement-credits'] as string}
              inputMode="decimal"
              value={current.credits}
              onChange={(value) => update({ credits: value })}
              error={errors['achievement-credits']}
            />
            <TextField
              id="achievement-validity"
              label={labels['achievement-validity'] as string}
              hint={t('c.achievements.validityHint')}
              inputMode="numeric"
              value={current.validityMonths}
              onChange={(value) => update({ validityMonths: value })}
              error={errors['achievement-validity']}
            />
          </div>
          <TextField
            id="achievement-field"
            label={labels['achievement-field'] as string}
            value={current.fieldOfStudy}
            onChange={(value) => update({ fieldOfStudy: value })}
          />
          {id ? null : (
            <div className="field">
              <label className="checkbox" htmlFor="achievement-publish">
                <input
                  id="achievement-publish"
                  type="checkbox"
                  checked={current.publish}
                  onChange={(event) => update({ publish: event.currentTarget.checked })}
                />
                {t('c.achievements.publish')}
              </label>
            </div>
          )}
          {canEdit ? (
            <div className="action-row">
              <button type="submit" className="button" disabled={busy || uploading}>
                {id ? t('c.save') : t('c.achievements.create')}
              </button>
              <Link className="button secondary" to="/console/achievements">
                {t('c.cancel')}
              </Link>
            </div>
          ) : null}
        </form>
        <section className="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('c.achievements.preview')}</h2>
          <p className="note">{t('c.achievements.previewLead')}</p>
          <div className="panel badge-preview">
            <BadgeImage
              src={displayableImage(current.imageUrl, publicUrl)}
              name={summary.name}
              caption={current.imageCaption || undefined}
            />
            <div>
              <p className="eyebrow">{achievementTypeLabel(t, current.achievementType)}</p>
              <p className="badge-preview-name">{summary.name}</p>
              <p className="note">{issuer?.name ?? ''}</p>
            </div>
          </div>
          <CredentialView summary={summary} publicUrl={publicUrl} headingLevel={2} />
        </section>
      </div>
    </>
  );
}

export function achievementStatusKey(status: string): MessageKey {
  return `c.status.${status}` as MessageKey;
}
