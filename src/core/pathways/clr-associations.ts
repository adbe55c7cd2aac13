/**
 * A pathway as CLR 2.0 associations (STANDARDS-NOTES §7): each component achievement `isPartOf` the
 * target, and each order constraint "B after A" becomes `A precedes B`. Groups (all, atLeast) have no
 * achievement of their own, so CLR cannot name them: the associations say what belongs to the target
 * and in which order, and the pathway page (`/p/{id}`) says how many of which are needed.
 */
import type { AssociationInput } from '../credentials/build-clr-credential.js';
import { leavesOf, prerequisitesOf, readTree } from './read-tree.js';
import type { PathwayDefinition } from './types.js';

/**
 * The association list of a pathway. `uri` turns an achievement id into the Achievement's `id` (a URI,
 * as CLR requires of `sourceId` and `targetId`). Deterministic: components in tree order, then the
 * order constraints in tree order. A tree that cannot be read gives no associations.
 *
 * @example
 * clrAssociations(
 *   { targetAchievementId: 'C', requirements: { all: [{ achievement: 'U1' }, { achievement: 'U2', after: ['U1'] }] } },
 *   (id) => `https://cairn.example/a/${id}`,
 * );
 * // [ { associationType: 'isPartOf', sourceId: '…/a/U1', targetId: '…/a/C' },
 * //   { associationType: 'isPartOf', sourceId: '…/a/U2', targetId: '…/a/C' },
 * //   { associationType: 'precedes', sourceId: '…/a/U1', targetId: '…/a/U2' } ]
 */
export function clrAssociations(
  pathway: PathwayDefinition,
  uri: (achievementId: string) => string,
): AssociationInput[] {
  const { root } = readTree(pathway.requirements);
  if (root === undefined) {
    return [];
  }
  const components = [...new Set(leavesOf(root).map((leaf) => leaf.achievementId as string))];
  const target = uri(pathway.targetAchievementId);
  const associations: AssociationInput[] = components.map((id) => ({
    associationType: 'isPartOf',
    sourceId: uri(id),
    targetId: target,
  }));
  const prerequisites = prerequisitesOf(root);
  for (const id of components) {
    for (const before of prerequisites.get(id) ?? []) {
      if (components.includes(before)) {
        associations.push({ associationType: 'precedes', sourceId: uri(before), targetId: uri(id) });
      }
    }
  }
  return associations;
}
