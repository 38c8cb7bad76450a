// The standalone report page: policy, inlined data that survives hostile strings, bundle checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { reportHtml, scriptSafeJs } from '../../../../src/core/report/html';
import { lpmOnlyReport } from '../../../../src/core/report/lpmOnly';
import { unpackMatrices } from '../../../../src/protocol/packedMatrices';
import type { AnalysisReport } from '../../../../src/protocol/report';
import { cpuTf } from '../metrics/helpers';

const report: AnalysisReport = JSON.parse(readFileSync('test/fixtures/reports/collapsed.json', 'utf8'));
const bundle = '(() => { document.title = "x"; })();\n//# sourceMappingURL=webview.js.map\n';

test('the page has a no-network policy, one nonce, and the report as JSON data', () => {
  const html = reportHtml(report, bundle, { nonce: 'TESTNONCE123' });
  assert.match(html, /content="default-src 'none'; script-src 'nonce-TESTNONCE123'; style-src 'unsafe-inline'; img-src data: blob:"/);
  assert.equal(html.match(/<script nonce="TESTNONCE123">/g)?.length, 1);
  const data = /<script type="application\/json" id="collapse-lens-report">([\s\S]*?)<\/script>/.exec(html);
  assert.deepEqual(JSON.parse(data![1]), report);
  assert.ok(!html.includes('sourceMappingURL'), 'no reference to a map that is not there');
});

test('hostile strings in the report cannot close the data element', () => {
  const hostile = { ...report, meta: { ...report.meta, title: '</script><script>alert(1)</script><!--' } };
  const html = reportHtml(hostile, bundle, { nonce: 'TESTNONCE123' });
  assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the two real end tags');
  const data = /<script type="application\/json" id="collapse-lens-report">([\s\S]*?)<\/script>/.exec(html);
  assert.equal(JSON.parse(data![1]).meta.title, hostile.meta.title);
  assert.match(html, /<title>Collapse Lens: &#60;\/script&#62;/);
});

test('bundles: </script is escaped, <script is refused, empty and invalid inputs are errors', () => {
  assert.equal(scriptSafeJs('const s = "</script>";'), 'const s = "<\\/script>";');
  assert.throws(() => scriptSafeJs('const s = "<script>";'), /contains "<script" at offset 11/);
  assert.throws(() => reportHtml(report, '  '), /webview bundle \(dist\/webview.js\) is empty/);
  assert.throws(() => reportHtml({ ...report, version: 9 } as unknown as AnalysisReport, bundle), /not a Collapse Lens report: version must be 1/);
});

test('an 80-class report: the large matrices leave the JSON for one gzip byte-shuffled float64 block (symmetric ones as a triangle), restored bit for bit', async () => {
  const counts = [...new Array<number>(64).fill(100), ...new Array<number>(16).fill(20)];
  const big = await lpmOnlyReport({ counts, eh: 5, ew: 1, minority: 'auto', toolVersion: 'test' }, { tf: await cpuTf(), backend: { name: 'cpu', reason: 'test' } });
  const html = reportHtml(big, bundle, { nonce: 'TESTNONCE123' });
  const json = JSON.parse(/<script type="application\/json" id="collapse-lens-report">([\s\S]*?)<\/script>/.exec(html)![1]);
  // W Wᵀ is symmetric: its lower triangle only; the logits H Wᵀ are not.
  assert.deepEqual(json.lpm.result.gramW, { $packed: { rows: 80, cols: 80, offset: json.lpm.result.gramW.$packed.offset, symmetric: true } });
  assert.deepEqual(json.lpm.result.logits, { $packed: { rows: 80, cols: 80, offset: json.lpm.result.logits.$packed.offset } });
  const base64 = /<script type="application\/octet-stream" id="collapse-lens-matrices" data-encoding="gzip byte-shuffled float64le base64">([A-Za-z0-9+/=]+)<\/script>/.exec(html)![1];
  const shuffled = gunzipSync(Buffer.from(base64, 'base64'));
  // Byte j of value i sits at j·n + i.
  const n = shuffled.byteLength / 8;
  const view = new DataView(new ArrayBuffer(shuffled.byteLength));
  for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) view.setUint8(8 * i + j, shuffled[j * n + i]);
  const block = Float64Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, true));
  // The page's report is the report as JSON would carry it, every number with the same bits.
  assert.deepEqual(unpackMatrices(json, block), JSON.parse(JSON.stringify(big)));
  // The two-level geometry is block-constant: the page is a fraction of the JSON.
  const plain = JSON.stringify(big).length;
  assert.ok(html.length - bundle.length < plain / 5, `page data ${html.length - bundle.length} vs JSON ${plain}`);
});
