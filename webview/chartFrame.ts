// A chart with everything around it: a heading, a keyboard-focusable figure with an aria label, a short
// text summary (also its aria description), and SVG/PNG export. The chart itself is redrawn on demand
// (theme switch, what-if update) by calling `redraw`.
import { h, uid } from './dom';
import { composeSvg, fileStem, saveFile, svgToPng } from './export';
import type { Palette } from './theme';
import { button } from './toolkit';

export interface Drawn {
  /** The visible chart SVG(s) first, then extra parts that go only into the exported file (a legend). */
  svgs: SVGSVGElement[];
  /** How many of `svgs` are shown in the frame (the rest are export-only). */
  shown?: number;
  /** One or two sentences with the chart's numbers, for screen readers and the visible caption. */
  summary: string;
}

export interface ChartFrame {
  element: HTMLElement;
  id: string;
  redraw(palette: Palette): void;
  /** The exported SVG text, as the SVG button saves it. */
  svgText(): string;
}

export function chartFrame(options: {
  id: string;
  title: string;
  palette: Palette;
  draw: (palette: Palette) => Drawn;
  className?: string;
  onStatus: (text: string) => void;
}): ChartFrame {
  const titleId = uid('chart-title');
  const summaryId = uid('chart-summary');
  const body = h('div', { class: 'chart-body', role: 'img', tabindex: 0, 'aria-labelledby': titleId, 'aria-describedby': summaryId });
  const summary = h('p', { class: 'chart-summary muted', id: summaryId });
  let palette = options.palette;
  let last: Drawn = { svgs: [], summary: '' };
  const stem = fileStem(options.title);

  const svgText = () => composeSvg(last.svgs, palette.background);
  const exportSvg = () => {
    saveFile('svg', `${stem}.svg`, svgText(), 'utf8');
    options.onStatus(`Exported “${options.title}” as SVG.`);
  };
  const exportPng = async () => {
    try {
      const png = await svgToPng(svgText());
      saveFile('png', `${stem}.png`, png.base64, 'base64');
      options.onStatus(`Exported “${options.title}” as PNG (${png.width}×${png.height}).`);
    } catch (error) {
      options.onStatus((error as Error).message);
    }
  };
  const actions = h(
    'div',
    { class: 'chart-actions' },
    button('SVG', exportSvg, { ariaLabel: `Export “${options.title}” as SVG`, title: 'Save this chart as SVG' }),
    button('PNG', () => void exportPng(), { ariaLabel: `Export “${options.title}” as PNG`, title: 'Save this chart as PNG' }),
  );
  const element = h(
    'section',
    { class: `chart ${options.className ?? ''}`.trim(), 'data-chart': options.id, 'aria-labelledby': titleId },
    h('div', { class: 'chart-head' }, h('h3', { id: titleId }, options.title), actions),
    body,
    summary,
  );

  const redraw = (p: Palette) => {
    palette = p;
    last = options.draw(p);
    body.replaceChildren(...last.svgs.slice(0, last.shown ?? last.svgs.length));
    summary.textContent = last.summary;
  };
  redraw(palette);
  return { element, id: options.id, redraw, svgText };
}
