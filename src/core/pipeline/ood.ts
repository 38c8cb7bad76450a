// `inspect/report --ood-data`: an out-of-distribution data set run through the model, reduced to the
// count and float64 feature sum NC5 needs (metrics/ood.ts). Its labels, when it has any, are not used:
// every label is replaced by 0 so OOD classes outside the model's 0..K−1 are accepted.
import type { DataReport } from '../../protocol/result';
import type { InputBatch, InputSource } from '../data/inputs';
import { openInputs, type DataOptions } from '../data/openInputs';
import type { OodStats } from '../metrics/ood';
import { runOodPass } from '../metrics/ood';
import type { ClassifierModel } from '../model/classifierModel';
import { modelFeatureSource, type ExtractionOptions } from '../model/features';
import type { RunHooks } from '../runHooks';
import type { Tf } from '../tf';

/** The same inputs with every label 0 and no class names. */
export function withoutLabels(inputs: InputSource): InputSource {
  return {
    name: inputs.name,
    format: inputs.format,
    rows: inputs.rows,
    sampleShape: inputs.sampleShape,
    labelNames: null,
    warnings: inputs.warnings,
    labelCount: 1,
    async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
      let zeros = new Int32Array(0);
      for await (const batch of inputs.batches(batchSize, signal)) {
        if (zeros.length < batch.rows) zeros = new Int32Array(batch.rows);
        yield { values: batch.values, labels: zeros.subarray(0, batch.rows), rows: batch.rows };
      }
    },
  };
}

export interface OodRun {
  stats: OodStats;
  report: DataReport;
  warnings: readonly string[];
}

/** Runs the OOD data through the model (one pass, no cache) and sums its features. */
export async function oodThroughModel(
  tf: Tf,
  model: ClassifierModel,
  path: string,
  data: DataOptions,
  extraction: ExtractionOptions,
  hooks: RunHooks,
): Promise<OodRun> {
  const modelInput = { shape: model.inputShape, name: model.inputName };
  const inputs = await openInputs(path, modelInput, { ...data, trainClassNames: undefined, labelsPath: undefined, optionalLabels: true });
  const source = modelFeatureSource(tf, model, withoutLabels(inputs), { ...extraction, cacheBytes: 0, label: 'out-of-distribution' });
  try {
    const stats = await runOodPass(source, model.head.dim, `the model's feature layer "${model.head.featureLayer}"`, hooks);
    return { stats, report: { path: inputs.name, format: inputs.format, samples: stats.count, classNames: null }, warnings: inputs.warnings };
  } finally {
    source.dispose();
  }
}
