// The sentence a report shows when its LPM is fitted to grouped counts (core/report/grouping.ts): the CLI's
// text report, the panel and the standalone HTML all print this one.
import type { LpmGrouping } from './report';

const percent = (x: number) => `${+(100 * x).toPrecision(2)} %`;

export function groupingSentence(g: LpmGrouping, classes: number): string {
  return (
    `The LPM here is fitted to these ${classes} classes' counts grouped into ${g.groups} groups of near-equal counts ` +
    `(in each group the largest count is at most ×${+g.spread.toPrecision(3)} the smallest; majority and minority classes apart), ` +
    `every class given its group's mean count, rounded (the largest change of one count: ${percent(g.largestChange)}), and certified for those counts; ` +
    `a certified fit of the exact counts takes about a minute at this K and a report needs dozens (collapse-lens lpm --counts runs one).`
  );
}
