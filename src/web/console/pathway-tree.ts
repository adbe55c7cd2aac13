/**
 * The pathway editor's state: the requirement tree as the editor holds it (every node with a stable
 * key, so React keeps focus and the server's messages find their node), the reducer that changes it,
 * and the conversions to and from the API's JSON (DESIGN §7, docs/pathways.md). Pure: no React, no DOM.
 *
 * The editor lets a user write what the server refuses (an "at least 4" over three children, an
 * achievement not chosen yet): validation is the server's (POST /api/v1/pathways/validate), and its
 * messages are shown next to the node their path names.
 */
import type { RequirementNode } from '../../core/pathways/types.js';

export type GroupKind = 'all' | 'atLeast';

type Constraints = {
  /** Earned no earlier than each of these achievements (ids). */
  after: string[];
};

export type LeafNode = Constraints & {
  key: string;
  kind: 'achievement';
  achievement: string;
  minResult: number | undefined;
  /** The result the minimum is about (a credential's `result` with this `resultDescription`); optional. */
  resultDescription: string | undefined;
};

export type GroupNode = Constraints & {
  key: string;
  kind: GroupKind;
  /** For `atLeast`; kept while the group is "all" so switching back does not lose it. */
  atLeast: number;
  withinMonths: number | undefined;
  children: EditorNode[];
};

export type EditorNode = LeafNode | GroupNode;

export type TreeState = { root: GroupNode; nextKey: number };

export type TreeAction =
  | { type: 'load'; requirements: RequirementNode }
  | { type: 'add'; parent: string; node: 'achievement' | GroupKind; achievement?: string }
  | { type: 'remove'; key: string }
  | { type: 'move'; key: string; by: -1 | 1 }
  | { type: 'setKind'; key: string; kind: GroupKind }
  | { type: 'setAchievement'; key: string; achievement: string }
  | { type: 'setAtLeast'; key: string; atLeast: number }
  | { type: 'setWithinMonths'; key: string; months: number | undefined }
  | { type: 'setMinResult'; key: string; minResult: number | undefined }
  | { type: 'setResultDescription'; key: string; resultDescription: string | undefined }
  | { type: 'setAfter'; key: string; after: string[] };

export function emptyTree(): TreeState {
  return {
    root: { key: 'n0', kind: 'all', atLeast: 1, withinMonths: undefined, after: [], children: [] },
    nextKey: 1,
  };
}

/** The API's tree as the editor holds it. A leaf at the root is put in an "all" group (the same meaning). */
export function fromRequirements(requirements: RequirementNode): TreeState {
  let next = 0;
  const convert = (node: RequirementNode): EditorNode => {
    const key = `n${next++}`;
    const after = Array.isArray(node.after) ? [...node.after] : [];
    if ('achievement' in node) {
      const minimum = node.minResult;
      return {
        key,
        kind: 'achievement',
        achievement: node.achievement,
        minResult: typeof minimum === 'number' ? minimum : minimum?.value,
        resultDescription: typeof minimum === 'object' ? minimum.resultDescription : undefined,
        after,
      };
    }
    const group = 'all' in node;
    return {
      key,
      kind: group ? 'all' : 'atLeast',
      atLeast: group ? 1 : node.atLeast,
      withinMonths: node.withinMonths,
      after,
      children: (group ? node.all : node.of).map(convert),
    };
  };
  const root = convert(requirements);
  if (root.kind === 'achievement') {
    return {
      root: {
        key: `n${next++}`,
        kind: 'all',
        atLeast: 1,
        withinMonths: undefined,
        after: [],
        children: [root],
      },
      nextKey: next,
    };
  }
  return { root, nextKey: next };
}

/** The editor's tree as the API takes it: only the constraints that are set. */
export function toRequirements(node: EditorNode): RequirementNode {
  const after = node.after.length > 0 ? { after: [...node.after] } : {};
  if (node.kind === 'achievement') {
    // A minimum about one result keeps its description; without a number there is no minimum at all.
    const minimum =
      node.minResult === undefined
        ? {}
        : node.resultDescription
          ? { minResult: { value: node.minResult, resultDescription: node.resultDescription } }
          : { minResult: node.minResult };
    return { achievement: node.achievement, ...minimum, ...after };
  }
  const within = node.withinMonths !== undefined ? { withinMonths: node.withinMonths } : {};
  const children = node.children.map(toRequirements);
  return node.kind === 'all'
    ? { all: children, ...within, ...after }
    : { atLeast: node.atLeast, of: children, ...within, ...after };
}

/** Changes the node with `key` (wherever it is) through `change`; a new tree, the old one untouched. */
function update(node: EditorNode, key: string, change: (node: EditorNode) => EditorNode): EditorNode {
  if (node.key === key) {
    return change(node);
  }
  if (node.kind === 'achievement') {
    return node;
  }
  const children = node.children.map((child) => update(child, key, change));
  return children.some((child, index) => child !== node.children[index]) ? { ...node, children } : node;
}

/** The group holding `key` changed through `change(children, index)`. */
function updateParent(
  root: GroupNode,
  key: string,
  change: (children: EditorNode[], index: number) => EditorNode[],
): GroupNode {
  const visit = (node: EditorNode): EditorNode => {
    if (node.kind === 'achievement') {
      return node;
    }
    const index = node.children.findIndex((child) => child.key === key);
    if (index !== -1) {
      return { ...node, children: change(node.children, index) };
    }
    const children = node.children.map(visit);
    return children.some((child, at) => child !== node.children[at]) ? { ...node, children } : node;
  };
  return visit(root) as GroupNode;
}

export function treeReducer(state: TreeState, action: TreeAction): TreeState {
  const withRoot = (root: EditorNode): TreeState => ({ ...state, root: root as GroupNode });
  switch (action.type) {
    case 'load':
      return fromRequirements(action.requirements);
    case 'add': {
      const key = `n${state.nextKey}`;
      const child: EditorNode =
        action.node === 'achievement'
          ? {
              key,
              kind: 'achievement',
              achievement: action.achievement ?? '',
              minResult: undefined,
              resultDescription: undefined,
              after: [],
            }
          : {
              key,
              kind: action.node,
              atLeast: 1,
              withinMonths: undefined,
              after: [],
              children: [],
            };
      const root = update(state.root, action.parent, (node) =>
        node.kind === 'achievement' ? node : { ...node, children: [...node.children, child] },
      );
      return root === state.root ? state : { root: root as GroupNode, nextKey: state.nextKey + 1 };
    }
    case 'remove':
      if (action.key === state.root.key) {
        return state;
      }
      return withRoot(
        updateParent(state.root, action.key, (children, index) => children.filter((_, at) => at !== index)),
      );
    case 'move':
      return withRoot(
        updateParent(state.root, action.key, (children, index) => {
          const target = index + action.by;
          if (target < 0 || target >= children.length) {
            return children;
          }
          const moved = [...children];
          [moved[index], moved[target]] = [moved[target] as EditorNode, moved[index] as EditorNode];
          return moved;
        }),
      );
    case 'setKind':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? node : { ...node, kind: action.kind },
        ),
      );
    case 'setAchievement':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? { ...node, achievement: action.achievement } : node,
        ),
      );
    case 'setAtLeast':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? node : { ...node, atLeast: action.atLeast },
        ),
      );
    case 'setWithinMonths':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? node : { ...node, withinMonths: action.months },
        ),
      );
    case 'setMinResult':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? { ...node, minResult: action.minResult } : node,
        ),
      );
    case 'setResultDescription':
      return withRoot(
        update(state.root, action.key, (node) =>
          node.kind === 'achievement' ? { ...node, resultDescription: action.resultDescription } : node,
        ),
      );
    case 'setAfter':
      return withRoot(update(state.root, action.key, (node) => ({ ...node, after: [...action.after] })));
  }
}

/** Each node's path as the server names it in its messages: `requirements`, `requirements.all.2.of.0` … */
export function nodePaths(root: GroupNode, base = 'requirements'): Map<string, string> {
  const paths = new Map<string, string>();
  const visit = (node: EditorNode, path: string) => {
    paths.set(node.key, path);
    if (node.kind !== 'achievement') {
      const field = node.kind === 'all' ? 'all' : 'of';
      for (const [index, child] of node.children.entries()) {
        visit(child, `${path}.${field}.${index}`);
      }
    }
  };
  visit(root, base);
  return paths;
}

export type TreeMessage = { path: string; message: string };

/**
 * The server's messages by the key of the node they concern: the deepest node whose path the message's
 * path starts with (`requirements.all.2.atLeast` → the node at `requirements.all.2`). Messages about no
 * node (the target, say) are under `''`.
 */
export function messagesByNode(root: GroupNode, messages: TreeMessage[]): Map<string, TreeMessage[]> {
  const paths = [...nodePaths(root)].sort((a, b) => b[1].length - a[1].length);
  const byNode = new Map<string, TreeMessage[]>();
  for (const message of messages) {
    const owner =
      paths.find(([, path]) => message.path === path || message.path.startsWith(`${path}.`))?.[0] ?? '';
    byNode.set(owner, [...(byNode.get(owner) ?? []), message]);
  }
  return byNode;
}

/** The achievement ids named by the tree's leaves, in tree order (for "after" choices). */
export function leafAchievements(node: EditorNode): string[] {
  if (node.kind === 'achievement') {
    return node.achievement ? [node.achievement] : [];
  }
  return node.children.flatMap(leafAchievements);
}
