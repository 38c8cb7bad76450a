// Files out of the panel. Inside VS Code the webview cannot write files: it sends `export` to the host,
// which asks where to save. In the standalone report there is no host: files download through blob links.
import type { ExportFormat, ExportMessage } from '../src/protocol/panel';
import { PendingReplies } from '../src/protocol/replies';
import { postToHost, vscodeApi } from './vscodeApi';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * One self-contained SVG file from one or more chart SVGs stacked vertically (a heatmap and its colour
 * legend). Colours are concrete values (theme.ts), so the file looks the same outside the panel.
 */
export function composeSvg(parts: SVGSVGElement[], background: string, gap = 8): string {
  const sizes = parts.map((s) => ({ w: Number(s.getAttribute('width')) || 300, h: Number(s.getAttribute('height')) || 150 }));
  const width = Math.max(...sizes.map((s) => s.w));
  const height = sizes.reduce((sum, s) => sum + s.h, 0) + gap * (parts.length - 1);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  root.append(bg);
  let y = 0;
  parts.forEach((part, i) => {
    const copy = part.cloneNode(true) as SVGSVGElement;
    copy.removeAttribute('nonce');
    for (const style of copy.querySelectorAll('style')) style.removeAttribute('nonce');
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    root.append(copy);
    y += sizes[i].h + gap;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

/** Rasterises an SVG text at `scale`× through an <img> and a canvas (img-src allows data:). */
export async function svgToPng(svgText: string, scale = 2): Promise<{ base64: string; width: number; height: number }> {
  const img = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('Collapse Lens: the chart SVG could not be rasterised'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await loaded;
  const width = Math.round(img.naturalWidth * scale);
  const height = Math.round(img.naturalHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Collapse Lens: no 2D canvas for the PNG export');
  ctx.drawImage(img, 0, 0, width, height);
  const dataUrl = canvas.toDataURL('image/png');
  return { base64: dataUrl.slice(dataUrl.indexOf(',') + 1), width, height };
}

const MIME: Record<ExportFormat, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
};

/** Exports waiting for the host's exportResult (meta: the file name, to word the answer). */
const pending = new PendingReplies<void, string>();

/** Saves a file: a message to the host in VS Code, a download in the standalone report. Returns the export id (null for a download). */
export function saveFile(format: ExportFormat, name: string, data: string, encoding: 'utf8' | 'base64'): number | null {
  if (vscodeApi()) {
    const { id } = pending.open(name);
    const message: ExportMessage = { type: 'export', id, format, name, data, encoding };
    postToHost(message);
    return id;
  }
  const bytes = encoding === 'base64' ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) : new TextEncoder().encode(data);
  const url = URL.createObjectURL(new Blob([bytes], { type: MIME[format] }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}

/** The host answered export `id`: the file name it was for (to word the answer), once; undefined for an unknown id. */
export function answerExport(id: number): string | undefined {
  return pending.answer(id, undefined);
}

/** `Collapse Lens: LPM optimum` → `collapse-lens-lpm-optimum` (a safe, readable file stem). */
export function fileStem(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 60);
  return `collapse-lens-${slug || 'chart'}`;
}
