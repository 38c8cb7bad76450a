// The bad-input corpus (test/fixtures/bad/, written by scripts/make-fixtures.mjs): every broken
// input makes `collapse-lens inspect` exit with code 2 and a one-line message that names the file
// and the fault. Run in-process through the CLI dispatcher, as a user would call it.
import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BAD, DATA, MODELS } from '../../core/model/oracle';
import { runCaptured } from '../../helpers/captureIo';

async function inspect(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCaptured(['inspect', ...args, '--json', '--quiet']);
}

const mlp = join(MODELS, 'mlp');
const conv = join(MODELS, 'conv');
const csv = join(DATA, 'blobs', 'train.csv');
const images = join(DATA, 'stripes', 'train');
const idxLabels = join(DATA, 'stripes', 'idx', 'train-labels-idx1-ubyte');
const bad = (...p: string[]) => join(BAD, ...p);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** [what, arguments, the file the message must name, the fault it must state]. */
const CASES: [string, string[], string, RegExp][] = [
  // model.json
  ['truncated model.json', [bad('model-truncated-json'), '--data', csv], bad('model-truncated-json', 'model.json'), /is not valid JSON \(.*JSON.*\)/],
  ['0-byte model.json', [bad('model-empty-json'), '--data', csv], bad('model-empty-json', 'model.json'), /is empty \(0 bytes\)/],
  ['model.json holding a list', [bad('model-json-array'), '--data', csv], bad('model-json-array', 'model.json'), /is not a tfjs model\.json \(the top level is a list, expected an object\)/],
  ['no modelTopology', [bad('model-no-topology'), '--data', csv], bad('model-no-topology', 'model.json'), /has no "modelTopology" object/],
  ['no weightsManifest', [bad('model-no-manifest'), '--data', csv], bad('model-no-manifest', 'model.json'), /has no "weightsManifest"/],
  ['manifest group without paths', [bad('model-manifest-no-paths'), '--data', csv], bad('model-manifest-no-paths', 'model.json'), /weightsManifest\[0\] has no "paths" list of shard files/],
  ['unsupported weight dtype', [bad('model-bad-dtype'), '--data', csv], bad('model-bad-dtype', 'model.json'), /weightsManifest\[0\]\.weights\[0\] \("hidden\/kernel"\) has unsupported dtype "float64"/],
  ['unsupported quantization', [bad('model-bad-quantization'), '--data', csv], bad('model-bad-quantization', 'model.json'), /has unsupported quantization .*"uint4".* \(tfjs supports uint8, uint16 and float16\)/],
  ['unknown format', [bad('model-unknown-format'), '--data', csv], bad('model-unknown-format', 'model.json'), /has unknown "format" "saved-model"/],
  ['missing shard', [bad('model-missing-shard'), '--data', csv], bad('model-missing-shard', 'group1-shard1of1.bin'), /weight shard listed in .*model\.json is missing/],
  ['short shard', [bad('model-short-shard'), '--data', csv], bad('model-short-shard', 'group1-shard1of1.bin'), /weight shard is short: 484 bytes, but the 4 weights of weightsManifest\[0\] in .*model\.json need 524 bytes/],
  ['long shard', [bad('model-long-shard'), '--data', csv], bad('model-long-shard', 'group1-shard1of1.bin'), /weight shard is too long: 540 bytes, .* need 524 bytes/],
  ['0-byte shard', [bad('model-empty-shard'), '--data', csv], bad('model-empty-shard', 'group1-shard1of1.bin'), /weight shard is short: 0 bytes/],
  ['manifest shape ≠ layer shape', [bad('model-shape-mismatch'), '--data', csv], bad('model-shape-mismatch', 'model.json'), /weights in weightsManifest do not fit the layers in modelTopology \(Shape mismatch: \[4,16\] vs\. \[4,15\]\)/],
  ['unknown layer class', [bad('model-unknown-layer'), '--data', csv], bad('model-unknown-layer', 'model.json'), /unknown layer class "FancyDense"/],
  ['folder without model.json', [bad('model-dir-without-json'), '--data', csv], bad('model-dir-without-json'), /is a folder without model\.json/],
  // classifier detection and verification
  ['last Dense is relu', [bad('model-relu-classifier'), '--data', csv], bad('model-relu-classifier', 'model.json'), /has no usable classifier[^\n]*\n {2}considered Dense "classifier": activation "relu" after the matmul/],
  ['no Dense layer', [bad('model-no-dense'), '--data', images], bad('model-no-dense', 'model.json'), /has no usable classifier[^\n]*\n[^]*GlobalAveragePooling2D "gap".*\n.*Conv2D "conv": a 3×3 convolution, not 1×1.*\n.*reached the model input/],
  ['non-linear head after the classifier', [bad('model-nonlinear-head'), '--data', csv], bad('model-nonlinear-head', 'model.json'), /does not reproduce the model's output \(max \|difference\| [\d.e-]+ > 0\.00010 on samples 0–149\); try another --feature-layer\n {2}between classifier "classifier" and the output: squash \(Activation tanh\)/],
  ['two classifier outputs', [join(MODELS, 'two-heads'), '--data', csv], join(MODELS, 'two-heads', 'model.json'), /has 2 outputs that each end in a classifier \("class_head", "aux_head"\); pick one with --output NAME\n {2}output "class_head": classifier "class_head" \(K = 3\) on features "trunk" \(d = 8\)\n {2}output "aux_head"/],
  ['fused Relu after the last MatMul (graph)', [bad('graph-relu-head'), '--data', csv], bad('graph-relu-head', 'model.json'), /has no usable classifier[^\n]*\n(.*\n)* {2}considered _FusedMatMul .*: fused activation Relu after the matmul/],
  ['graph op tfjs cannot run', [bad('graph-unknown-op'), '--data', csv], bad('graph-unknown-op', 'model.json'), /FancyRelu/],
  ['NaN weights → NaN features', [bad('model-nan-weights'), '--data', csv], bad('model-nan-weights', 'model.json'), /features from "merged" are not finite \(NaN\) for sample 0/],
  ['unknown --feature-layer', [mlp, '--data', csv, '--feature-layer', 'nope'], join(mlp, 'model.json'), /has no layer named "nope" \(--feature-layer\); its layers are: hidden, classifier/],
  // CSV
  ['non-numeric CSV cell', [mlp, '--data', bad('csv-non-numeric.csv')], bad('csv-non-numeric.csv'), /line 5, column 1 \("x1"\): "abc" is not a number/],
  ['NaN in a CSV cell', [mlp, '--data', bad('csv-nan.csv')], bad('csv-nan.csv'), /line 4, column 1 \("x1"\): NaN is not a finite number/],
  ['Infinity in a CSV cell', [mlp, '--data', bad('csv-inf.csv')], bad('csv-inf.csv'), /line 7, column 2 \("x2"\): Infinity is not a finite number/],
  ['ragged CSV row', [mlp, '--data', bad('csv-ragged.csv')], bad('csv-ragged.csv'), /line 6 has 4 cells, expected 5/],
  ['label out of range', [mlp, '--data', bad('csv-label-out-of-range.csv')], bad('csv-label-out-of-range.csv'), /label 7 of sample 6 \(counting from 0\) is out of range: the model has 3 classes \(0–2\)/],
  ['fractional label', [mlp, '--data', bad('csv-label-fraction.csv')], bad('csv-label-fraction.csv'), /line 3, column 5 \("label"\): label 1\.5 is not an integer class index/],
  ['input-shape mismatch', [mlp, '--data', bad('csv-wrong-width.csv')], bad('csv-wrong-width.csv'), /each sample has shape \[5\] \(5 values\) but the model's input takes \[4\]; give samples of shape \[4\] or flat rows of 4 values$/m],
  ['0-byte CSV', [mlp, '--data', bad('csv-empty.csv')], bad('csv-empty.csv'), /is empty \(0 bytes\)/],
  ['CSV with only a header', [mlp, '--data', bad('csv-header-only.csv')], bad('csv-header-only.csv'), /has a header but no data rows/],
  ['more class names than outputs', [mlp, '--data', bad('csv-too-many-classes.csv')], bad('csv-too-many-classes.csv'), /has 9 classes \(c1, .*\) but the model's classifier "classifier" has 3 outputs/],
  // image folders
  ['corrupt PNG', [conv, '--data', bad('images-corrupt-png')], bad('images-corrupt-png', 'b', 'broken.png'), /is not a valid PNG/],
  ['text file named .png', [conv, '--data', bad('images-not-a-png')], bad('images-not-a-png', 'a', 'notes.png'), /is not a PNG or JPEG image/],
  ['corrupt JPEG', [conv, '--data', bad('images-corrupt-jpg')], bad('images-corrupt-jpg', 'a', 'broken.jpg'), /is not a valid JPEG/],
  ['0-byte image', [conv, '--data', bad('images-zero-byte')], bad('images-zero-byte', 'b', 'empty.png'), /is empty \(0 bytes\)/],
  ['class folder without images', [conv, '--data', bad('images-empty-class')], bad('images-empty-class', 'c'), /class folder "c" has no \.png\/\.jpg\/\.jpeg images/],
  ['image of the wrong size (resizing off)', [conv, '--data', bad('images-wrong-size'), '--no-resize'], bad('images-wrong-size', 'a', 'big.png'), /is 10×10 but the model takes 8×8 images \(resizing is off\)/],
  ['image folder without class folders', [conv, '--data', bad('images-no-class-folders')], bad('images-no-class-folders'), /has no class folders/],
  ['image folder for a flat-input model', [mlp, '--data', images], images, /is an image folder but the model's input has shape \[4\], not \[height, width, channels\]/],
  // IDX
  ['truncated IDX images', [conv, '--data', bad('idx', 'truncated-images-idx3-ubyte'), '--labels', idxLabels], bad('idx', 'truncated-images-idx3-ubyte'), /is truncated: 2220 bytes, but a 36×8×8 array of unsigned byte needs 2320 bytes/],
  ['IDX with a bad magic', [conv, '--data', bad('idx', 'bad-magic-images-idx3-ubyte'), '--labels', idxLabels], bad('idx', 'bad-magic-images-idx3-ubyte'), /is not an IDX file \(magic bytes 00 00 42 03/],
  ['IDX labels count ≠ images', [conv, '--data', join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte'), '--labels', bad('idx', 'short-labels-idx1-ubyte')], bad('idx', 'short-labels-idx1-ubyte'), /has 10 labels but the data has 36 samples/],
  ['IDX label out of range', [conv, '--data', join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte'), '--labels', bad('idx', 'out-of-range-labels-idx1-ubyte')], bad('idx', 'out-of-range-labels-idx1-ubyte'), /label 9 of sample 5 \(counting from 0\) is out of range: the model has 3 classes/],
  // .npy / .npz
  ['NaN input in .npy', [mlp, '--data', bad('npy', 'x-nan.npy'), '--labels', bad('npy', 'y.npy')], bad('npy', 'x-nan.npy'), /sample 3 \(counting from 0\) has a non-finite value \(NaN\) at position 1/],
  ['fewer labels than inputs', [mlp, '--data', bad('npy', 'x.npy'), '--labels', bad('npy', 'y-short.npy')], bad('npy', 'y-short.npy'), /has 7 labels but the inputs have 10 samples/],
  ['fractional .npy label', [mlp, '--data', bad('npy', 'x.npy'), '--labels', bad('npy', 'y-fraction.npy')], bad('npy', 'y-fraction.npy'), /label 0\.5 at index 4 is not a non-negative integer class index/],
  ['truncated .npy', [mlp, '--data', bad('npy', 'x-truncated.npy'), '--labels', bad('npy', 'y.npy')], bad('npy', 'x-truncated.npy'), /trunc|short|bytes/i],
  ['.npy rows of the wrong width', [mlp, '--data', bad('npy', 'x-wrong-width.npy'), '--labels', bad('npy', 'y.npy')], bad('npy', 'x-wrong-width.npy'), /each sample has shape \[5\] \(5 values\)/],
  ['0-byte .npy', [mlp, '--data', bad('npy', 'empty.npy'), '--labels', bad('npy', 'y.npy')], bad('npy', 'empty.npy'), /is empty \(0 bytes\)/],
  ['.npz member "y" missing', [mlp, '--data', bad('npy', 'no-labels.npz')], bad('npy', 'no-labels.npz'), /holds inputs "x" but no labels array/],
  ['.npz member "x" missing', [mlp, '--data', bad('npy', 'no-inputs.npz')], bad('npy', 'no-inputs.npz'), /has no inputs array/],
];

describe('bad-input corpus: exit code 2, the file and the fault', () => {
  for (const [what, args, file, fault] of CASES) {
    it(what, async () => {
      const r = await inspect(args);
      assert.equal(r.code, 2, `exit code for ${what}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'nothing on stdout');
      assert.match(r.stderr, new RegExp(`^collapse-lens inspect: ${esc(file)}: `), 'names the file first');
      assert.match(r.stderr, fault);
      // The first line names the file, the fault and the next step; candidates follow, indented.
      const [first, ...rest] = r.stderr.trimEnd().split('\n');
      // Paths are the user's; the rest of the first line stays short.
      const own = [file, ...args].reduce((line, p) => line.split(p).join(''), first);
      assert.ok(own.length <= 250, `first line short: ${own.length} characters besides the paths`);
      for (const line of rest) assert.match(line, /^ {2}(considered|output|nodes|between|data|\()/, 'further lines are indented candidates, no stack trace');
      assert.ok(rest.length <= 9, 'at most 8 candidates and a count');
    });
  }

  it('covers at least 30 broken inputs, and every entry of test/fixtures/bad/ is used', () => {
    assert.ok(CASES.length >= 30, `${CASES.length} cases`);
    const used = CASES.flatMap(([, args]) => args).join('\n');
    const entries = readdirSync(BAD).flatMap((n) => (statSync(join(BAD, n)).isDirectory() && ['idx', 'npy'].includes(n) ? readdirSync(join(BAD, n)).map((m) => join(BAD, n, m)) : [join(BAD, n)]));
    const unused = entries.filter((e) => !used.includes(e));
    assert.deepEqual(unused, []);
  });
});
