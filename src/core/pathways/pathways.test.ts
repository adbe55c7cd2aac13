import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clrAssociations } from './clr-associations.js';
import { evaluatePathway } from './evaluate-pathway.js';
import { addMonths } from './months.js';
import type { EarnedCredential, RequirementNode } from './types.js';
import { validatePathwayTree } from './validate-pathway-tree.js';

const leaf = (achievement: string, extra: Record<string, unknown> = {}): RequirementNode =>
  ({ achievement, ...extra }) as RequirementNode;
const all = (...children: RequirementNode[]): RequirementNode => ({ all: children });
const atLeast = (n: number, ...children: RequirementNode[]): RequirementNode => ({
  atLeast: n,
  of: children,
});

let serial = 0;
function earned(achievementId: string, earnedAt: string, results?: { value: string }[]): EarnedCredential {
  serial += 1;
  return { id: `cred-${achievementId}-${serial}`, achievementId, earnedAt, ...(results ? { results } : {}) };
}

const course = (requirements: RequirementNode) => ({ targetAchievementId: 'COURSE', requirements });

describe('validatePathwayTree', () => {
  it('accepts a well-formed tree and lists its components in order', () => {
    const result = validatePathwayTree(
      all(leaf('U1'), leaf('U2', { after: ['U1'] }), {
        ...atLeast(1, leaf('E1'), leaf('E2')),
        withinMonths: 6,
      }),
      { targetAchievementId: 'COURSE' },
    );
    expect(result).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      achievementIds: ['U1', 'U2', 'E1', 'E2'],
    });
  });

  it('refuses an impossible atLeast, and says why in words', () => {
    const tooMany = validatePathwayTree(atLeast(3, leaf('A'), leaf('B')));
    expect(tooMany.valid).toBe(false);
    expect(tooMany.errors).toEqual([
      {
        path: 'requirements.atLeast',
        message: 'asks for 3 of a list of 2: it can never be met (lower it, or add to the list)',
      },
    ]);
    expect(validatePathwayTree(atLeast(0, leaf('A'))).errors[0]?.message).toMatch(/at least 1/);
    expect(validatePathwayTree({ atLeast: 1.5, of: [leaf('A'), leaf('B')] }).errors[0]?.path).toBe(
      'requirements.atLeast',
    );
  });

  it('reports structure problems with their paths, all at once', () => {
    const result = validatePathwayTree({
      all: [{ achievement: 'A', colour: 'red' }, { all: [] }, { achievement: 'B', all: [] }, 'C', { of: [] }],
    });
    expect(result.errors.map((error) => error.path)).toEqual([
      'requirements.all.0.colour',
      'requirements.all.1.all',
      'requirements.all.2',
      'requirements.all.3',
      'requirements.all.4.of',
    ]);
    expect(validatePathwayTree(null).errors[0]?.message).toMatch(/must be an object/);
  });

  it('puts withinMonths on groups and minResult on achievements only', () => {
    const result = validatePathwayTree({
      all: [{ achievement: 'A', withinMonths: 3 }],
      minResult: 50,
    });
    expect(result.errors.map((error) => error.path)).toEqual([
      'requirements.minResult',
      'requirements.all.0.withinMonths',
    ]);
    expect(
      validatePathwayTree(all(leaf('A', { minResult: { value: 70, resultDescription: 'urn:x' } }))).valid,
    ).toBe(true);
    expect(validatePathwayTree(all(leaf('A', { minResult: 'high' }))).valid).toBe(false);
    expect(validatePathwayTree({ all: [leaf('A')], withinMonths: 0 }).valid).toBe(false);
  });

  it('limits depth and size', () => {
    let deep: RequirementNode = leaf('A');
    for (let level = 0; level < 9; level++) {
      deep = all(deep);
    }
    expect(validatePathwayTree(deep).errors[0]?.message).toMatch(/nested more than 8 groups deep/);
    const wide = all(...Array.from({ length: 600 }, (_, index) => leaf(`A${index}`)));
    expect(validatePathwayTree(wide).errors[0]?.message).toMatch(/more than 500 requirements/);
  });

  it('names unknown achievements, and warns about drafts', () => {
    const result = validatePathwayTree(all(leaf('U1'), leaf('NOPE'), leaf('DRAFT')), {
      achievements: { U1: { name: 'Unit 1', status: 'active' }, DRAFT: { name: 'Unit 9', status: 'draft' } },
    });
    expect(result.errors).toEqual([
      { path: 'requirements.all.1.achievement', message: 'no achievement “NOPE” in this organization' },
    ]);
    expect(result.warnings[0]?.message).toBe('“Unit 9” is a draft: nobody can earn it until it is published');
  });

  it('refuses an achievement named twice', () => {
    const result = validatePathwayTree(all(leaf('A'), atLeast(1, leaf('A'), leaf('B'))), {
      achievements: { A: { name: 'Alpha' }, B: { name: 'Beta' } },
    });
    expect(result.errors).toEqual([
      {
        path: 'requirements.all.1.of.0.achievement',
        message: '“Alpha” is already required at requirements.all.0: name each achievement once',
      },
    ]);
  });

  it('checks order constraints: components only, never itself or its own group, no circle', () => {
    expect(validatePathwayTree(all(leaf('A', { after: ['Z'] }))).errors[0]?.message).toMatch(
      /not one of this pathway's requirements/,
    );
    expect(validatePathwayTree(all(leaf('A', { after: ['A'] }))).errors[0]?.message).toMatch(/after itself/);
    expect(
      validatePathwayTree(all(leaf('A'), { ...all(leaf('B'), leaf('C')), after: ['B'] })).errors[0]?.message,
    ).toMatch(/inside this group/);
    const circle = validatePathwayTree(
      all(leaf('A', { after: ['C'] }), leaf('B', { after: ['A'] }), leaf('C', { after: ['B'] })),
    );
    expect(circle.valid).toBe(false);
    expect(circle.errors[0]?.message).toMatch(
      /^the order constraints go round in a circle: “A” comes after “C” comes after “B” comes after “A”$/,
    );
  });

  it('refuses a target among its own requirements, and cycles across pathways', () => {
    expect(
      validatePathwayTree(all(leaf('COURSE')), { targetAchievementId: 'COURSE' }).errors[0]?.message,
    ).toMatch(/cannot also be one of its requirements/);
    // DIPLOMA needs COURSE (another pathway); a pathway to COURSE needing DIPLOMA would close the circle.
    const result = validatePathwayTree(all(leaf('U1'), leaf('DIPLOMA')), {
      targetAchievementId: 'COURSE',
      otherPathways: [{ targetAchievementId: 'DIPLOMA', componentIds: ['COURSE', 'OTHER'] }],
      achievements: {
        U1: { name: 'Unit 1' },
        DIPLOMA: { name: 'Diploma' },
        COURSE: { name: 'Course' },
      },
    });
    expect(result.errors).toEqual([
      {
        path: 'requirements',
        message: 'the pathways would go round in a circle: “Course” needs “Diploma” needs “Course”',
      },
    ]);
    expect(
      validatePathwayTree(all(leaf('U1')), {
        targetAchievementId: 'COURSE',
        otherPathways: [{ targetAchievementId: 'DIPLOMA', componentIds: ['COURSE'] }],
      }).valid,
    ).toBe(true);
  });
});

describe('evaluatePathway', () => {
  const units = all(leaf('U1'), leaf('U2'), leaf('U3'), leaf('U4'));

  it('four units: progress by quarters, next steps, and the credentials that complete it', () => {
    const credentials = [
      earned('U1', '2026-01-10T09:00:00Z'),
      earned('U2', '2026-02-10T09:00:00Z'),
      earned('U3', '2026-03-10T09:00:00Z'),
      earned('U4', '2026-04-10T09:00:00Z'),
    ];
    const percents = [0, 1, 2, 3, 4].map(
      (count) => evaluatePathway(course(units), credentials.slice(0, count)).percent,
    );
    expect(percents).toEqual([0, 25, 50, 75, 100]);
    const three = evaluatePathway(course(units), credentials.slice(0, 3));
    expect(three).toMatchObject({
      completed: false,
      remaining: [{ achievementId: 'U4' }],
      nextSteps: [{ achievementId: 'U4' }],
      satisfiedBy: [],
    });
    expect(three.done.map((item) => item.achievementId)).toEqual(['U1', 'U2', 'U3']);
    const four = evaluatePathway(course(units), credentials);
    expect(four.completed).toBe(true);
    expect(four.satisfiedBy).toEqual(credentials.map((credential) => credential.id));
    expect(four.remaining).toEqual([]);
  });

  it('ignores credentials of other achievements, and counts the earliest of several', () => {
    const first = earned('U1', '2026-01-10T09:00:00Z');
    const again = earned('U1', '2027-01-10T09:00:00Z');
    const result = evaluatePathway(course(units), [again, earned('X', '2026-01-01T00:00:00Z'), first]);
    expect(result.done).toEqual([
      { achievementId: 'U1', credentialId: first.id, earnedAt: '2026-01-10T09:00:00Z' },
    ]);
  });

  it('n-of: any two of three; with all three the first two in tree order are the evidence', () => {
    const tree = atLeast(2, leaf('A'), leaf('B'), leaf('C'));
    const c = earned('C', '2026-01-01T00:00:00Z');
    const a = earned('A', '2026-02-01T00:00:00Z');
    const one = evaluatePathway(course(tree), [c]);
    expect(one).toMatchObject({ completed: false, percent: 50 });
    expect(one.remaining).toEqual([{ achievementId: 'A' }]);
    expect(evaluatePathway(course(tree), [c, a])).toMatchObject({
      completed: true,
      satisfiedBy: [a.id, c.id],
    });
    const b = earned('B', '2026-03-01T00:00:00Z');
    const three = evaluatePathway(course(tree), [c, a, b]);
    expect(three.satisfiedBy).toEqual([a.id, b.id]);
    expect(three.done).toHaveLength(3);
  });

  it('nested groups: core units and two electives of four', () => {
    const tree = all(
      all(leaf('CORE1'), leaf('CORE2')),
      atLeast(2, leaf('E1'), leaf('E2'), leaf('E3'), leaf('E4')),
    );
    const core = [earned('CORE1', '2026-01-01T00:00:00Z'), earned('CORE2', '2026-01-02T00:00:00Z')];
    const half = evaluatePathway(course(tree), core);
    expect(half.percent).toBe(50);
    expect(half.remaining.map((item) => item.achievementId)).toEqual(['E1', 'E2']);
    const done = evaluatePathway(course(tree), [
      ...core,
      earned('E4', '2026-03-01T00:00:00Z'),
      earned('E2', '2026-03-02T00:00:00Z'),
    ]);
    expect(done.completed).toBe(true);
    expect(done.tree.children?.[1]).toMatchObject({ kind: 'atLeast', atLeast: 2, satisfied: true });
  });

  it('order: a unit earned before its prerequisite does not count, and says so', () => {
    const tree = all(leaf('U1'), leaf('U2', { after: ['U1'] }));
    const early = evaluatePathway(course(tree), [earned('U2', '2026-01-01T00:00:00Z')]);
    expect(early.completed).toBe(false);
    expect(early.remaining).toEqual([
      { achievementId: 'U1' },
      { achievementId: 'U2', reason: 'needs “U1” first', waitingFor: ['U1'] },
    ]);
    expect(early.nextSteps).toEqual([{ achievementId: 'U1' }]);
    const wrongOrder = evaluatePathway(
      course(tree),
      [earned('U2', '2026-01-01T00:00:00Z'), earned('U1', '2026-02-01T00:00:00Z')],
      { names: { U1: 'Unit 1' } },
    );
    expect(wrongOrder.completed).toBe(false);
    expect(wrongOrder.remaining).toEqual([
      {
        achievementId: 'U2',
        reason: 'earned on 2026-01-01, before “Unit 1” (earned 2026-02-01), which must come first',
      },
    ]);
    const right = evaluatePathway(course(tree), [
      earned('U1', '2026-01-01T00:00:00Z'),
      earned('U2', '2026-01-01T00:00:00Z'),
    ]);
    expect(right.completed).toBe(true);
    // An order constraint on a group applies to every achievement in it.
    const group = all(leaf('INTRO'), { ...all(leaf('A'), leaf('B')), after: ['INTRO'] });
    expect(
      evaluatePathway(course(group), [
        earned('INTRO', '2026-02-01T00:00:00Z'),
        earned('A', '2026-03-01T00:00:00Z'),
        earned('B', '2026-01-01T00:00:00Z'),
      ]).remaining.map((item) => item.achievementId),
    ).toEqual(['B']);
  });

  it('time: within N months of the first; the best window is found', () => {
    const tree: RequirementNode = { ...all(leaf('A'), leaf('B'), leaf('C')), withinMonths: 6 };
    const late = evaluatePathway(course(tree), [
      earned('A', '2025-01-15T00:00:00Z'),
      earned('B', '2025-03-01T00:00:00Z'),
      earned('C', '2025-09-01T00:00:00Z'),
    ]);
    expect(late.completed).toBe(false);
    expect(late.remaining[0]?.reason).toMatch(/outside the 6-month window/);
    expect(late.remaining[0]?.deadline).toBeDefined();
    // A second A later opens a window holding all three.
    const again = evaluatePathway(course(tree), [
      earned('A', '2025-01-15T00:00:00Z'),
      earned('B', '2025-03-01T00:00:00Z'),
      earned('C', '2025-09-01T00:00:00Z'),
      earned('B', '2025-08-01T00:00:00Z'),
      earned('A', '2025-07-01T00:00:00Z'),
    ]);
    expect(again.completed).toBe(true);
    expect(again.done.map((item) => item.earnedAt)).toEqual([
      '2025-07-01T00:00:00Z',
      '2025-08-01T00:00:00Z',
      '2025-09-01T00:00:00Z',
    ]);
    // The window's edge counts (six months to the day), a day later does not.
    const edge = { ...all(leaf('A'), leaf('B')), withinMonths: 6 } as RequirementNode;
    expect(
      evaluatePathway(course(edge), [
        earned('A', '2025-01-31T00:00:00Z'),
        earned('B', '2025-07-31T00:00:00Z'),
      ]).completed,
    ).toBe(true);
    expect(
      evaluatePathway(course(edge), [
        earned('A', '2025-01-31T00:00:00Z'),
        earned('B', '2025-08-01T00:00:00Z'),
      ]).completed,
    ).toBe(false);
  });

  it('result minimum: below does not count (and says so); a percentage or a named result does', () => {
    const tree = all(leaf('EXAM', { minResult: 70 }));
    const low = evaluatePathway(course(tree), [earned('EXAM', '2026-01-01T00:00:00Z', [{ value: '55' }])]);
    expect(low.remaining).toEqual([
      { achievementId: 'EXAM', reason: 'the result 55 is below the minimum of 70' },
    ]);
    expect(evaluatePathway(course(tree), [earned('EXAM', '2026-01-01T00:00:00Z')]).remaining[0]?.reason).toBe(
      'no result recorded; at least 70 is needed',
    );
    expect(
      evaluatePathway(course(tree), [earned('EXAM', '2026-01-01T00:00:00Z', [{ value: '70%' }])]).completed,
    ).toBe(true);
    const named = all(leaf('EXAM', { minResult: { value: 60, resultDescription: 'urn:score' } }));
    const other = {
      ...earned('EXAM', '2026-01-01T00:00:00Z'),
      results: [{ value: '90', resultDescription: 'urn:other' }],
    };
    expect(evaluatePathway(course(named), [other]).completed).toBe(false);
    const right = {
      ...earned('EXAM', '2026-01-01T00:00:00Z'),
      results: [{ value: '61', resultDescription: 'urn:score' }],
    };
    expect(evaluatePathway(course(named), [right]).completed).toBe(true);
  });

  it('refuses a tree that cannot be read', () => {
    expect(() => evaluatePathway(course(atLeast(5, leaf('A'))), [])).toThrow(/not valid/);
  });
});

describe('clrAssociations', () => {
  it('each component isPartOf the target; order constraints precede', () => {
    const uri = (id: string) => `https://cairn.example/a/${id}`;
    expect(
      clrAssociations(course(all(leaf('U1'), atLeast(1, leaf('U2', { after: ['U1'] }), leaf('U3')))), uri),
    ).toEqual([
      { associationType: 'isPartOf', sourceId: uri('U1'), targetId: uri('COURSE') },
      { associationType: 'isPartOf', sourceId: uri('U2'), targetId: uri('COURSE') },
      { associationType: 'isPartOf', sourceId: uri('U3'), targetId: uri('COURSE') },
      { associationType: 'precedes', sourceId: uri('U1'), targetId: uri('U2') },
    ]);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(new Date(addMonths(Date.parse('2026-01-31T10:00:00Z'), 1)).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});

// Properties of evaluation over random trees and random credentials.
type Shape =
  | { kind: 'leaf'; min: number | undefined; afterSeed: number }
  | { kind: 'all' | 'atLeast'; n: number; within: number | undefined; children: Shape[] };

const shapeArbitrary = fc.letrec<{ node: Shape; leaf: Shape; group: Shape }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthIdentifier: 'tree' }, tie('leaf'), tie('group')),
  leaf: fc.record({
    kind: fc.constant('leaf' as const),
    min: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined, freq: 4 }),
    afterSeed: fc.nat({ max: 20 }),
  }),
  group: fc.record({
    kind: fc.constantFrom('all' as const, 'atLeast' as const),
    n: fc.nat(),
    within: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined, freq: 3 }),
    children: fc.array(tie('node'), { minLength: 1, maxLength: 4, depthIdentifier: 'tree' }),
  }),
}));

/** Turns a shape into a valid tree: leaves A0, A1, … in order; `after` only names earlier leaves. */
function toTree(shape: Shape): RequirementNode {
  let next = 0;
  const build = (node: Shape): RequirementNode => {
    if (node.kind === 'leaf') {
      const index = next++;
      const before = node.afterSeed % 4 === 0 && index > 0 ? [`A${node.afterSeed % index}`] : undefined;
      return {
        achievement: `A${index}`,
        ...(node.min !== undefined ? { minResult: node.min } : {}),
        ...(before ? { after: before } : {}),
      };
    }
    const children = node.children.map(build);
    const group: RequirementNode =
      node.kind === 'all' ? { all: children } : { atLeast: 1 + (node.n % children.length), of: children };
    return node.within !== undefined ? { ...group, withinMonths: node.within } : group;
  };
  return build(shape);
}

const credentialArbitrary = fc.record({
  achievement: fc.nat({ max: 12 }),
  day: fc.nat({ max: 1500 }),
  result: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
});

type RawCredential = { achievement: number; day: number; result: number | undefined };

function toCredentials(raw: readonly RawCredential[], offset = 0): EarnedCredential[] {
  const base = Date.parse('2024-01-01T00:00:00Z');
  return raw.map((item, index) => ({
    id: `c${offset + index}`,
    achievementId: `A${item.achievement}`,
    earnedAt: new Date(base + item.day * 86_400_000).toISOString(),
    ...(item.result !== undefined ? { results: [{ value: String(item.result) }] } : {}),
  }));
}

describe('evaluatePathway properties', () => {
  it('generated trees are valid', () => {
    fc.assert(
      fc.property(shapeArbitrary.node, (shape) => {
        expect(validatePathwayTree(toTree(shape)).errors).toEqual([]);
      }),
    );
  });

  it('adding an earned credential never lowers progress, and never undoes completion', () => {
    fc.assert(
      fc.property(
        shapeArbitrary.node,
        fc.array(credentialArbitrary, { maxLength: 14 }),
        credentialArbitrary,
        (shape, raw, extra) => {
          const pathway = course(toTree(shape));
          const before = evaluatePathway(pathway, toCredentials(raw));
          const after = evaluatePathway(pathway, [...toCredentials(raw), ...toCredentials([extra], 1000)]);
          expect(after.percent).toBeGreaterThanOrEqual(before.percent);
          if (before.completed) {
            expect(after.completed).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the order of the earned list never matters', () => {
    fc.assert(
      fc.property(
        shapeArbitrary.node,
        fc.array(credentialArbitrary, { maxLength: 14 }).chain((raw) =>
          fc.tuple(
            fc.constant(raw),
            fc.shuffledSubarray(
              raw.map((_, index) => index),
              { minLength: raw.length },
            ),
          ),
        ),
        (shape, [raw, order]) => {
          const pathway = course(toTree(shape));
          const credentials = toCredentials(raw);
          const shuffled = order.map((index) => credentials[index] as EarnedCredential);
          expect(evaluatePathway(pathway, shuffled)).toEqual(evaluatePathway(pathway, credentials));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('100 percent exactly when completed; completed exactly when satisfiedBy is given; remaining empty then', () => {
    fc.assert(
      fc.property(shapeArbitrary.node, fc.array(credentialArbitrary, { maxLength: 14 }), (shape, raw) => {
        const result = evaluatePathway(course(toTree(shape)), toCredentials(raw));
        expect(result.percent === 100).toBe(result.completed);
        expect(result.satisfiedBy.length > 0).toBe(result.completed);
        expect(result.remaining.length === 0).toBe(result.completed);
        // What completes it is a subset of what counts.
        const done = new Set(result.done.map((item) => item.credentialId));
        expect(result.satisfiedBy.every((id) => done.has(id))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('earning everything in the remaining plan (now, with top results) completes it when no order or window stands in the way', () => {
    fc.assert(
      fc.property(shapeArbitrary.node, fc.array(credentialArbitrary, { maxLength: 10 }), (shape, raw) => {
        const tree = toTree(shape);
        const plain = JSON.parse(
          JSON.stringify(tree)
            .replace(/,"after":\["A\d+"\]/g, '')
            .replace(/,"withinMonths":\d+/g, ''),
        );
        const pathway = course(plain);
        const credentials = toCredentials(raw);
        const first = evaluatePathway(pathway, credentials);
        const extra = first.remaining.map((item, index) => ({
          id: `plan${index}`,
          achievementId: item.achievementId,
          earnedAt: '2030-01-01T00:00:00Z',
          results: [{ value: '100' }],
        }));
        expect(evaluatePathway(pathway, [...credentials, ...extra]).completed).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
