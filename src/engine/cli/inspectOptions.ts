// The options `inspect` and `report` share (a model and its data), parsed and checked once.
import type { Normalization } from '../../core/data/inputs';
import type { InspectOptions } from '../../core/pipeline/inspect';
import type { BackendPreference } from '../backend';
import { commonOptions, conventions, METRIC_OPTIONS, numberOption, parseMinority, type OptionSpec, type ParsedArgs } from './args';
import type { CliIo } from './command';
import { UsageError } from '../../core/errors';

const NAME = 'inspect';

export const INSPECT_OPTIONS: Record<string, OptionSpec> = {
  data: { kind: 'value', description: 'training data: image folder, .csv, IDX images, .npy/.npz (required)' },
  labels: { kind: 'value', description: 'labels file for --data (.npy, IDX labels) when not found by name' },
  'test-data': { kind: 'value', description: 'held-out data: NC4 (NCC mismatch) and accuracy on it' },
  'test-labels': { kind: 'value', description: 'labels file for --test-data' },
  'ood-data': { kind: 'value', description: 'out-of-distribution data for NC5 (formats as --data; labels not needed, not used)' },
  'label-column': { kind: 'value', description: 'CSV label column: header name or 0-based index (default: label/class/target/y, else last)' },
  'feature-layer': { kind: 'value', description: 'layer (or graph node) whose output is the features; default: input of the last Dense/MatMul' },
  output: { kind: 'value', description: 'the output to analyse when several end in a classifier: output layer name, signature key or node name' },
  layout: { kind: 'value', description: 'nhwc (default) | nchw: array samples are channels-first [C, H, W] and are transposed to the model\'s [H, W, C]' },
  ...METRIC_OPTIONS,
  normalize: { kind: 'value', description: 'input scaling: scale (8-bit pixels → [0,1], default) | none | meanstd:MEAN,STD (after scaling)' },
  mean: { kind: 'value', description: 'per-channel mean subtracted after scaling, e.g. 0.485,0.456,0.406' },
  std: { kind: 'value', description: 'per-channel std divided after the mean, e.g. 0.229,0.224,0.225' },
  'no-resize': { kind: 'flag', description: 'image folders: refuse images whose size differs from the model input' },
  workspace: { kind: 'value', description: 'folder whose node_modules may hold @tensorflow/tfjs-node(-gpu) (default: the current folder)' },
  'no-workspace-backend': { kind: 'flag', description: 'do not look for tfjs-node in the workspace\'s node_modules' },
  'save-features': { kind: 'value', description: 'write H, y, W, b of the training data to OUT.npz' },
  'batch-size': { kind: 'value', description: 'samples per forward pass (default 256)' },
  'max-samples': { kind: 'value', description: 'use a seeded stratified subset of N samples of each data set (every class keeps its share, at least 1)' },
  html: { kind: 'value', description: 'also write the standalone HTML report (metrics and the Layer-Peeled Model) to OUT.html' },
  json: { kind: 'flag', description: 'print one JSON object (InspectResult) on stdout' },
  quiet: { kind: 'flag', description: 'no progress bar' },
};

function list(raw: string, option: string): number[] {
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new UsageError(`--${option} must be a comma-separated list of numbers, got "${raw}"`);
  return values;
}

function parseNormalization(args: ParsedArgs): Normalization | undefined {
  const raw = args.values.get('normalize');
  let n: Normalization | undefined;
  if (raw === undefined || raw === 'scale') n = raw === undefined ? undefined : { scale: 'auto', mean: null, std: null };
  else if (raw === 'none') n = { scale: 1, mean: null, std: null };
  else if (raw.startsWith('meanstd:')) {
    const [mean, std] = list(raw.slice('meanstd:'.length), 'normalize');
    if (mean === undefined || std === undefined || raw.split(',').length !== 2) throw new UsageError(`--normalize meanstd needs two numbers, e.g. meanstd:0.286,0.353; got "${raw}"`);
    n = { scale: 'auto', mean: [mean], std: [std] };
  } else throw new UsageError(`--normalize must be scale, none or meanstd:MEAN,STD; got "${raw}"`);
  const mean = args.values.get('mean');
  const std = args.values.get('std');
  if (mean !== undefined || std !== undefined) {
    n = { ...(n ?? { scale: 'auto', mean: null, std: null }) };
    if (mean !== undefined) n.mean = list(mean, 'mean');
    if (std !== undefined) {
      n.std = list(std, 'std');
      if (n.std.some((s) => s <= 0)) throw new UsageError(`--std values must be positive, got "${std}"`);
    }
  }
  if (n?.std?.some((s) => s <= 0)) throw new UsageError('the std of --normalize meanstd must be positive');
  return n;
}

function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const v = numberOption(args, name, NAME);
  if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new UsageError(`--${name} must be a positive integer, got "${args.values.get(name)}"`);
  return v;
}

export interface ParsedInspect {
  options: InspectOptions;
  backend: BackendPreference;
  searchPaths: string[];
}

/** The options `inspect` and `report` share, checked (UsageError on bad values). */
export function parseInspectOptions(args: ParsedArgs, io: CliIo, command = NAME): ParsedInspect {
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'give the model: a folder with model.json, a model.json, or a folder of checkpoints' : `one model at a time, got ${args.positionals.join(' ')}`);
  }
  const data = args.values.get('data');
  if (!data) throw new UsageError('--data is required (an image folder, .csv, IDX images, or .npy/.npz inputs)');
  const { globalMean, ddof } = conventions(args);
  const { backend } = commonOptions(args);
  if (args.values.has('test-labels') && !args.values.has('test-data')) throw new UsageError('--test-labels needs --test-data');
  const layout = args.values.get('layout') ?? 'nhwc';
  if (layout !== 'nhwc' && layout !== 'nchw') throw new UsageError(`--layout must be nhwc or nchw, got "${layout}"`);
  if (layout === 'nchw' && (args.values.has('mean') || args.values.has('std'))) {
    throw new UsageError('--layout nchw cannot be combined with per-channel --mean/--std (they apply to the last axis); normalise the arrays beforehand');
  }
  void command;
  const options: InspectOptions = {
    model: args.positionals[0],
    data,
    labels: args.values.get('labels'),
    testData: args.values.get('test-data'),
    testLabels: args.values.get('test-labels'),
    oodData: args.values.get('ood-data'),
    labelColumn: args.values.get('label-column'),
    featureLayer: args.values.get('feature-layer'),
    output: args.values.get('output'),
    layout,
    minority: parseMinority(args.values.get('minority')),
    globalMean,
    ddof,
    normalization: parseNormalization(args),
    resize: !args.flags.has('no-resize'),
    saveFeatures: args.values.get('save-features'),
    batchSize: positiveInteger(args, 'batch-size'),
    maxSamples: positiveInteger(args, 'max-samples'),
    signal: io.signal,
  };
  return { options, backend, searchPaths: args.flags.has('no-workspace-backend') ? [] : [args.values.get('workspace') ?? process.cwd()] };
}
