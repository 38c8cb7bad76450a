// The standalone report page: policy, inlined data that survives hostile strings, bundle checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { reportHtml, scriptSafeJs } from '../../../../src/core/report/html';
import type { AnalysisReport } from '../../../../src/protocol/report';

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
