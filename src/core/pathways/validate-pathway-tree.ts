/**
 * Checks a requirement tree before it is stored, with messages a person can act on: structure, no
 * impossible `atLeast`, no unknown achievements, depth and size limits, order constraints that refer to
 * components and do not go round in a circle, and no cycle of pathways (a target that is, through other
 * pathways, one of its own components).
 */
import { leavesOf, prerequisitesOf, readTree, type TreeNode, walk } from './read-tree.js';
import type { TreeValidation, ValidationMessage } from './types.js';

/** Another pathway of the organization, for the cycle check across pathways. */
export type OtherPathway = {
  targetAchievementId: string;
  /** Every achievement its trees name (all versions). */
  componentIds: readonly string[];
};

export type ValidateTreeOptions = {
  /** The pathway's target: it may not be one of its own components, directly or through other pathways. */
  targetAchievementId?: string;
  /** The organization's achievements by id; when given, ids not in it are reported as unknown. */
  achievements?: Readonly<Record<string, { name: string; status?: string }>>;
  /** The organization's other pathways (not the one being edited). */
  otherPathways?: readonly OtherPathway[];
  /** Where the tree sits in the request, for paths: `requirements` by default. */
  rootPath?: string;
};

/**
 * Validates a requirement tree. Never throws: the result lists every problem (`errors`, which make it
 * invalid) and things worth knowing (`warnings`, e.g. a component that is still a draft).
 *
 * @example
 * validatePathwayTree({ atLeast: 3, of: [{ achievement: 'A' }, { achievement: 'B' }] })
 * // { valid: false, errors: [{ path: 'requirements.atLeast',
 * //   message: 'asks for 3 of a list of 2: it can never be met (lower it, or add to the list)' }], ... }
 */
export function validatePathwayTree(tree: unknown, options: ValidateTreeOptions = {}): TreeValidation {
  const rootPath = options.rootPath ?? 'requirements';
  const { root, errors } = readTree(tree, rootPath);
  const warnings: ValidationMessage[] = [];
  if (root === undefined) {
    return { valid: false, errors, warnings, achievementIds: [] };
  }
  const label = (id: string) => {
    const name = options.achievements?.[id]?.name;
    return name ? `“${name}”` : `“${id}”`;
  };
  const leaves = leavesOf(root);
  const ids = leaves.map((leaf) => leaf.achievementId as string);
  const componentSet = new Set(ids);

  // Each achievement once: a credential counts once, and "twice" has no meaning a learner could meet.
  const firstAt = new Map<string, string>();
  for (const leaf of leaves) {
    const id = leaf.achievementId as string;
    const first = firstAt.get(id);
    if (first !== undefined) {
      errors.push({
        path: `${leaf.path}.achievement`,
        message: `${label(id)} is already required at ${first}: name each achievement once`,
      });
    } else {
      firstAt.set(id, leaf.path);
    }
  }

  if (options.achievements) {
    for (const leaf of leaves) {
      const id = leaf.achievementId as string;
      const known = options.achievements[id];
      if (!known) {
        errors.push({
          path: `${leaf.path}.achievement`,
          message: `no achievement ${label(id)} in this organization`,
        });
      } else if (known.status === 'draft') {
        warnings.push({
          path: `${leaf.path}.achievement`,
          message: `${label(id)} is a draft: nobody can earn it until it is published`,
        });
      } else if (known.status === 'archived') {
        warnings.push({
          path: `${leaf.path}.achievement`,
          message: `${label(id)} is archived: only learners who already hold it can complete this`,
        });
      }
    }
  }

  checkAfter(root, componentSet, label, errors);

  const target = options.targetAchievementId;
  if (target !== undefined) {
    const own = leaves.find((leaf) => leaf.achievementId === target);
    if (own) {
      errors.push({
        path: `${own.path}.achievement`,
        message: `${label(target)} is what this pathway awards: it cannot also be one of its requirements`,
      });
    } else {
      const cycle = findPathwayCycle(target, ids, options.otherPathways ?? []);
      if (cycle) {
        errors.push({
          path: rootPath,
          message: `the pathways would go round in a circle: ${cycle.map(label).join(' needs ')}`,
        });
      }
    }
  }

  return { valid: errors.length === 0, errors, warnings, achievementIds: [...firstAt.keys()] };
}

/** `after` names components of this tree, never the node itself or something inside its own group, without a circle. */
function checkAfter(
  root: TreeNode,
  components: ReadonlySet<string>,
  label: (id: string) => string,
  errors: ValidationMessage[],
): void {
  walk(root, (node) => {
    if (node.after.length === 0) {
      return;
    }
    const inside = new Set(leavesOf(node).map((leaf) => leaf.achievementId as string));
    for (const id of node.after) {
      if (!components.has(id)) {
        errors.push({
          path: `${node.path}.after`,
          message: `${label(id)} is not one of this pathway's requirements: add it to the tree, or take it out of "after"`,
        });
      } else if (inside.has(id)) {
        errors.push({
          path: `${node.path}.after`,
          message:
            node.kind === 'achievement'
              ? `${label(id)} cannot come after itself`
              : `${label(id)} is inside this group, so it cannot come before the whole group`,
        });
      }
    }
  });
  // Order constraints must not form a circle (A after B after A): nobody could ever meet them.
  const prerequisites = prerequisitesOf(root);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  let reported = false;
  const visit = (id: string): void => {
    if (reported || state.get(id) === 'done') {
      return;
    }
    if (state.get(id) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      errors.push({
        path: root.path,
        message: `the order constraints go round in a circle: ${cycle.map(label).join(' comes after ')}`,
      });
      reported = true;
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const before of prerequisites.get(id) ?? []) {
      if (components.has(before)) {
        visit(before);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of prerequisites.keys()) {
    visit(id);
  }
}

/**
 * The circle `[target, …, target]` this pathway would close through the other pathways (a component
 * that is the target of a pathway needing, eventually, this target), or undefined.
 */
export function findPathwayCycle(
  target: string,
  components: readonly string[],
  others: readonly OtherPathway[],
): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: readonly string[]) => {
    const set = edges.get(from) ?? new Set<string>();
    for (const id of to) {
      set.add(id);
    }
    edges.set(from, set);
  };
  for (const other of others) {
    add(other.targetAchievementId, other.componentIds);
  }
  add(target, components);
  const seen = new Set<string>();
  const path: string[] = [target];
  const search = (node: string): string[] | undefined => {
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (next === target) {
        return [...path, target];
      }
      if (!seen.has(next)) {
        seen.add(next);
        path.push(next);
        const found = search(next);
        if (found) {
          return found;
        }
        path.pop();
      }
    }
    return undefined;
  };
  return search(target);
}
