// The options `layers` adds to the model-and-data options of `inspect` (also taken by `report`).
import type { LayersOptions } from '../../core/layers';
import type { InspectOptions } from '../../core/pipeline/inspect';
import type { OptionSpec, ParsedArgs } from './args';
import { UsageError } from '../../core/errors';

export const LAYERS_EXTRA_OPTIONS: Record<string, OptionSpec> = {
  layers: { kind: 'value', description: 'layers to tap, comma-separated names, or all (default: every layer with one output per sample)' },
  fit: { kind: 'value', description: 'layer indices FROM:TO of the log-linear fit (default 0 to the penultimate layer)' },
};

function parseFit(raw: string | undefined): { fitFrom?: number; fitTo?: number } {
  if (raw === undefined) return {};
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(raw);
  if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--fit must be FROM:TO with layer indices FROM < TO, e.g. 0:4; got "${raw}"`);
  return { fitFrom: Number(m[1]), fitTo: Number(m[2]) };
}

export function parseLayerList(raw: string | undefined): readonly string[] | 'all' | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === 'all') return 'all';
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--layers must be all or a comma-separated list of layer names, got "${raw}"`);
  return names;
}

/** LayersOptions from the parsed inspect options plus --layers and --fit. */
export function layersOptions(args: ParsedArgs, inspect: InspectOptions): LayersOptions {
  return {
    model: inspect.model,
    data: inspect.data,
    labels: inspect.labels,
    labelColumn: inspect.labelColumn,
    normalization: inspect.normalization,
    resize: inspect.resize,
    featureLayer: inspect.featureLayer,
    minority: inspect.minority,
    globalMean: inspect.globalMean,
    batchSize: inspect.batchSize,
    maxSamples: inspect.maxSamples,
    signal: inspect.signal,
    onProgress: inspect.onProgress,
    layers: parseLayerList(args.values.get('layers')),
    ...parseFit(args.values.get('fit')),
  };
}
