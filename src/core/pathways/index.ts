/**
 * Pathways (stacking): requirement trees, their validation, evaluation against a learner's credentials,
 * and their CLR 2.0 associations. Pure: no I/O, no clock.
 * @module
 */
export { clrAssociations } from './clr-associations.js';
export { type EvaluateOptions, evaluatePathway, numericResult } from './evaluate-pathway.js';
export { addMonths } from './months.js';
export { MAX_AFTER, MAX_TREE_DEPTH, MAX_TREE_NODES, MAX_WITHIN_MONTHS } from './read-tree.js';
export type * from './types.js';
export {
  findPathwayCycle,
  type OtherPathway,
  type ValidateTreeOptions,
  validatePathwayTree,
} from './validate-pathway-tree.js';
