// `collapse-lens inspect MODEL --data PATH …`: a saved tfjs model (or a folder of checkpoints) and
// its data → penultimate features, classifier, and the neural-collapse metrics (docs/models.md).
import { inspect } from '../../core/pipeline/inspect';
import type { InspectResult } from '../../protocol/result';
import { selectBackend } from '../backend';
import { optionHelp, parseArgs } from './args';
import { type CliCommand, type CliIo, printJson } from './command';
import { INSPECT_OPTIONS, parseInspectOptions } from './inspectOptions';
import { formatTable } from './metrics';
import { cliProgress } from './progressBar';
import { runReport } from './report';

const NAME = 'inspect';
const OPTIONS = INSPECT_OPTIONS;

const USAGE = `Usage: collapse-lens inspect MODEL_DIR_OR_JSON --data PATH [--labels PATH] [--test-data PATH] [--ood-data PATH]
         [--feature-layer NAME] [--minority LIST|auto] [--backend NAME] [--save-features OUT.npz]
         [--batch-size N] [--max-samples N] [--html OUT.html] [--json] [--quiet]

Loads a TensorFlow.js layers-model or graph-model (model.json + weight shards), finds the classifier
(the last Dense / MatMul feeding the output) and its input (the penultimate features), checks that
softmax(H Wᵀ + b) reproduces the model's output, and computes the neural-collapse metrics on the
data. MODEL may be a folder of checkpoint folders (epoch-1/model.json, …): then the trajectory of the
metrics over the checkpoints is reported too.

Options:
${optionHelp(OPTIONS)}`;

function modelSummary(r: InspectResult): string {
  const m = r.model;
  const lines = [
    `model       ${m.format}: features "${m.featureLayer}" (d = ${m.dim}) → classifier "${m.classifierLayer}" (K = ${m.classes})`,
    `verified    max |act(H Wᵀ + b) − model output| = ${m.predictMaxAbsDiff === null ? 'n/a' : m.predictMaxAbsDiff.toExponential(2)}`,
  ];
  if (r.data) {
    const names = r.data.train.classNames;
    lines.push(`data        ${r.data.train.path} (${r.data.train.format}, ${r.data.train.samples} samples)${names ? `; classes ${names.map((n, k) => `${k}=${n}`).join(', ')}` : ''}`);
  }
  if (r.test) {
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)} %`);
    lines.push(`test        ${r.test.samples} samples: NCC mismatch ${pct(r.test.nccMismatch)}, accuracy ${pct(r.test.accuracy)}`);
  }
  if (r.trajectory) {
    const byName = r.trajectory.some((p) => p.epoch === null);
    lines.push(`trajectory  checkpoint            epoch  NC1        NCC mismatch${byName ? '   (ordered by name: no epoch in the folder names)' : ''}`);
    for (const p of r.trajectory) {
      const epoch = (p.epoch === null ? '—' : String(p.epoch)).padEnd(5);
      lines.push(`            ${p.checkpoint.padEnd(20)}  ${epoch}  ${p.nc1 === null ? 'n/a'.padEnd(9) : p.nc1.toExponential(3)}  ${p.nccMismatch === null ? 'n/a' : p.nccMismatch.toFixed(4)}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS, NAME);
  if (args.values.has('html')) return runReport(argv, io, 'inspect');
  const { options, backend, searchPaths } = parseInspectOptions(args, io);

  const bar = cliProgress(io, args.flags.has('quiet'));
  options.onProgress = bar.onProgress;
  try {
    const choice = await selectBackend({ prefer: backend, searchPaths });
    const outcome = await inspect(choice.tf, options);
    bar.finish();
    const result: InspectResult = { ...outcome, backend: { name: choice.name, reason: choice.reason } };
    if (args.flags.has('json')) printJson(io, result);
    else io.stdout(modelSummary(result) + formatTable(result, choice.name));
    return 0;
  } finally {
    bar.finish();
  }
}

export const inspectCommand: CliCommand = {
  name: NAME,
  summary: 'load a tfjs model and its data, extract features and classifier, compute the metrics',
  usage: USAGE,
  run,
};
