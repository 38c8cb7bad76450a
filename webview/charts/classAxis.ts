// The class axis shared by the per-class bar charts (counts, accuracy, norms, variability): one band per
// class in the order given (largest count first), names slanted when longer than a band is wide, and at
// many classes (K = 100, 1000) a fixed width with a sampled subset of tick labels, so labels never overlap.
import type { ClassInfo } from '../viewModel';

/** Up to this many classes every class gets its own labelled band of `BAND` px. */
export const LABEL_EVERY_CLASS_UP_TO = 40;
const BAND = 34;
/** The plot width at many classes, and the least room a sampled tick label gets. */
const WIDE = 880;
const TICK_ROOM = 44;

export interface ClassAxis {
  /** Width of the plot area (without margins). */
  plotWidth: number;
  /** Extra bottom margin for slanted names. */
  extra: number;
  /** Plot's x options (a band scale over the class labels). */
  x: Record<string, unknown>;
  /** True when every class has a visible tick label. */
  everyLabel: boolean;
}

/** Every n-th label so that labels are at least TICK_ROOM px apart (the first and the smallest class kept). */
export function sampledLabels(labels: string[], plotWidth: number, room = TICK_ROOM): string[] {
  const step = Math.max(1, Math.ceil((room * labels.length) / plotWidth));
  return labels.filter((_, i) => i % step === 0);
}

export function classAxis(classes: ClassInfo[], label: string): ClassAxis {
  const labels = classes.map((c) => c.label);
  const everyLabel = classes.length <= LABEL_EVERY_CLASS_UP_TO;
  const plotWidth = everyLabel ? BAND * classes.length : WIDE;
  const longest = Math.max(...labels.map((l) => l.length));
  const slant = longest > 4;
  const extra = slant ? Math.min(60, 5 * longest) : 0;
  const x: Record<string, unknown> = {
    domain: labels,
    label: slant ? null : label,
    tickSize: 0,
    padding: everyLabel ? 0.2 : 0.1,
    tickRotate: slant ? -35 : 0,
  };
  if (!everyLabel) x.ticks = sampledLabels(labels, plotWidth, slant ? 20 : TICK_ROOM);
  return { plotWidth, extra, x, everyLabel };
}
