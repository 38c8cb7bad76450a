// Shared Plot plumbing: one import, the theme's inline style on every SVG, the CSP nonce on Plot's <style>.
import * as Plot from '@observablehq/plot';
import { cspNonce } from '../dom';
import { plotStyle, type Palette } from '../theme';

export { Plot };

/**
 * Renders a Plot and returns its SVG. Plot puts a <style> element inside every SVG; under a nonce-only
 * style-src it needs the page's nonce before it is inserted (platform-notes §6), so it gets one here.
 */
export function renderPlot(options: Plot.PlotOptions, palette: Palette): SVGSVGElement {
  // Room under the x tick labels for the axis label: Plot's default 30 px lets their boxes overlap.
  const node = Plot.plot({ ...options, marginBottom: options.marginBottom ?? 38, style: plotStyle(palette) });
  if (!(node instanceof SVGSVGElement)) throw new Error('Collapse Lens: expected Plot to return a bare <svg> (no legend/title figure)');
  nonceStyles(node);
  return node;
}

export function nonceStyles(root: Element): void {
  const nonce = cspNonce();
  if (!nonce) return;
  for (const style of root.querySelectorAll('style')) style.setAttribute('nonce', nonce);
}

/** A diverging cosine scale, −1 → negative colour, 0 → background, +1 → positive colour (piecewise linear). */
export function cosineScale(p: Palette): Plot.ScaleOptions {
  return { type: 'linear', domain: [-1, 0, 1], range: [p.negative, p.background, p.positive], interpolate: 'rgb', clamp: true };
}

export function cosineLegend(p: Palette): SVGSVGElement {
  const node = Plot.legend({
    color: { ...cosineScale(p), label: 'cosine', tickFormat: '+.1~f', ticks: [-1, -0.5, 0, 0.5, 1] } as Plot.ScaleOptions,
    width: 290,
    // Room for the end tick labels, which would be clipped in an exported file.
    marginLeft: 14,
    marginRight: 14,
    style: plotStyle(p),
  });
  if (!(node instanceof SVGSVGElement)) throw new Error('Collapse Lens: expected an SVG colour legend');
  nonceStyles(node);
  return node;
}
