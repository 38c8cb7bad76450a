// Chart colours from the VS Code theme. Plot's colour scales cannot take `var(--vscode-…)` strings
// (platform-notes §6), and exported SVG/PNG files must not depend on the page's variables, so every
// colour is read once per render with getComputedStyle and passed to the charts as a concrete value.
// VS Code sets the variables on <html> and the theme kind as a class on <body>; a MutationObserver on
// that class re-renders the charts when the user switches theme.

export interface Palette {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  background: string;
  border: string;
  grid: string;
  focus: string;
  /** Diverging heatmap ends: negative cosines, positive cosines. */
  negative: string;
  positive: string;
  /** Series colours, each with at least 3:1 contrast against the background (WCAG 1.4.11). */
  model: string;
  lpm: string;
  minority: string;
  majority: string;
  seli: string;
  accent: string;
  fontFamily: string;
  fontSize: number;
}

/** WCAG 2.1 non-text contrast for chart marks; text uses the theme's foreground (≥ 4.5:1 in VS Code themes). */
export const MIN_MARK_CONTRAST = 3;

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour → [r, g, b] in 0..255 (via a canvas, which normalises names, hsl(), #rgb, …). */
export function parseColour(colour: string): [number, number, number] | null {
  if (probe === undefined) probe = document.createElement('canvas').getContext('2d');
  if (!probe) return null;
  probe.fillStyle = '#010203';
  probe.fillStyle = colour;
  const v = probe.fillStyle;
  if (v === '#010203' && colour.trim().toLowerCase() !== '#010203') return null;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgba = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(v);
  return rgba ? [Number(rgba[1]), Number(rgba[2]), Number(rgba[3])] : null;
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two CSS colours (1 when either cannot be parsed). */
export function contrastRatio(a: string, b: string): number {
  const ca = parseColour(a);
  const cb = parseColour(b);
  if (!ca || !cb) return 1;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Mixes `colour` towards `toward` until it reaches `min` contrast against `background`. */
export function withContrast(colour: string, background: string, toward: string, min = MIN_MARK_CONTRAST): string {
  const c = parseColour(colour);
  const t = parseColour(toward);
  if (!c || !t) return colour;
  for (let step = 0; step <= 10; step++) {
    const f = step / 10;
    const mixed = hex([c[0] + (t[0] - c[0]) * f, c[1] + (t[1] - c[1]) * f, c[2] + (t[2] - c[2]) * f]);
    if (contrastRatio(mixed, background) >= min) return mixed;
  }
  return toward;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(): Palette['kind'] {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  const foreground = cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#3b3b3b');
  const background = cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const v = (name: string, fallback: string) => withContrast(cssVar(style, name, fallback), background, foreground);
  const fontSize = Number.parseFloat(cssVar(style, '--vscode-font-size', '13px')) || 13;
  return {
    kind,
    foreground,
    muted: withContrast(cssVar(style, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'), background, foreground, 4.5),
    background,
    border: cssVar(style, '--vscode-contrastBorder', '') || cssVar(style, '--vscode-panel-border', dark ? '#80808059' : '#80808059'),
    grid: cssVar(style, '--vscode-charts-lines', dark ? '#bfbfbf80' : '#73737380'),
    focus: cssVar(style, '--vscode-focusBorder', '#007fd4'),
    negative: cssVar(style, '--vscode-charts-blue', '#3794ff'),
    positive: cssVar(style, '--vscode-charts-red', '#f14c4c'),
    model: v('--vscode-charts-blue', '#3794ff'),
    lpm: v('--vscode-charts-purple', '#b180d7'),
    minority: v('--vscode-charts-orange', '#d18616'),
    majority: v('--vscode-charts-blue', '#3794ff'),
    seli: v('--vscode-charts-green', '#89d185'),
    accent: v('--vscode-charts-red', '#f14c4c'),
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize,
  };
}

/** Inline style for every Plot SVG, so exported files carry the theme's colours and font. */
export function plotStyle(p: Palette): string {
  return [
    `color: ${p.foreground}`,
    `background: ${p.background}`,
    `--plot-background: ${p.background}`,
    `font-family: ${p.fontFamily}`,
    `font-size: ${Math.max(11, p.fontSize - 2)}px`,
    'overflow: visible',
  ].join('; ');
}

/** Calls `onChange` when VS Code switches theme (class on <body>), or the OS scheme changes in a browser. */
export function watchTheme(onChange: () => void): () => void {
  let last = `${document.body.className}`;
  const observer = new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
