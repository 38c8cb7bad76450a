// The class counts a report fits the LPM to when the exact counts are out of a report's reach (docs/lpm.md,
// "Grouped counts"): above POLISH_UP_TO_CLASSES classes with many distinct class weights one certified fit of
// the exact counts takes about a minute here (K = 1000, 1300 → 13: 53 s) and a report needs dozens (the
// loss-matched calibration bisects with a fit per step, the count-profile curve takes one per point). There
// each class's count is replaced by the mean count of its group of near-equal counts, rounded (the largest at
// most `spread` times the smallest; majority and minority classes grouped apart, so the totals of both and the
// model's R change only by the rounding, at most half a sample per class). Tied counts are what the exact symmetry-reduced kernel solves at any K (about a
// second at K = 1000 with 39 groups); every fit is certified for the grouped counts, and the report says so.
import type { LpmGrouping } from '../../protocol/report';
import { levelsOf } from '../lpm/levels';
import { nearEqualGroups } from '../lpm/levelsStart';
import { classWeights, type LpmProblem } from '../lpm/problem';
import { POLISH_UP_TO_CLASSES, TFJS_FROM_CLASSES } from '../lpm/solve';

/** Largest/smallest count within one group, to start with. */
export const REPORT_GROUP_SPREAD = 1.1;
/** At most this many groups (the symmetry-reduced kernel's cost grows as groups³): the spread widens until it holds. */
export const REPORT_MAX_GROUPS = 40;

/** Whether a report fits grouped counts: above POLISH_UP_TO_CLASSES classes with TFJS_FROM_CLASSES or more distinct weights. */
export function needsGrouping(problem: LpmProblem): boolean {
  const K = problem.counts.length;
  if (K <= POLISH_UP_TO_CLASSES) return false;
  const levels = levelsOf(classWeights(problem)).length;
  return levels >= K || levels >= TFJS_FROM_CLASSES;
}

/** The groups of one set of classes (indices into counts) at a spread. */
function groupsOf(counts: readonly number[], classes: readonly number[], spread: number): number[][] {
  const c = Float64Array.from(classes, (k) => counts[k]);
  return nearEqualGroups(c, spread).map((g) => g.map((i) => classes[i]));
}

/**
 * Each class's count replaced by its group's mean count, rounded; the spread starts at REPORT_GROUP_SPREAD and is
 * multiplied by it until there are at most REPORT_MAX_GROUPS groups.
 */
export function groupCounts(counts: readonly number[], minority: readonly number[]): { counts: number[]; grouping: LpmGrouping } {
  const inMinority = new Set(minority);
  const sets = [counts.map((_, k) => k).filter((k) => !inMinority.has(k)), [...inMinority].sort((a, b) => a - b)].filter((s) => s.length);
  let spread = REPORT_GROUP_SPREAD;
  let groups = sets.flatMap((s) => groupsOf(counts, s, spread));
  while (groups.length > REPORT_MAX_GROUPS) {
    spread *= REPORT_GROUP_SPREAD;
    groups = sets.flatMap((s) => groupsOf(counts, s, spread));
  }
  const grouped = counts.slice();
  let largestChange = 0;
  for (const g of groups) {
    const mean = Math.round(g.reduce((s, k) => s + counts[k], 0) / g.length);
    for (const k of g) {
      grouped[k] = mean;
      largestChange = Math.max(largestChange, Math.abs(mean - counts[k]) / counts[k]);
    }
  }
  return { counts: grouped, grouping: { groups: groups.length, spread, largestChange } };
}
