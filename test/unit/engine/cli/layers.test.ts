// `collapse-lens layers` end to end: the JSON keys of the issue, the penultimate layer's NC1 against
// `inspect`'s (a different code path: core/metrics on the extracted features), layer selection,
// refusals with exit code 2, and the standalone HTML with the section.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../../src/engine/cli/cli';
import type { LayersResult } from '../../../../src/protocol/layers';
import type { InspectResult } from '../../../../src/protocol/result';
import { DATA, MODELS } from '../../core/model/oracle';

const work = mkdtempSync(join(tmpdir(), 'collapse-lens-layers-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const blobs = ['--data', join(DATA, 'blobs', 'train.csv')];

describe('collapse-lens layers', () => {
  it('--json has the keys of the issue; the penultimate NC1 equals inspect\'s NC1', async () => {
    const r = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--minority', '2', '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as LayersResult;
    assert.deepEqual(Object.keys(j.layers[0]).sort(), ['className', 'dim', 'index', 'minority', 'name', 'nc1', 'separation', 'separationBalanced']);
    assert.deepEqual(Object.keys(j.layers[0].minority ?? {}).sort(), ['majority', 'minority']);
    for (const k of ['ratio', 'pearson', 'r2', 'from', 'to', 'outliers']) assert.ok(k in j.fit, k);
    for (const k of ['conventions', 'backend', 'model', 'data', 'penultimate']) assert.ok(k in j, k);
    assert.equal(j.conventions.separation, 'count-weighted');
    assert.equal(j.backend.name.length > 0, true);
    const i = await cli(['inspect', join(MODELS, 'mlp'), ...blobs, '--json', '--quiet']);
    const nc1 = (JSON.parse(i.stdout) as InspectResult).nc1 as number;
    const got = j.layers[j.penultimate].nc1 as number;
    assert.ok(Math.abs(got - nc1) <= 1e-5 * nc1, `${got} vs ${nc1}`);
  });

  it('the table names the fit (ratio, Pearson r) and marks the penultimate layer', async () => {
    const r = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hidden \*/);
    assert.match(r.stdout, /ratio [\d.]+ per layer, Pearson r -?[\d.]+, R² [\d.]+ over layers 0–1/);
  });

  it('--layers picks layers (the penultimate is always kept); a pass-through layer can be named', async () => {
    const r = await cli(['layers', join(MODELS, 'conv'), '--data', join(DATA, 'stripes', 'train'), '--layers', 'flatten', '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as LayersResult;
    assert.deepEqual(j.layers.map((l) => l.name), ['input', 'flatten']);
    assert.equal(j.layers[1].dim, 36);
  });

  it('an unknown layer name: exit 2, one line naming the model, the name and the nearest names', async () => {
    const r = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--layers', 'hiddn,classifier']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /model\.json: has no layer named "hiddn" \(--layers\); nearest: hidden, classifier/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('a bad --fit range: exit 2 with the expected form', async () => {
    const r = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--fit', '3:1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fit must be FROM:TO/);
    const out = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--fit', '0:7']);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /fit range 0…7 is not within the 3 layers/);
  });

  it('the numbers docs/layers.md and the walkthrough state for the bundled samples', async () => {
    const samples = join(MODELS, '..', '..', '..', 'media', 'samples');
    const run = async (r: number) => {
      const out = await cli(['layers', join(samples, `fashion-r${r}`), '--data', join(samples, 'data', `train-r${r}-images.npy`), '--labels', join(samples, 'data', `train-r${r}-labels.npy`), '--minority', '5,6,7,8,9', '--json', '--quiet']);
      assert.equal(out.code, 0, out.stderr);
      return JSON.parse(out.stdout) as LayersResult;
    };
    const r1 = await run(1);
    assert.equal(r1.fit.ratio?.toPrecision(3), '0.623');
    assert.equal(r1.fit.pearson?.toPrecision(3), '-0.987');
    const r1000 = await run(1000);
    assert.equal(r1000.fit.ratio?.toPrecision(3), '1.70');
    assert.equal(r1000.fit.pearson?.toPrecision(3), '0.971');
    // One sample per minority class: no within-class scatter, so D_l of the minority is 0 everywhere.
    assert.deepEqual(r1000.data.counts.slice(5), [1, 1, 1, 1, 1]);
    assert.ok(r1000.layers.every((l) => l.minority?.minority === 0));
  });

  it('--html writes the standalone report with the layers section', async () => {
    const html = join(work, 'r.html');
    const r = await cli(['layers', join(MODELS, 'mlp'), ...blobs, '--html', html, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(html, 'utf8');
    const json = /<script type="application\/json" id="collapse-lens-report">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    const report = JSON.parse(json) as { layers?: LayersResult };
    assert.deepEqual(report.layers?.layers.map((l) => l.name), ['input', 'hidden', 'classifier']);
  });
});
