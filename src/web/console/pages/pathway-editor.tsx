/**
 * Create a pathway, or edit one (a changed tree is a new version). The tree is checked as it is drawn
 * by POST /api/v1/pathways/validate; before saving, "Preview awards" asks the server who already meets
 * it (they are awarded the moment it is saved).
 */
import { type FormEvent, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import { type Achievement, ApiError, api, type Page } from '../api.js';
import {
  emptyTree,
  leafAchievements,
  messagesByNode,
  type TreeMessage,
  toRequirements,
  treeReducer,
} from '../pathway-tree.js';
import { Link, navigate, usePageTitle } from '../router.js';
import { LoadError, Loading, PageHead, SelectField, TextArea, TextField } from '../ui.js';
import { useApi } from '../use-api.js';
import { GroupEditor } from './pathway-tree-editor.js';
import type { Pathway, RevocationPolicy } from './pathways.js';

type Validation = {
  valid: boolean;
  errors: TreeMessage[];
  warnings: TreeMessage[];
  summary: { components: number; minimumToComplete: number };
};

type LearnerAward = { learnerId: string; name: string | null; email: string | null };
type Preview = { valid: boolean; errors: TreeMessage[]; wouldAward: LearnerAward[]; evaluated: number };

/** How long the editor waits after a change before asking the server (typing a number is several changes). */
const VALIDATE_DELAY_MS = 300;

export function PathwayEditor({ id }: { id?: string }) {
  const { t } = useI18n();
  const existing = useApi<Pathway>(id ? `/api/v1/pathways/${encodeURIComponent(id)}` : undefined);
  const achievements = useApi<Page<Achievement>>('/api/v1/achievements?limit=200');
  const [tree, dispatch] = useReducer(treeReducer, undefined, emptyTree);
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [policy, setPolicy] = useState<RevocationPolicy>('keep');
  const [validation, setValidation] = useState<Validation | undefined>();
  const [checking, setChecking] = useState(false);
  const [preview, setPreview] = useState<Preview | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const title = existing.data
    ? t('c.pathways.editTitle', { name: existing.data.name })
    : t('c.pathways.newTitle');
  usePageTitle(title, 'pathway-editor-title');

  useEffect(() => {
    const pathway = existing.data;
    if (pathway) {
      dispatch({ type: 'load', requirements: pathway.requirements });
      setTarget(pathway.targetAchievementId);
      setName(pathway.name);
      setDescription(pathway.description ?? '');
      setPolicy(pathway.revocationPolicy);
    }
  }, [existing.data]);

  const requirements = useMemo(() => toRequirements(tree.root), [tree.root]);
  const sequence = useRef(0);
  useEffect(() => {
    const mine = ++sequence.current;
    setChecking(true);
    setPreview(undefined);
    const timer = setTimeout(() => {
      api<Validation>('/api/v1/pathways/validate', {
        method: 'POST',
        body: {
          requirements,
          ...(target ? { targetAchievementId: target } : {}),
          ...(id ? { pathwayId: id } : {}),
        },
      }).then(
        (answer) => {
          if (mine === sequence.current) {
            setValidation(answer);
            setChecking(false);
          }
        },
        (error: Error) => {
          if (mine === sequence.current) {
            setProblem(error.message);
            setChecking(false);
          }
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [requirements, target, id]);

  const choices = (achievements.data?.items ?? [])
    .filter((entry) => entry.status !== 'archived')
    .map((entry) => ({ id: entry.id, name: entry.name }));
  const errors = messagesByNode(tree.root, validation?.errors ?? []);
  const warnings = messagesByNode(tree.root, validation?.warnings ?? []);
  const general = [...(errors.get('') ?? []), ...(warnings.get('') ?? [])];

  const body = (extra: Record<string, unknown>) => ({
    requirements,
    ...(name.trim() ? { name: name.trim() } : {}),
    // An emptied description is taken away (null); one never given is not sent.
    description:
      description.trim() !== '' ? description.trim() : existing.data?.description ? null : undefined,
    revocationPolicy: policy,
    ...(id ? {} : { targetAchievementId: target }),
    ...extra,
  });

  const send = async <T,>(extra: Record<string, unknown>): Promise<T | undefined> => {
    setProblem(undefined);
    try {
      return await api<T>(id ? `/api/v1/pathways/${encodeURIComponent(id)}` : '/api/v1/pathways', {
        method: id ? 'PUT' : 'POST',
        body: body(extra),
      });
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        setValidation((previous) => ({
          valid: false,
          errors: error.errors,
          warnings: previous?.warnings ?? [],
          summary: previous?.summary ?? { components: 0, minimumToComplete: 0 },
        }));
      }
      setProblem((error as Error).message);
      return undefined;
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await send<Pathway>({});
    if (saved) {
      navigate(`/console/pathways/${encodeURIComponent(saved.id)}`);
    }
  };

  if (id && existing.error) {
    return <LoadError error={existing.error} />;
  }
  if (id && !existing.data) {
    return <Loading />;
  }
  const errorCount = validation?.errors.length ?? 0;
  return (
    <>
      <PageHead id="pathway-editor-title" title={title}>
        <Link to={id ? `/console/pathways/${encodeURIComponent(id)}` : '/console/pathways'}>
          {t('c.cancel')}
        </Link>
      </PageHead>
      {achievements.error ? <LoadError error={achievements.error} /> : null}
      <form onSubmit={(event) => void save(event)} noValidate className="pathway-editor">
        <div className="panel">
          <SelectField
            id="pathway-target"
            label={t('c.pathways.target')}
            hint={id ? undefined : t('c.pathways.targetHint')}
            required
            value={target}
            onChange={(value) => {
              if (!id) {
                setTarget(value);
              }
            }}
            options={[
              { value: '', label: t('c.pathways.chooseTarget') },
              ...choices.map((entry) => ({ value: entry.id, label: entry.name })),
            ]}
          />
          <TextField
            id="pathway-name"
            label={t('c.pathways.name')}
            hint={t('c.pathways.nameHint')}
            value={name}
            onChange={setName}
          />
          <TextArea
            id="pathway-description"
            label={t('c.pathways.description')}
            rows={3}
            value={description}
            onChange={setDescription}
          />
          <SelectField
            id="pathway-policy"
            label={t('c.pathways.policy')}
            required
            value={policy}
            onChange={(value) => setPolicy(value as RevocationPolicy)}
            options={(['keep', 'flag', 'revoke'] as const).map((entry) => ({
              value: entry,
              label: t(`c.pathways.policy.${entry}`),
            }))}
          />
        </div>
        <section aria-labelledby="pathway-requirements">
          <h2 id="pathway-requirements">{t('c.pathways.requirements')}</h2>
          <p className="hint">{t('c.pathways.requirementsHelp')}</p>
          <GroupEditor
            node={tree.root}
            position=""
            index={0}
            count={1}
            shared={{
              dispatch,
              achievements: choices,
              inTree: leafAchievements(tree.root),
              errors,
              warnings,
            }}
          />
        </section>
        <div
          className={`notice ${checking ? 'notice-info' : errorCount > 0 ? 'notice-bad' : 'notice-good'}`}
          role="status"
        >
          <p>
            {checking || !validation
              ? t('c.pathways.checking')
              : validation.valid
                ? t('c.pathways.valid', {
                    components: validation.summary.components,
                    minimum: validation.summary.minimumToComplete,
                  })
                : t('c.pathways.invalid', { count: errorCount })}
          </p>
          {general.length > 0 ? (
            <ul>
              {general.map((entry) => (
                <li key={`${entry.path}-${entry.message}`}>{entry.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
        {problem ? (
          <div className="notice notice-bad" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        {preview ? <PreviewPanel preview={preview} /> : null}
        {id ? <p className="note">{t('c.pathways.versionNote')}</p> : null}
        <div className="action-row">
          <button
            type="button"
            className="button secondary"
            disabled={!validation?.valid || checking || !target}
            onClick={() => void send<Preview>({ preview: true }).then((answer) => setPreview(answer))}
          >
            {t('c.pathways.preview')}
          </button>
          <button type="submit" className="button" disabled={!validation?.valid || checking || !target}>
            {id ? t('c.pathways.saveVersion') : t('c.pathways.save')}
          </button>
        </div>
      </form>
    </>
  );
}

function PreviewPanel({ preview }: { preview: Preview }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('c.pathways.previewTitle')}</h2>
      {preview.wouldAward.length === 0 ? (
        <p>{t('c.pathways.previewNone', { evaluated: preview.evaluated })}</p>
      ) : (
        <>
          <p>{t('c.pathways.previewSome', { count: preview.wouldAward.length })}</p>
          <ul>
            {preview.wouldAward.map((learner) => (
              <li key={learner.learnerId}>
                {learner.name ?? ''} {learner.email ? `<${learner.email}>` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
