// Trajectory over checkpoints: NC1 (log axis, as in Papyan20), NC2, NC3, NC4 and the minority cosine.
import type { TrajectoryPoint } from '../../src/protocol/result';
import type { ChartFrame } from '../chartFrame';
import { chartFrame } from '../chartFrame';
import { trajectoryChart, type TrajectorySeries } from '../charts/trajectory';
import { h } from '../dom';
import type { Palette } from '../theme';
import { formatNumber } from '../../src/protocol/format';

type Key = Exclude<keyof TrajectoryPoint, 'checkpoint' | 'epoch'>;

interface Panel {
  id: string;
  title: string;
  yLabel: string;
  log: boolean;
  series: { key: Key; name: string; colour: (p: Palette) => string }[];
}

const PANELS: Panel[] = [
  { id: 'nc1', title: 'NC1 over training', yLabel: 'NC1 (log)', log: true, series: [{ key: 'nc1', name: 'NC1', colour: (p) => p.model }] },
  {
    id: 'nc2',
    title: 'NC2 over training',
    yLabel: 'classifiers',
    log: false,
    series: [
      { key: 'equinormClassifiers', name: 'CV of norms', colour: (p) => p.model },
      { key: 'equiangularClassifiers', name: 'std of cos', colour: (p) => p.lpm },
      { key: 'maxAngleClassifiers', name: '|cos + 1/(K−1)|', colour: (p) => p.seli },
    ],
  },
  { id: 'nc3', title: 'NC3 over training', yLabel: 'NC3', log: false, series: [{ key: 'selfDuality', name: 'NC3', colour: (p) => p.model }] },
  { id: 'nc4', title: 'NC4 over training', yLabel: 'mismatch', log: false, series: [{ key: 'nccMismatch', name: 'NC4', colour: (p) => p.model }] },
  { id: 'minority', title: 'Minority cosine over training', yLabel: 'mean cos', log: false, series: [{ key: 'minorityCos', name: 'minority', colour: (p) => p.minority }] },
];

export function trajectoryView(points: TrajectoryPoint[], palette: Palette, onStatus: (t: string) => void): { element: HTMLElement; frames: ChartFrame[] } | null {
  if (points.length === 0) return null;
  const byEpoch = points.every((p) => p.epoch !== null);
  const x = (p: TrajectoryPoint, i: number) => (byEpoch ? (p.epoch as number) : i + 1);
  const xLabel = byEpoch ? 'epoch (evenly spaced checkpoints) →' : 'checkpoint →';
  const frames: ChartFrame[] = [];
  for (const panel of PANELS) {
    const seriesOf = (p: Palette): TrajectorySeries[] =>
      panel.series
        .map((s) => ({
          name: s.name,
          colour: s.colour(p),
          points: points.flatMap((pt, i) => {
            const y = pt[s.key];
            return y === null || (panel.log && y <= 0) ? [] : [{ x: x(pt, i), y }];
          }),
        }))
        .filter((s) => s.points.length > 0);
    if (seriesOf(palette).length === 0) continue;
    frames.push(
      chartFrame({
        id: `trajectory-${panel.id}`,
        title: panel.title,
        palette,
        onStatus,
        className: 'chart-small',
        draw: (p) => {
          const series = seriesOf(p);
          const summary = series
            .map((s) => `${s.name} from ${formatNumber(s.points[0].y, 3)} at ${s.points[0].x} to ${formatNumber(s.points[s.points.length - 1].y, 3)} at ${s.points[s.points.length - 1].x}`)
            .join('; ');
          return { svgs: [trajectoryChart({ title: panel.title, yLabel: panel.yLabel, log: panel.log, xLabel, series }, p)], summary: `${summary}.` };
        },
      }),
    );
  }
  const element = h(
    'section',
    { class: 'trajectory', 'aria-label': 'Trajectory' },
    h('h2', {}, 'Trajectory'),
    h('p', { class: 'muted' }, `${points.length} checkpoints (${points[0].checkpoint} … ${points[points.length - 1].checkpoint}).`),
    h('div', { class: 'chart-row' }, ...frames.map((f) => f.element)),
  );
  return { element, frames };
}
