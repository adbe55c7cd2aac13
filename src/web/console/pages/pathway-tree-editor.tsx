/**
 * The requirement tree, drawn as nested groups the user edits in place: each group says what it needs
 * (all, or at least n), each item is an achievement of the organization; items move up and down, and
 * groups nest. The server's messages sit next to the node they concern, tied to it with
 * aria-describedby. Every control is labelled with the node's position ("3.2"), so a screen reader user
 * hears which item a button acts on.
 */
import type { Dispatch } from 'react';
import { useI18n } from '../../../pages/i18n-context.js';
import type { EditorNode, GroupNode, TreeAction, TreeMessage } from '../pathway-tree.js';

export type AchievementChoice = { id: string; name: string };

type Shared = {
  dispatch: Dispatch<TreeAction>;
  achievements: AchievementChoice[];
  /** Every achievement in the tree, for "only after". */
  inTree: string[];
  errors: Map<string, TreeMessage[]>;
  warnings: Map<string, TreeMessage[]>;
};

function Messages({ id, errors, warnings }: { id: string; errors: TreeMessage[]; warnings: TreeMessage[] }) {
  const { t } = useI18n();
  if (errors.length === 0 && warnings.length === 0) {
    return null;
  }
  return (
    <ul className="node-messages" id={id}>
      {errors.map((entry) => (
        <li key={`e-${entry.path}-${entry.message}`} className="field-error">
          {entry.message}
        </li>
      ))}
      {warnings.map((entry) => (
        <li key={`w-${entry.path}-${entry.message}`} className="note">
          {t('c.pathways.warning')}: {entry.message}
        </li>
      ))}
    </ul>
  );
}

type NodeProps<Node extends EditorNode> = {
  node: Node;
  /** "" for the root, else "3", "3.2" … */
  position: string;
  index: number;
  count: number;
  shared: Shared;
};

/** The server's messages on a node, and the id that ties them to its controls. */
function nodeMessages(node: EditorNode, shared: Shared) {
  const errors = shared.errors.get(node.key) ?? [];
  const warnings = shared.warnings.get(node.key) ?? [];
  const id = `${node.key}-messages`;
  return { errors, warnings, id, described: errors.length + warnings.length > 0 ? id : undefined };
}

/** A number input labelled with the node's position; empty means "not set". */
function NumberControl({
  id,
  label,
  position,
  optional,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  label: string;
  position: string;
  optional?: boolean;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        <span className="visually-hidden"> {position}</span>
        {optional ? <span className="hint"> ({t('c.optional')})</span> : null}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={value ?? ''}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(numberOrUndefined(event.currentTarget.value))}
      />
    </div>
  );
}

function numberOrUndefined(value: string): number | undefined {
  const parsed = Number(value);
  return value.trim() === '' || !Number.isFinite(parsed) ? undefined : parsed;
}

function AfterField({ node, position, shared }: { node: EditorNode; position: string; shared: Shared }) {
  const { t } = useI18n();
  const own = node.kind === 'achievement' ? [node.achievement] : [];
  const choices = shared.achievements.filter(
    (entry) => shared.inTree.includes(entry.id) && !own.includes(entry.id),
  );
  if (choices.length === 0 && node.after.length === 0) {
    return null;
  }
  const id = `${node.key}-after`;
  // Folded away until used: order is the rarer condition, and a list per item would crowd the tree.
  return (
    <details className="field tree-after" open={node.after.length > 0}>
      <summary>
        {t('c.pathways.after')}
        <span className="visually-hidden"> {position}</span>
        {node.after.length > 0 ? ` (${node.after.length})` : ''}
      </summary>
      <label htmlFor={id}>
        {t('c.pathways.after')} <span className="visually-hidden">{position}</span>
        <span className="hint"> ({t('c.optional')})</span>
      </label>
      <p className="hint" id={`${id}-hint`}>
        {t('c.pathways.afterHint')}
      </p>
      <select
        id={id}
        multiple
        size={Math.min(4, Math.max(2, choices.length))}
        aria-describedby={`${id}-hint`}
        value={node.after}
        onChange={(event) =>
          shared.dispatch({
            type: 'setAfter',
            key: node.key,
            after: [...event.currentTarget.selectedOptions].map((option) => option.value),
          })
        }
      >
        {choices.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.name}
          </option>
        ))}
      </select>
    </details>
  );
}

function NodeButtons({ node, position, index, count, shared }: NodeProps<EditorNode>) {
  const { t } = useI18n();
  const hidden = <span className="visually-hidden"> {position}</span>;
  return (
    <div className="action-row tree-node-actions">
      <button
        type="button"
        className="button secondary small"
        disabled={index === 0}
        onClick={() => shared.dispatch({ type: 'move', key: node.key, by: -1 })}
      >
        {t('c.pathways.moveUp')}
        {hidden}
      </button>
      <button
        type="button"
        className="button secondary small"
        disabled={index === count - 1}
        onClick={() => shared.dispatch({ type: 'move', key: node.key, by: 1 })}
      >
        {t('c.pathways.moveDown')}
        {hidden}
      </button>
      <button
        type="button"
        className="button danger small"
        onClick={() => shared.dispatch({ type: 'remove', key: node.key })}
      >
        {t('c.pathways.remove')}
        {hidden}
      </button>
    </div>
  );
}

function Leaf({
  node,
  position,
  index,
  count,
  shared,
}: NodeProps<Extract<EditorNode, { kind: 'achievement' }>>) {
  const { t } = useI18n();
  const { errors, warnings, id: messagesId, described } = nodeMessages(node, shared);
  return (
    <div className={`tree-leaf${errors.length > 0 ? ' tree-invalid' : ''}`}>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${node.key}-achievement`}>
            {t('c.pathways.achievement')} {position}
          </label>
          <select
            id={`${node.key}-achievement`}
            value={node.achievement}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={described}
            onChange={(event) =>
              shared.dispatch({
                type: 'setAchievement',
                key: node.key,
                achievement: event.currentTarget.value,
              })
            }
          >
            <option value="">{t('c.pathways.chooseTarget')}</option>
            {shared.achievements.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
        <NumberControl
          id={`${node.key}-min`}
          label={t('c.pathways.minResult')}
          position={position}
          optional
          value={node.minResult}
          onChange={(minResult) => shared.dispatch({ type: 'setMinResult', key: node.key, minResult })}
        />
        <div className="field">
          <label htmlFor={`${node.key}-result`}>
            {t('c.pathways.resultDescription')}
            <span className="visually-hidden"> {position}</span>
            <span className="hint"> ({t('c.optional')})</span>
          </label>
          <input
            id={`${node.key}-result`}
            type="text"
            value={node.resultDescription ?? ''}
            aria-describedby={`${node.key}-result-hint`}
            onChange={(event) => {
              const value = event.currentTarget.value;
              shared.dispatch({
                type: 'setResultDescription',
                key: node.key,
                resultDescription: value.trim() === '' ? undefined : value,
              });
            }}
          />
          <p className="hint" id={`${node.key}-result-hint`}>
            {t('c.pathways.resultDescriptionHint')}
          </p>
        </div>
      </div>
      <AfterField node={node} position={position} shared={shared} />
      <Messages id={messagesId} errors={errors} warnings={warnings} />
      <NodeButtons node={node} position={position} index={index} count={count} shared={shared} />
    </div>
  );
}

export function GroupEditor({ node, position, index, count, shared }: NodeProps<GroupNode>) {
  const { t } = useI18n();
  const { errors, warnings, id: messagesId, described } = nodeMessages(node, shared);
  const heading =
    node.kind === 'all' ? t('c.pathways.group.all') : t('c.pathways.group.atLeast', { n: node.atLeast });
  const where = position ? ` ${position}` : '';
  const hidden = <span className="visually-hidden">{where}</span>;
  return (
    <fieldset
      className={`tree-group${errors.length > 0 ? ' tree-invalid' : ''}`}
      aria-describedby={described}
    >
      <legend>
        {position ? `${position} · ` : ''}
        {heading}
      </legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${node.key}-kind`}>
            {t('c.pathways.groupKind')}
            {hidden}
          </label>
          <select
            id={`${node.key}-kind`}
            value={node.kind}
            onChange={(event) =>
              shared.dispatch({
                type: 'setKind',
                key: node.key,
                kind: event.currentTarget.value === 'atLeast' ? 'atLeast' : 'all',
              })
            }
          >
            <option value="all">{t('c.pathways.kind.all')}</option>
            <option value="atLeast">{t('c.pathways.kind.atLeast')}</option>
          </select>
        </div>
        {node.kind === 'atLeast' ? (
          <NumberControl
            id={`${node.key}-atleast`}
            label={t('c.pathways.atLeast')}
            position={position}
            value={node.atLeast}
            invalid={errors.length > 0}
            describedBy={described}
            onChange={(value) =>
              shared.dispatch({ type: 'setAtLeast', key: node.key, atLeast: Math.trunc(value ?? 0) })
            }
          />
        ) : null}
        <NumberControl
          id={`${node.key}-within`}
          label={t('c.pathways.withinMonths')}
          position={position}
          optional
          value={node.withinMonths}
          onChange={(months) => shared.dispatch({ type: 'setWithinMonths', key: node.key, months })}
        />
      </div>
      {position ? <AfterField node={node} position={position} shared={shared} /> : null}
      <Messages id={messagesId} errors={errors} warnings={warnings} />
      {node.children.length === 0 ? (
        <p className="note">{t('c.pathways.emptyGroup')}</p>
      ) : (
        <ol className="tree-children">
          {node.children.map((child, at) => {
            const childPosition = position ? `${position}.${at + 1}` : String(at + 1);
            return (
              <li key={child.key}>
                {child.kind === 'achievement' ? (
                  <Leaf
                    node={child}
                    position={childPosition}
                    index={at}
                    count={node.children.length}
                    shared={shared}
                  />
                ) : (
                  <GroupEditor
                    node={child}
                    position={childPosition}
                    index={at}
                    count={node.children.length}
                    shared={shared}
                  />
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div className="action-row">
        <button
          type="button"
          className="button secondary small"
          onClick={() => shared.dispatch({ type: 'add', parent: node.key, node: 'achievement' })}
        >
          {t('c.pathways.addAchievement')}
          {hidden}
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={() => shared.dispatch({ type: 'add', parent: node.key, node: 'all' })}
        >
          {t('c.pathways.addGroup')}
          {hidden}
        </button>
      </div>
      {position ? (
        <NodeButtons node={node} position={position} index={index} count={count} shared={shared} />
      ) : null}
    </fieldset>
  );
}
