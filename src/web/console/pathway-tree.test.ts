import { describe, expect, it } from 'vitest';
import type { RequirementNode } from '../../core/pathways/types.js';
import {
  emptyTree,
  fromRequirements,
  type GroupNode,
  leafAchievements,
  messagesByNode,
  nodePaths,
  type TreeAction,
  toRequirements,
  treeReducer,
} from './pathway-tree.js';

const COURSE: RequirementNode = {
  all: [
    { achievement: 'U1' },
    { achievement: 'U2', after: ['U1'] },
    {
      atLeast: 2,
      of: [{ achievement: 'E1' }, { achievement: 'E2', minResult: 70 }, { achievement: 'E3' }],
      withinMonths: 12,
    },
  ],
};

const run = (actions: TreeAction[], start = emptyTree()) => actions.reduce(treeReducer, start);

describe('the pathway editor tree', () => {
  it('reads the API tree and writes it back unchanged', () => {
    expect(toRequirements(fromRequirements(COURSE).root)).toEqual(COURSE);
    // A minimum result for one result description keeps both, value and description.
    const withDescription = {
      all: [{ achievement: 'A', minResult: { value: 3, resultDescription: 'urn:result:final-exam' } }],
    };
    const described = fromRequirements(withDescription);
    expect(toRequirements(described.root)).toEqual(withDescription);
    // Edited: a new number keeps the description; a cleared description leaves a plain minimum; no number, no minimum.
    const leaf = described.root.children[0]?.key as string;
    const raised = run([{ type: 'setMinResult', key: leaf, minResult: 4 }], described);
    expect(toRequirements(raised.root)).toEqual({
      all: [{ achievement: 'A', minResult: { value: 4, resultDescription: 'urn:result:final-exam' } }],
    });
    const plain = run([{ type: 'setResultDescription', key: leaf, resultDescription: undefined }], raised);
    expect(toRequirements(plain.root)).toEqual({ all: [{ achievement: 'A', minResult: 4 }] });
    const none = run([{ type: 'setMinResult', key: leaf, minResult: undefined }], raised);
    expect(toRequirements(none.root)).toEqual({ all: [{ achievement: 'A' }] });
  });

  it('puts a single achievement at the root in an "all" group', () => {
    expect(toRequirements(fromRequirements({ achievement: 'A' }).root)).toEqual({
      all: [{ achievement: 'A' }],
    });
  });

  it('builds a 4-unit course with an at-least-2-of-3 group, step by step', () => {
    let state = run([
      { type: 'add', parent: 'n0', node: 'achievement', achievement: 'U1' },
      { type: 'add', parent: 'n0', node: 'achievement', achievement: 'U2' },
      { type: 'add', parent: 'n0', node: 'atLeast' },
    ]);
    const group = state.root.children[2] as GroupNode;
    state = run(
      [
        { type: 'add', parent: group.key, node: 'achievement', achievement: 'E1' },
        { type: 'add', parent: group.key, node: 'achievement', achievement: 'E2' },
        { type: 'add', parent: group.key, node: 'achievement' },
        { type: 'setAtLeast', key: group.key, atLeast: 2 },
        { type: 'setWithinMonths', key: group.key, months: 12 },
      ],
      state,
    );
    const third = (state.root.children[2] as GroupNode).children[2];
    state = run(
      [
        { type: 'setAchievement', key: third?.key ?? '', achievement: 'E3' },
        { type: 'setAfter', key: state.root.children[1]?.key ?? '', after: ['U1'] },
        {
          type: 'setMinResult',
          key: (state.root.children[2] as GroupNode).children[1]?.key ?? '',
          minResult: 70,
        },
      ],
      state,
    );
    expect(toRequirements(state.root)).toEqual(COURSE);
    expect(leafAchievements(state.root)).toEqual(['U1', 'U2', 'E1', 'E2', 'E3']);
    // Every key is different.
    expect(new Set(nodePaths(state.root).keys()).size).toBe(7);
  });

  it('reorders within a group, and ignores a move past either end', () => {
    const start = fromRequirements({
      all: [{ achievement: 'A' }, { achievement: 'B' }, { achievement: 'C' }],
    });
    const [a, , c] = start.root.children;
    const moved = run([{ type: 'move', key: c?.key ?? '', by: -1 }], start);
    expect(toRequirements(moved.root)).toEqual({
      all: [{ achievement: 'A' }, { achievement: 'C' }, { achievement: 'B' }],
    });
    expect(run([{ type: 'move', key: a?.key ?? '', by: -1 }], start)).toEqual(start);
    expect(run([{ type: 'move', key: c?.key ?? '', by: 1 }], start)).toEqual(start);
  });

  it('removes a node with its subtree, never the root, and leaves the old state untouched', () => {
    const start = fromRequirements(COURSE);
    const group = start.root.children[2] as GroupNode;
    const removed = run([{ type: 'remove', key: group.key }], start);
    expect(toRequirements(removed.root)).toEqual({
      all: [{ achievement: 'U1' }, { achievement: 'U2', after: ['U1'] }],
    });
    expect(toRequirements(start.root)).toEqual(COURSE);
    expect(run([{ type: 'remove', key: start.root.key }], start)).toBe(start);
  });

  it('switches a group between "all" and "at least n", keeping n', () => {
    const start = fromRequirements(COURSE);
    const group = start.root.children[2] as GroupNode;
    const all = run([{ type: 'setKind', key: group.key, kind: 'all' }], start);
    expect(toRequirements(all.root)).toMatchObject({
      all: [{}, {}, { all: [{}, {}, {}], withinMonths: 12 }],
    });
    const back = run([{ type: 'setKind', key: group.key, kind: 'atLeast' }], all);
    expect(toRequirements(back.root)).toEqual(COURSE);
  });

  it('adds nothing under a leaf', () => {
    const start = fromRequirements(COURSE);
    const leaf = start.root.children[0];
    expect(run([{ type: 'add', parent: leaf?.key ?? '', node: 'all' }], start)).toBe(start);
  });

  it('names each node by the path the server uses, and files its messages under the deepest node', () => {
    const state = fromRequirements(COURSE);
    const paths = nodePaths(state.root);
    const group = state.root.children[2] as GroupNode;
    expect(paths.get(group.key)).toBe('requirements.all.2');
    expect(paths.get(group.children[1]?.key ?? '')).toBe('requirements.all.2.of.1');
    const messages = messagesByNode(state.root, [
      { path: 'requirements.all.2.atLeast', message: 'impossible' },
      { path: 'requirements.all.2.of.1.achievement', message: 'unknown' },
      { path: 'requirements', message: 'circle' },
      { path: 'targetAchievementId', message: 'target' },
    ]);
    expect(messages.get(group.key)?.map((entry) => entry.message)).toEqual(['impossible']);
    expect(messages.get(group.children[1]?.key ?? '')?.map((entry) => entry.message)).toEqual(['unknown']);
    expect(messages.get(state.root.key)?.map((entry) => entry.message)).toEqual(['circle']);
    expect(messages.get('')?.map((entry) => entry.message)).toEqual(['target']);
  });
});
