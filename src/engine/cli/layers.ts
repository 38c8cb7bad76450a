// `collapse-lens layers MODEL --data …`: separation fuzziness D_l = Tr(SS_W SS_B⁺) of every layer and
// the log-linear fit of the law of data separation (He & Su, PNAS 2023; docs/layers.md).
import { separationAcrossLayers } from '../../core/layers';
import { formatCli } from '../../protocol/format';
import type { LayersCurve, LayersResult } from '../../protocol/layers';
import { selectBackend } from '../backend';
import { optionHelp, parseArgs, type OptionSpec } from './args';
import { type CliCommand, type CliIo, printJson } from './command';
import { INSPECT_OPTIONS, parseInspectOptions } from './inspectOptions';
import { LAYERS_EXTRA_OPTIONS, layersOptions } from './layersArgs';
import { cliProgress } from './progressBar';
import { produceReport, REPORT_OPTIONS, writeHtml } from './report';
import { indexList } from '../../protocol/classList';

const NAME = 'layers';

const SHARED = ['data', 'labels', 'label-column', 'feature-layer', 'minority', 'global-mean', 'normalize', 'mean', 'std', 'no-resize', 'backend', 'workspace', 'no-workspace-backend', 'batch-size', 'max-samples'];

const OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(SHARED.map((k) => [k, INSPECT_OPTIONS[k]])),
  ...LAYERS_EXTRA_OPTIONS,
  html: { kind: 'value', description: 'also write the standalone HTML report (metrics, LPM and this section) to OUT.html' },
  json: { kind: 'flag', description: 'print one JSON object (LayersResult) on stdout' },
  quiet: { kind: 'flag', description: 'no progress bar' },
};

const USAGE = `Usage: collapse-lens layers MODEL_DIR_OR_JSON --data PATH [--labels PATH] [--layers a,b,c|all]
         [--minority LIST|auto] [--fit FROM:TO] [--json] [--html OUT.html] [inspect's data options]

Separation fuzziness D_l = Tr(SS_W SS_B⁺) of the output of every layer (layer 0 = the input), with
SS_B count-weighted about the sample mean, its balanced variant, the layer's NC1, and the least-squares
fit of ln D_l on l (input through the penultimate layer by default): ratio = exp(slope) is the factor
by which each layer shrinks D_l (He & Su's law of data separation). Two passes over the data, one
forward pass per batch for all layers; no d×d matrix, so large convolutional maps work. MODEL may be
a folder of checkpoint folders: one curve per checkpoint.

Options:
${optionHelp(OPTIONS)}`;

const num = (v: number | null | undefined) => formatCli(v, 4, 'n/a');

function fitLine(c: LayersCurve): string {
  const f = c.fit;
  const outliers = f.outliers.length ? `; off the line: ${f.outliers.map((i) => `${i} (${c.layers[i]?.name})`).join(', ')}` : '';
  return `ratio ${num(f.ratio)} per layer, Pearson r ${num(f.pearson)}, R² ${num(f.r2)} over layers ${f.from}–${f.to}${outliers}`;
}

export function layersTable(r: LayersResult): string {
  const lines = [`model       ${r.model.format} ${r.model.path}: K = ${r.model.classes}, penultimate "${r.layers[r.penultimate]?.name}" (layer ${r.penultimate})`, `data        ${r.data.path} (${r.data.samples} samples); backend ${r.backend.name}`, ''];
  const minority = r.minorityClasses !== null;
  const head = ['#', 'layer', 'class', 'dim', 'D_l', 'D_l balanced', 'NC1', ...(minority ? ['D_l majority', 'D_l minority'] : [])];
  const rows = r.layers.map((l) => [String(l.index), l.name + (l.index === r.penultimate ? ' *' : ''), l.className, String(l.dim), num(l.separation), num(l.separationBalanced), num(l.nc1), ...(minority ? [num(l.minority?.majority), num(l.minority?.minority)] : [])]);
  const width = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  for (const row of [head, ...rows]) lines.push(row.map((c, j) => (j < 3 ? c.padEnd(width[j]) : c.padStart(width[j]))).join('  '));
  lines.push('', `* penultimate layer (the classifier's input): its NC1 is inspect's NC1`, `fit         ${fitLine(r)}`);
  if (minority) lines.push(`minority    classes ${indexList(r.minorityClasses ?? [])}`);
  for (const c of r.checkpoints ?? []) lines.push(`checkpoint  ${(c.checkpoint ?? '').padEnd(12)} ${fitLine(c)}`);
  for (const w of r.warnings ?? []) lines.push(`note        ${w}`);
  return lines.join('\n') + '\n';
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, OPTIONS, NAME);
  const html = args.values.get('html');
  if (html) {
    // The standalone report: inspect's metrics and the LPM, with this section (as `report --layers`).
    const report = await produceReport(parseArgs([...argv, ...(args.values.has('layers') ? [] : ['--layers', 'all'])], REPORT_OPTIONS, NAME), io);
    const written = writeHtml(html, report);
    const result = report.layers as LayersResult;
    if (args.flags.has('json')) printJson(io, result);
    else io.stdout(layersTable(result) + `HTML report: ${written}\n`);
    return 0;
  }
  const { options, backend, searchPaths } = parseInspectOptions(args, io, NAME);
  const bar = cliProgress(io, args.flags.has('quiet'));
  options.onProgress = bar.onProgress;
  try {
    const choice = await selectBackend({ prefer: backend, searchPaths });
    const outcome = await separationAcrossLayers(choice.tf, layersOptions(args, options));
    const result: LayersResult = { ...outcome, backend: { name: choice.name, reason: choice.reason } };
    if (args.flags.has('json')) printJson(io, result);
    else io.stdout(layersTable(result));
    return 0;
  } finally {
    bar.finish();
  }
}

export const layersCommand: CliCommand = {
  name: NAME,
  summary: 'separation fuzziness D_l of every layer and the law of data separation (ratio per layer, Pearson r)',
  usage: USAGE,
  run,
};
