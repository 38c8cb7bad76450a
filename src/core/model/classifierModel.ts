// A loaded model reduced to what Collapse Lens needs: one forward pass that returns the features H
// (the classifier's input) together with the model's own output, plus W and b.
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, fileFault } from '../errors';
import type { Tensor, Tensor2D, Tf } from '../tf';
import { findGraphHead } from './graphHead';
import type { ClassifierHead } from './head';
import { findLayersHead } from './layersHead';
import { loadModel } from './load';
import type { ModelFormat } from './modelReader';

export interface ClassifierModel {
  format: ModelFormat;
  jsonPath: string;
  head: ClassifierHead;
  /** Name of the model input. */
  inputName: string;
  /** Shape of one input sample (no batch dimension); null where the model accepts any size. */
  inputShape: (number | null)[];
  /** Facts the user should know (quantized weights, …). */
  warnings: string[];
  /**
   * One forward pass on a batch [N, ...inputShape]. The caller owns (disposes) the two results; no
   * other tensor outlives the call. Async because graphs with control flow need executeAsync.
   */
  run(x: Tensor): Promise<{ features: Tensor2D; output: Tensor }>;
  dispose(): void;
}

export interface OpenOptions {
  featureLayer?: string;
}

function quantizationWarning(summary: { dtype: string; weights: number }[]): string[] {
  if (summary.length === 0) return [];
  const what = summary.map((q) => `${q.weights} ${q.dtype}`).join(', ');
  return [
    `weights are quantized (${what} tensors): W, b and the features are those of the dequantized model, so the metrics describe the quantized network, not its float32 original`,
  ];
}

export async function openClassifierModel(tf: Tf, path: string, options: OpenOptions = {}): Promise<ClassifierModel> {
  const loaded = await loadModel(tf, path);
  const { jsonPath } = loaded.files;
  const warnings = quantizationWarning(loaded.files.quantization);

  if (loaded.format === 'layers-model') {
    const model = loaded.model;
    let head;
    try {
      head = findLayersHead(model, jsonPath, options.featureLayer);
    } catch (error) {
      model.dispose();
      throw error;
    }
    const sub = tf.model({ inputs: model.inputs, outputs: [head.featureTensor, head.outputTensor] });
    const input = model.inputs[0];
    return {
      format: 'layers-model',
      jsonPath,
      head,
      // The layer's name as saved (tensor names get a numeric suffix when several models are loaded).
      inputName: model.inputLayers[0]?.name ?? input.name,
      inputShape: input.shape.slice(1),
      warnings,
      async run(x) {
        let out: Tensor[];
        try {
          out = sub.predict(x) as Tensor[];
        } catch (error) {
          throw fileFault(jsonPath, `the model failed to run (${describeError(error)})`);
        }
        return { features: out[0] as Tensor2D, output: out[1] };
      },
      dispose: () => model.dispose(),
    };
  }

  const model: tfjs.GraphModel = loaded.model;
  let head;
  try {
    head = findGraphHead(model, loaded.files.json, jsonPath, options.featureLayer);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const info = model.inputs[0];
  const names = [head.featureNode, head.outputNode];
  let dynamic = false;
  return {
    format: 'graph-model',
    jsonPath,
    head,
    inputName: info.name,
    inputShape: (info.shape ?? []).slice(1).map((d) => (d < 0 ? null : d)),
    warnings,
    async run(x) {
      let out: Tensor[];
      try {
        if (!dynamic) {
          try {
            out = model.execute(x, names) as Tensor[];
            return { features: out[0] as Tensor2D, output: out[1] };
          } catch (error) {
            // Graphs with control flow (Switch/Merge, loops) only run with executeAsync.
            if (!/executeAsync|dynamic op/i.test(describeError(error))) throw error;
            dynamic = true;
          }
        }
        out = (await model.executeAsync(x, names)) as Tensor[];
      } catch (error) {
        throw fileFault(jsonPath, `the graph failed to run (${describeError(error)})`);
      }
      return { features: out[0] as Tensor2D, output: out[1] };
    },
    dispose: () => model.dispose(),
  };
}
