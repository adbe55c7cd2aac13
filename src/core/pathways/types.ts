/**
 * The pathway model: a target achievement and a requirement tree (DESIGN §7). Pure data, JSON as the
 * API takes it and as `pathway_versions.requirements` stores it.
 *
 * ```json
 * { "all": [
 *     { "achievement": "UNIT1" },
 *     { "achievement": "UNIT2", "after": ["UNIT1"] },
 *     { "atLeast": 2, "of": [ { "achievement": "E1" }, { "achievement": "E2", "minResult": 70 }, { "achievement": "E3" } ],
 *       "withinMonths": 12 }
 *   ] }
 * ```
 */

/** A minimum result on the component credential: a number, or a number for one result description. */
export type MinResult = number | { value: number; resultDescription?: string };

/** Constraints that may sit beside any node. Which apply where: see `validatePathwayTree`. */
export type NodeConstraints = {
  /** Groups only: every credential counted in this group was earned within N calendar months of the first. */
  withinMonths?: number;
  /** Achievements only: the component credential carries a result at least this high. */
  minResult?: MinResult;
  /**
   * Order: every credential counted at this node (a leaf, or every leaf of a group) was earned no earlier
   * than a credential of each named achievement, which must be components of the same tree.
   */
  after?: string[];
};

export type AchievementRequirement = { achievement: string } & NodeConstraints;
export type AllRequirement = { all: RequirementNode[] } & NodeConstraints;
export type AtLeastRequirement = { atLeast: number; of: RequirementNode[] } & NodeConstraints;

/** A node of the requirement tree. */
export type RequirementNode = AchievementRequirement | AllRequirement | AtLeastRequirement;

/** What evaluation needs of a pathway: its target and its (validated) tree. */
export type PathwayDefinition = {
  targetAchievementId: string;
  requirements: RequirementNode;
};

/** A result on a credential, as Open Badges 3.0 writes it (`credentialSubject.result[]`). */
export type EarnedResult = { value?: string; resultDescription?: string };

/** A credential the learner holds, as evaluation sees it. Only active credentials should be passed. */
export type EarnedCredential = {
  /** The credential's id (the caller's choice: Cairn passes its public id). */
  id: string;
  achievementId: string;
  /** When it was earned (its awardedDate): an ISO 8601 date-time with a time zone. */
  earnedAt: string;
  results?: readonly EarnedResult[];
};

/** A component the learner has, counted by evaluation. */
export type DoneItem = { achievementId: string; credentialId: string; earnedAt: string };

/** A component still to earn. */
export type RemainingItem = {
  achievementId: string;
  /** Why a credential the learner already holds does not count, in words. */
  reason?: string;
  /** Achievements that must be earned before this one and are not held yet. */
  waitingFor?: string[];
  /** The end of the time window this component must be earned in (ISO 8601), when one applies. */
  deadline?: string;
};

/** The tree with the evaluation of every node, for progress views and the console's editor. */
export type NodeProgress = {
  kind: 'achievement' | 'all' | 'atLeast';
  /** The node's place in the tree, e.g. `requirements.all.2`. */
  path: string;
  satisfied: boolean;
  /** 0 to 100. */
  percent: number;
  achievementId?: string;
  credentialId?: string;
  reason?: string;
  /** For `atLeast`: how many children are needed. */
  atLeast?: number;
  withinMonths?: number;
  children?: NodeProgress[];
};

export type PathwayProgress = {
  completed: boolean;
  /** 0 to 100; 100 exactly when completed. */
  percent: number;
  /** Every component the learner has that counts, in tree order. */
  done: DoneItem[];
  /** The shortest route to completion: the components still to earn (empty when completed). */
  remaining: RemainingItem[];
  /** Those of `remaining` the learner can earn now (no prerequisite missing). */
  nextSteps: RemainingItem[];
  /** When completed: the component credentials that complete it (the award's evidence); else empty. */
  satisfiedBy: string[];
  tree: NodeProgress;
};

export type ValidationMessage = { path: string; message: string };

export type TreeValidation = {
  valid: boolean;
  errors: ValidationMessage[];
  warnings: ValidationMessage[];
  /** The component achievement ids, in tree order (when the structure could be read). */
  achievementIds: string[];
};
