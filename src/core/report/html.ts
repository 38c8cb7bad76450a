// The standalone HTML report: the panel's own bundle (dist/webview.js) plus the report JSON, in one file
// that opens offline in any browser. Pure: the caller reads the bundle and writes the result, so the CLI
// (`collapse-lens inspect … --html report.html`) and the extension's export produce the same page.
//
// Security: the page carries the panel's strict policy (no network at all: default-src 'none', the one
// script allowed by nonce, no eval); the data sits in a non-executed <script type="application/json">.
//
// Matrices of 64×64 entries or more (K ≥ 64) leave the JSON for one gzip-compressed, byte-shuffled float64
// block (protocol/packedMatrices.ts) in a second non-executed element, base64: lossless, and a 1000-class
// report shrinks from 142 MB to what is measured in docs/panel.md.
import { gzipSync } from 'node:zlib';
import { packMatrices } from '../../protocol/packedMatrices';
import { shuffledLittleEndianBytes } from '../../protocol/matrixBytes';
import { isAnalysisReport, reportProblems, type AnalysisReport } from '../../protocol/report';
import { createNonce, panelPage } from './page';

/** Must match webview/standalone.ts REPORT_ELEMENT_ID. */
export const REPORT_ELEMENT_ID = 'collapse-lens-report';
/** Must match webview/standalone.ts MATRICES_ELEMENT_ID. */
export const MATRICES_ELEMENT_ID = 'collapse-lens-matrices';

/** The page's data elements: the report JSON and, when it has large matrices, their packed block. */
export function reportDataElements(report: AnalysisReport): string {
  const { json, block } = packMatrices(report);
  const data = `<script type="application/json" id="${REPORT_ELEMENT_ID}">${scriptSafeJson(json)}</script>`;
  if (block.length === 0) return data;
  const packed = Buffer.from(gzipSync(shuffledLittleEndianBytes(block))).toString('base64');
  return `${data}\n<script type="application/octet-stream" id="${MATRICES_ELEMENT_ID}" data-encoding="gzip byte-shuffled float64le base64">${packed}</script>`;
}

export interface ReportHtmlOptions {
  /** Per-page CSP nonce; random by default (pass one for reproducible output in tests). */
  nonce?: string;
  /** Shown in <meta name="generator">. */
  generator?: string;
}

/**
 * JSON safe inside a <script> element: `<` is written as \u003c (so no `</script>` or `<!--` can occur),
 * and U+2028/U+2029 as escapes. The text is still valid JSON with the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript safe inside a <script> element (HTML spec, "script data" states). `</script` would end the
 * element early; inside the string, template or regular-expression literals where it can occur in a
 * bundle, `<\/script` means the same. `<!--` alone is harmless (the toolkit's templates contain it), but
 * `<!--` followed by `<script` enters the double-escaped state where the real end tag no longer ends
 * the element, so an opening `<script` is rejected rather than rewritten blindly. The trailing source-map
 * comment is dropped: the map is not inlined.
 */
export function scriptSafeJs(js: string): string {
  const safe = js.replace(/<\/(script)/gi, '<\\/$1').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const bad = /<script/i.exec(safe);
  if (bad) throw new Error(`reportHtml: the webview bundle contains "${bad[0]}" at offset ${bad.index}, which cannot be inlined in a <script> safely`);
  return safe;
}

export function reportHtml(report: AnalysisReport, webviewJs: string, options: ReportHtmlOptions = {}): string {
  if (!isAnalysisReport(report)) {
    throw new Error(`reportHtml: not a Collapse Lens report: ${reportProblems(report).slice(0, 5).join('; ')}`);
  }
  if (webviewJs.trim().length === 0) throw new Error('reportHtml: the webview bundle (dist/webview.js) is empty');
  const nonce = options.nonce ?? createNonce();
  if (!/^[A-Za-z0-9+/_=-]{8,}$/.test(nonce)) throw new Error(`reportHtml: invalid nonce "${nonce}"`);
  return panelPage({
    nonce,
    title: `Collapse Lens: ${report.meta.title}`,
    generator: options.generator ?? 'Collapse Lens',
    scripts: `${reportDataElements(report)}\n<script nonce="${nonce}">${scriptSafeJs(webviewJs)}</script>`,
  });
}

