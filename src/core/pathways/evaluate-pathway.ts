/**
 * Evaluates a learner's credentials against a pathway: completed or not, what counts, what remains,
 * what to do next, and a percentage. Pure and deterministic: the same credentials in any order give
 * the same answer, and no clock is read.
 *
 * Semantics, node by node:
 * - `{ achievement }` is met by a credential of that achievement that passes the leaf's `minResult`
 *   and its order constraints (below); the earliest such credential is the one counted.
 * - `{ all }` needs every child; `{ atLeast: n, of }` needs n children (the first n met, in the order
 *   the tree lists them, are the ones counted).
 * - `after: [X, …]` beside a node: a credential counted at that node (at each leaf of a group) was earned
 *   no earlier than a qualifying credential of each X (the learner held X when they earned it).
 * - `withinMonths: n` beside a group: the credentials counted in the group were all earned within n
 *   calendar months of the first of them. Every window start the learner's credentials offer is tried;
 *   the best one is kept (met before not met, then more progress, then the later window).
 *
 * Progress: a leaf is 0 or 1; `all` is the average of its children weighted by how many achievements
 * each needs at least; `atLeast n` is the average of its n best children. So adding a credential never
 * lowers it, and it is 100 exactly when the pathway is completed.
 */
import { AppError } from '../../errors.js';
import { addMonths, isoDay, isoTime } from './months.js';
import { leavesOf, prerequisitesOf, readTree, type TreeNode } from './read-tree.js';
import type {
  DoneItem,
  EarnedCredential,
  EarnedResult,
  NodeProgress,
  PathwayDefinition,
  PathwayProgress,
  RemainingItem,
} from './types.js';

export type EvaluateOptions = {
  /** Achievement names by id, for the reasons given in words. */
  names?: Readonly<Record<string, string>>;
};

type Candidate = {
  id: string;
  achievementId: string;
  time: number;
  earnedAt: string;
  results: readonly EarnedResult[];
};

type Window = { from: number; until: number; months?: number };

type Evaluated = {
  node: TreeNode;
  satisfied: boolean;
  /** Progress, 0 to 1. */
  p: number;
  /** The fewest achievements that can meet this node. */
  need: number;
  /** Leaves met beneath (all of them, also beyond what an atLeast needs). */
  doneCount: number;
  children: Evaluated[];
  /** atLeast: the indexes of the children counted. */
  counted: number[];
  chosen?: Candidate;
  reason?: string;
  /** Leaves: the end of the window they must be earned in. */
  deadline?: number;
};

const ALWAYS: Window = { from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY };

/**
 * Evaluates `pathway` for a learner holding `earned` (their active credentials; others are ignored).
 *
 * Throws INVALID_INPUT when the tree cannot be read (validate it first with `validatePathwayTree`).
 *
 * @example
 * evaluatePathway(
 *   { targetAchievementId: 'COURSE', requirements: { all: [{ achievement: 'U1' }, { achievement: 'U2' }] } },
 *   [{ id: 'c1', achievementId: 'U1', earnedAt: '2026-01-10T09:00:00Z' }],
 * );
 * // { completed: false, percent: 50, done: [{ achievementId: 'U1', credentialId: 'c1', … }],
 * //   remaining: [{ achievementId: 'U2' }], nextSteps: [{ achievementId: 'U2' }], satisfiedBy: [], tree }
 */
export function evaluatePathway(
  pathway: PathwayDefinition,
  earned: readonly EarnedCredential[],
  options: EvaluateOptions = {},
): PathwayProgress {
  const { root, errors } = readTree(pathway.requirements);
  if (root === undefined || errors.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `The requirement tree is not valid: ${errors.map((error) => `${error.path} ${error.message}`).join('; ')}`,
      { cause: errors },
    );
  }
  const label = (id: string) => `“${options.names?.[id] ?? id}”`;
  const leaves = leavesOf(root);
  const minResults = new Map(leaves.map((leaf) => [leaf.achievementId as string, leaf.minResult]));
  const prerequisites = prerequisitesOf(root);

  // The learner's credentials per component, earliest first (ties by id): the order the input came in
  // never matters.
  const held = new Map<string, Candidate[]>();
  for (const credential of earned) {
    const time = Date.parse(credential.earnedAt);
    if (!minResults.has(credential.achievementId) || Number.isNaN(time)) {
      continue;
    }
    const list = held.get(credential.achievementId) ?? [];
    list.push({
      id: credential.id,
      achievementId: credential.achievementId,
      time,
      earnedAt: isoTime(time),
      results: credential.results ?? [],
    });
    held.set(credential.achievementId, list);
  }
  for (const list of held.values()) {
    list.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // Credentials that count for each component, whatever the window: result and order constraints met.
  const qualified = new Map<string, Candidate[]>();
  const unqualifiedReason = new Map<string, string>();
  const visiting = new Set<string>();
  const qualify = (id: string): Candidate[] => {
    const known = qualified.get(id);
    if (known) {
      return known;
    }
    if (visiting.has(id)) {
      return []; // a circle of order constraints (validation refuses them): nothing can count
    }
    visiting.add(id);
    const mine = held.get(id) ?? [];
    const minimum = minResults.get(id);
    const passing = minimum ? mine.filter((candidate) => meetsMinimum(candidate, minimum)) : mine;
    let counting = passing;
    let orderReason: string | undefined;
    for (const before of prerequisites.get(id) ?? []) {
      const earlier = minResults.has(before) ? qualify(before) : [];
      counting = counting.filter((candidate) => earlier.some((other) => other.time <= candidate.time));
      if (counting.length === 0 && passing.length > 0 && orderReason === undefined) {
        orderReason =
          earlier.length === 0
            ? `needs ${label(before)} first`
            : `earned on ${isoDay((passing.at(-1) as Candidate).time)}, before ${label(before)} (earned ${isoDay((earlier[0] as Candidate).time)}), which must come first`;
      }
    }
    visiting.delete(id);
    if (mine.length > 0 && passing.length === 0 && minimum) {
      unqualifiedReason.set(id, resultReason(mine, minimum));
    } else if (orderReason !== undefined) {
      unqualifiedReason.set(id, orderReason);
    }
    qualified.set(id, counting);
    return counting;
  };
  for (const leaf of leaves) {
    qualify(leaf.achievementId as string);
  }

  // Nested windows evaluate the same group for the same window many times: remember each answer, so the
  // work stays polynomial in the number of credentials however the windows nest.
  const memo = new Map<string, Evaluated>();
  const evaluate = (node: TreeNode, window: Window): Evaluated => {
    if (node.kind === 'achievement') {
      return evaluateLeaf(node, window);
    }
    const key = `${node.path}|${window.from}|${window.until}|${window.months ?? ''}`;
    const known = memo.get(key);
    if (known) {
      return known;
    }
    const result = evaluateUncached(node, window);
    memo.set(key, result);
    return result;
  };

  const evaluateUncached = (node: TreeNode, window: Window): Evaluated => {
    if (node.withinMonths === undefined) {
      return evaluateGroup(node, window);
    }
    // Try each window a counted credential could open, inside the window around this one.
    const months = node.withinMonths;
    const starts = new Set<number>();
    for (const leaf of leavesOf(node)) {
      for (const candidate of qualified.get(leaf.achievementId as string) ?? []) {
        if (candidate.time >= window.from && candidate.time <= window.until) {
          starts.add(candidate.time);
        }
      }
    }
    let best: Evaluated | undefined;
    for (const start of [...starts].sort((a, b) => a - b)) {
      const inner: Window = {
        from: Math.max(window.from, start),
        until: Math.min(window.until, addMonths(start, months)),
        months,
      };
      const result = evaluateGroup(node, inner);
      if (best === undefined || isBetter(result, best)) {
        best = result;
      }
    }
    return best ?? evaluateGroup(node, window);
  };

  const evaluateLeaf = (node: TreeNode, window: Window): Evaluated => {
    const id = node.achievementId as string;
    const counting = qualified.get(id) ?? [];
    const inside = counting.filter(
      (candidate) => candidate.time >= window.from && candidate.time <= window.until,
    );
    const chosen = inside[0];
    const base = { node, need: 1, children: [], counted: [] };
    if (chosen) {
      return { ...base, satisfied: true, p: 1, doneCount: 1, chosen };
    }
    let reason = unqualifiedReason.get(id);
    if (reason === undefined && counting.length > 0) {
      const outside = counting.at(-1) as Candidate;
      reason = `earned on ${isoDay(outside.time)}, outside the ${window.months ?? ''}-month window (${isoDay(window.from)} to ${isoDay(window.until)})`;
    }
    return {
      ...base,
      satisfied: false,
      p: 0,
      doneCount: 0,
      ...(reason !== undefined ? { reason } : {}),
      ...(Number.isFinite(window.until) ? { deadline: window.until } : {}),
    };
  };

  const evaluateGroup = (node: TreeNode, window: Window): Evaluated => {
    const children = node.children.map((child) => evaluate(child, window));
    const doneCount = children.reduce((sum, child) => sum + child.doneCount, 0);
    if (node.kind === 'all') {
      const need = children.reduce((sum, child) => sum + child.need, 0);
      const p = children.reduce((sum, child) => sum + child.need * child.p, 0) / need;
      return {
        node,
        satisfied: children.every((child) => child.satisfied),
        p,
        need,
        doneCount,
        children,
        counted: children.map((_, index) => index),
      };
    }
    const order = children
      .map((child, index) => ({ child, index }))
      .sort((a, b) => b.child.p - a.child.p || a.child.need - b.child.need || a.index - b.index);
    const top = order.slice(0, node.needed);
    const satisfied = top.every((entry) => entry.child.satisfied);
    // Met: the first n children met, in tree order, are the ones counted (and named as evidence).
    const counted = satisfied
      ? children
          .map((child, index) => (child.satisfied ? index : -1))
          .filter((index) => index >= 0)
          .slice(0, node.needed)
      : top.map((entry) => entry.index).sort((a, b) => a - b);
    const needs = children.map((child) => child.need).sort((a, b) => a - b);
    return {
      node,
      satisfied,
      p: top.reduce((sum, entry) => sum + entry.child.p, 0) / node.needed,
      need: needs.slice(0, node.needed).reduce((sum, need) => sum + need, 0),
      doneCount,
      children,
      counted,
    };
  };

  const result = evaluate(root, ALWAYS);
  const completed = result.satisfied;

  const done: DoneItem[] = [];
  const collectDone = (evaluated: Evaluated) => {
    if (evaluated.chosen) {
      done.push({
        achievementId: evaluated.chosen.achievementId,
        credentialId: evaluated.chosen.id,
        earnedAt: evaluated.chosen.earnedAt,
      });
    }
    evaluated.children.forEach(collectDone);
  };
  collectDone(result);

  const satisfiedBy: string[] = [];
  if (completed) {
    const collectUsed = (evaluated: Evaluated) => {
      if (evaluated.chosen) {
        satisfiedBy.push(evaluated.chosen.id);
      }
      for (const index of evaluated.counted) {
        collectUsed(evaluated.children[index] as Evaluated);
      }
    };
    collectUsed(result);
  }

  const remaining = completed ? [] : plan(result);
  const items: RemainingItem[] = remaining.map((leaf) => {
    const id = leaf.node.achievementId as string;
    const waitingFor = (prerequisites.get(id) ?? []).filter(
      (before) => minResults.has(before) && (qualified.get(before) ?? []).length === 0,
    );
    return {
      achievementId: id,
      ...(leaf.reason !== undefined ? { reason: leaf.reason } : {}),
      ...(waitingFor.length > 0 ? { waitingFor } : {}),
      ...(leaf.deadline !== undefined ? { deadline: isoTime(leaf.deadline) } : {}),
    };
  });

  return {
    completed,
    percent: toPercent(result),
    done,
    remaining: items,
    nextSteps: items.filter((item) => item.waitingFor === undefined),
    satisfiedBy,
    tree: toProgress(result),
  };
}

/** Met first, then more progress, then more achievements met, then the later window. */
function isBetter(candidate: Evaluated, best: Evaluated): boolean {
  if (candidate.satisfied !== best.satisfied) {
    return candidate.satisfied;
  }
  if (candidate.p !== best.p) {
    return candidate.p > best.p;
  }
  if (candidate.doneCount !== best.doneCount) {
    return candidate.doneCount > best.doneCount;
  }
  return true; // starts are tried earliest first: on a tie the later window wins
}

/** The shortest way to completion: the unmet leaves to earn, in tree order within each group. */
function plan(evaluated: Evaluated): Evaluated[] {
  if (evaluated.satisfied) {
    return [];
  }
  if (evaluated.node.kind === 'achievement') {
    return [evaluated];
  }
  if (evaluated.node.kind === 'all') {
    return evaluated.children.flatMap(plan);
  }
  const met = evaluated.children.filter((child) => child.satisfied).length;
  const options = evaluated.children
    .map((child, index) => ({ child, index, steps: plan(child) }))
    .filter((option) => !option.child.satisfied)
    .sort((a, b) => a.steps.length - b.steps.length || b.child.p - a.child.p || a.index - b.index)
    .slice(0, Math.max(0, evaluated.node.needed - met))
    .sort((a, b) => a.index - b.index);
  return options.flatMap((option) => option.steps);
}

function toPercent(evaluated: Evaluated): number {
  if (evaluated.satisfied) {
    return 100;
  }
  // The small epsilon absorbs floating-point noise (49.999… for an exact 50).
  return Math.min(99, Math.max(0, Math.floor(evaluated.p * 100 + 1e-9)));
}

function toProgress(evaluated: Evaluated): NodeProgress {
  const { node } = evaluated;
  return {
    kind: node.kind,
    path: node.path,
    satisfied: evaluated.satisfied,
    percent: toPercent(evaluated),
    ...(node.achievementId !== undefined ? { achievementId: node.achievementId } : {}),
    ...(evaluated.chosen ? { credentialId: evaluated.chosen.id } : {}),
    ...(evaluated.reason !== undefined ? { reason: evaluated.reason } : {}),
    ...(node.kind === 'atLeast' ? { atLeast: node.needed } : {}),
    ...(node.withinMonths !== undefined ? { withinMonths: node.withinMonths } : {}),
    ...(node.kind === 'achievement' ? {} : { children: evaluated.children.map(toProgress) }),
  };
}

/** A result value as a number: `85`, `85.5`, `85%`; undefined for anything else (a grade like `B+`). */
export function numericResult(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function meetsMinimum(candidate: Candidate, minimum: { value: number; resultDescription?: string }): boolean {
  return candidate.results.some((result) => {
    if (minimum.resultDescription !== undefined && result.resultDescription !== minimum.resultDescription) {
      return false;
    }
    const value = numericResult(result.value);
    return value !== undefined && value >= minimum.value;
  });
}

function resultReason(
  candidates: readonly Candidate[],
  minimum: { value: number; resultDescription?: string },
): string {
  const values = candidates
    .flatMap((candidate) => candidate.results)
    .filter(
      (result) =>
        minimum.resultDescription === undefined || result.resultDescription === minimum.resultDescription,
    )
    .map((result) => numericResult(result.value))
    .filter((value): value is number => value !== undefined);
  if (values.length === 0) {
    return `no result recorded; at least ${minimum.value} is needed`;
  }
  return `the result ${Math.max(...values)} is below the minimum of ${minimum.value}`;
}
