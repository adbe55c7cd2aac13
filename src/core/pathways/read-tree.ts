/**
 * Reads a requirement tree from JSON into the normalized form validation and evaluation share, and
 * reports every structural problem it meets (with the node's path) rather than stopping at the first.
 */
import type { ValidationMessage } from './types.js';

/** Groups may nest this deep (the root group is level 1). */
export const MAX_TREE_DEPTH = 8;
/** Nodes (groups and achievements) in one tree. */
export const MAX_TREE_NODES = 500;
/** Achievements one `after` may name. */
export const MAX_AFTER = 50;
/** A century, as for achievement validity. */
export const MAX_WITHIN_MONTHS = 1200;

const KNOWN_KEYS = new Set(['achievement', 'all', 'atLeast', 'of', 'withinMonths', 'minResult', 'after']);

export type TreeNode = {
  kind: 'achievement' | 'all' | 'atLeast';
  path: string;
  /** Leaves only. */
  achievementId?: string;
  children: TreeNode[];
  /** How many children must be satisfied: all of them, N, or 1 for a leaf. */
  needed: number;
  withinMonths?: number;
  minResult?: { value: number; resultDescription?: string };
  /** This node's own `after` (ancestors' are added by the callers that need them). */
  after: string[];
};

export type ReadTree = { root: TreeNode | undefined; errors: ValidationMessage[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Normalizes `raw`. `root` is undefined when the tree cannot be read at all; otherwise it is built
 * from what could be read (problem nodes are dropped) and `errors` lists every problem.
 */
export function readTree(raw: unknown, rootPath = 'requirements'): ReadTree {
  const errors: ValidationMessage[] = [];
  let count = 0;
  let tooMany = false;
  const fail = (path: string, message: string) => {
    errors.push({ path, message });
  };

  const read = (value: unknown, path: string, depth: number): TreeNode | undefined => {
    count += 1;
    if (count > MAX_TREE_NODES) {
      if (!tooMany) {
        tooMany = true;
        fail(rootPath, `has more than ${MAX_TREE_NODES} requirements; split it into pathways that stack`);
      }
      return undefined;
    }
    if (!isObject(value)) {
      fail(
        path,
        'must be an object: { "achievement": id }, { "all": [...] } or { "atLeast": n, "of": [...] }',
      );
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!KNOWN_KEYS.has(key)) {
        fail(
          `${path}.${key}`,
          `is not a requirement property (use achievement, all, atLeast with of, withinMonths, minResult, after)`,
        );
      }
    }
    const kinds = [
      'achievement' in value ? 'achievement' : undefined,
      'all' in value ? 'all' : undefined,
      'atLeast' in value || 'of' in value ? 'atLeast' : undefined,
    ].filter((kind) => kind !== undefined);
    if (kinds.length !== 1) {
      fail(
        path,
        kinds.length === 0
          ? 'names no requirement: give "achievement", "all" or "atLeast" with "of"'
          : `mixes ${kinds.join(' and ')}: a requirement is one achievement, or one group`,
      );
      return undefined;
    }
    const kind = kinds[0] as TreeNode['kind'];
    const after = readAfter(value.after, `${path}.after`, fail);
    const withinMonths = readWithinMonths(value.withinMonths, `${path}.withinMonths`, fail);
    const minResult = readMinResult(value.minResult, `${path}.minResult`, fail);

    if (kind === 'achievement') {
      if (withinMonths !== undefined) {
        fail(
          `${path}.withinMonths`,
          'applies to a group (all or atLeast): it says its achievements were earned within that many months of each other',
        );
      }
      const id = value.achievement;
      if (typeof id !== 'string' || id.trim() === '' || id.length > 200) {
        fail(`${path}.achievement`, 'must be the id of an achievement');
        return undefined;
      }
      return {
        kind,
        path,
        achievementId: id,
        children: [],
        needed: 1,
        after,
        ...(minResult ? { minResult } : {}),
      };
    }

    if (minResult !== undefined) {
      fail(`${path}.minResult`, 'applies to one achievement, not to a group: put it beside that achievement');
    }
    if (depth > MAX_TREE_DEPTH) {
      fail(path, `is nested more than ${MAX_TREE_DEPTH} groups deep; flatten it or stack pathways`);
      return undefined;
    }
    const listKey = kind === 'all' ? 'all' : 'of';
    const list = value[listKey];
    if (!Array.isArray(list) || list.length === 0) {
      fail(`${path}.${listKey}`, 'must be a list of at least one requirement');
      return undefined;
    }
    const children = list
      .map((child, index) => read(child, `${path}.${listKey}.${index}`, depth + 1))
      .filter((child): child is TreeNode => child !== undefined);
    let needed = list.length;
    if (kind === 'atLeast') {
      const n = value.atLeast;
      if (typeof n !== 'number' || !Number.isInteger(n)) {
        fail(`${path}.atLeast`, 'must be a whole number: how many of the list are needed');
        return undefined;
      }
      if (n < 1) {
        fail(`${path}.atLeast`, `asks for ${n}: at least 1 of the list must be needed`);
        return undefined;
      }
      if (n > list.length) {
        fail(
          `${path}.atLeast`,
          `asks for ${n} of a list of ${list.length}: it can never be met (lower it, or add to the list)`,
        );
        return undefined;
      }
      needed = n;
    }
    if (children.length !== list.length) {
      return undefined;
    }
    return {
      kind,
      path,
      children,
      needed,
      after,
      ...(withinMonths !== undefined ? { withinMonths } : {}),
    };
  };

  const root = read(raw, rootPath, 1);
  return { root, errors };
}

function readAfter(value: unknown, path: string, fail: (path: string, message: string) => void): string[] {
  if (value === undefined) {
    return [];
  }
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_AFTER ||
    !value.every((id) => typeof id === 'string' && id.trim() !== '' && id.length <= 200)
  ) {
    fail(path, `must be a list of 1 to ${MAX_AFTER} achievement ids that must be earned first`);
    return [];
  }
  return [...new Set(value as string[])];
}

function readWithinMonths(
  value: unknown,
  path: string,
  fail: (path: string, message: string) => void,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WITHIN_MONTHS) {
    fail(path, `must be a whole number of months from 1 to ${MAX_WITHIN_MONTHS}`);
    return undefined;
  }
  return value;
}

function readMinResult(
  value: unknown,
  path: string,
  fail: (path: string, message: string) => void,
): { value: number; resultDescription?: string } | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { value };
  }
  if (isObject(value) && typeof value.value === 'number' && Number.isFinite(value.value)) {
    const extra = Object.keys(value).filter((key) => key !== 'value' && key !== 'resultDescription');
    if (extra.length > 0) {
      fail(path, `takes "value" and "resultDescription" only, not ${extra.join(', ')}`);
      return undefined;
    }
    if (value.resultDescription === undefined) {
      return { value: value.value };
    }
    if (typeof value.resultDescription === 'string' && value.resultDescription !== '') {
      return { value: value.value, resultDescription: value.resultDescription };
    }
  }
  fail(
    path,
    'must be a number (the least result value that counts), or { "value": n, "resultDescription": id }',
  );
  return undefined;
}

/** Every node, depth first, in tree order. */
export function walk(node: TreeNode, visit: (node: TreeNode, ancestors: readonly TreeNode[]) => void): void {
  const go = (current: TreeNode, ancestors: TreeNode[]) => {
    visit(current, ancestors);
    for (const child of current.children) {
      go(child, [...ancestors, current]);
    }
  };
  go(node, []);
}

/** The leaves, in tree order. */
export function leavesOf(node: TreeNode): TreeNode[] {
  const leaves: TreeNode[] = [];
  walk(node, (current) => {
    if (current.kind === 'achievement') {
      leaves.push(current);
    }
  });
  return leaves;
}

/**
 * Prerequisites of each achievement: its leaf's own `after` plus every ancestor group's. Keyed by
 * achievement id (the first leaf naming it, should a tree name one twice).
 */
export function prerequisitesOf(root: TreeNode): Map<string, string[]> {
  const out = new Map<string, string[]>();
  walk(root, (node, ancestors) => {
    if (node.kind === 'achievement' && node.achievementId !== undefined && !out.has(node.achievementId)) {
      const all = new Set<string>();
      for (const holder of [...ancestors, node]) {
        for (const id of holder.after) {
          if (id !== node.achievementId) {
            all.add(id);
          }
        }
      }
      out.set(node.achievementId, [...all]);
    }
  });
  return out;
}
