// `collapse-lens seli`: the SELI geometry for given class counts (theory.md §3.1).
import { toNested } from '../../core/linalg';
import { seliGeometry } from '../../core/lpm/seli';
import { gramCosines, minoritySummary } from '../../core/lpm/summary';
import type { SeliResult } from '../../protocol/result';
import { valueList } from '../../protocol/classList';
import { commonOptions, optionHelp, parseCounts, type OptionSpec } from './args';
import { type CliCommand, printJson } from './command';
import { UsageError } from '../../core/errors';
import { classList, fmt, line, parseCommandArgs } from './lpmArgs';

const spec: Record<string, OptionSpec> = {
  counts: { kind: 'value', description: 'training samples per class, comma-separated' },
  json: { kind: 'flag', description: 'print the SeliResult as JSON' },
};

const NAME = 'seli';

export function seliResult(counts: number[]): SeliResult {
  const K = counts.length;
  const g = seliGeometry(counts);
  const smallest = Math.min(...counts);
  const minority = counts.flatMap((n, k) => (n === smallest ? [k] : []));
  const m = minoritySummary(g.gramW, K, minority, 1);
  const cos = (gram: Float64Array) => gramCosines(gram, K, 0).map((r) => r.map((v) => v ?? NaN));
  return {
    counts,
    gramW: toNested(g.gramW, K, K),
    gramH: toNested(g.gramH, K, K),
    logits: toNested(g.logits, K, K),
    cosW: cos(g.gramW),
    cosH: cos(g.gramH),
    normsW: Array.from({ length: K }, (_, k) => Math.sqrt(g.gramW[k * K + k])),
    normsH: Array.from({ length: K }, (_, k) => Math.sqrt(g.gramH[k * K + k])),
    cosMinority: m.cos,
    minorityClasses: minority,
  };
}

function matrix(title: string, m: number[][]): string {
  return `${title}\n` + m.map((r) => '  ' + r.map((v) => v.toFixed(4).padStart(8)).join(' ')).join('\n') + '\n';
}

export const seliCommand: CliCommand = {
  name: NAME,
  summary: 'SELI geometry (Gram matrices, logits, cosines) for class counts',
  usage: `collapse-lens seli --counts n1,n2,… [--json]\n\n${optionHelp(spec)}`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, spec, NAME);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const raw = args.values.get('counts');
    if (raw === undefined) throw new UsageError('--counts n1,n2,… is required');
    const counts = parseCounts(raw);
    const result = seliResult(counts);
    if (commonOptions(args).json) {
      printJson(io, result);
      return 0;
    }
    let out = line('classes', `${counts.length}  counts ${valueList(counts)}`);
    out += line('minority cosine', `${fmt(result.cosMinority, 6)} (classes ${classList(result.minorityClasses)})`);
    out += line('‖w_k‖', valueList(result.normsW.map((v) => v.toFixed(4)), ' '));
    out += line('‖h̄_k‖', valueList(result.normsH.map((v) => v.toFixed(4)), ' '));
    if (counts.length <= 12) {
      out += matrix('G_W = W Wᵀ = (P D P)^{1/2}:', result.gramW);
      out += matrix('G_H = H̄ᵀ H̄ = ((P D P)^{1/2})⁺:', result.gramH);
      out += matrix('logits W H̄ (= P_K):', result.logits);
    }
    io.stdout(out);
    return 0;
  },
};
