// A loaded model reduced to what Collapse Lens needs: one forward pass that returns the features H
// (the classifier's input) together with the model's own output, plus W and b.
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, fileFault, tfjsMessage } from '../errors';
import type { Tensor, Tensor2D, Tf } from '../tf';
import { findGraphHead } from './graphHead';
import type { ClassifierHead } from './head';
import { findLayersHead } from './layersHead';
import { loadModel } from './load';
import { flattenNested, hasNestedModels } from './nested';
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
  /** The output to analyse when several end in a classifier (layer name, signature key or node name). */
  output?: string;
}

/**
 * The input layer's name when model.json names it; '' when tfjs generated it at load time
 * ("flatten_input_13" for a Sequential without an InputLayer): such names change per run.
 */
function savedInputName(json: tfjs.io.ModelJSON, name: string | undefined): string {
  return name && JSON.stringify(json.modelTopology).includes(`"name":"${name}"`) ? name : '';
}

/** Features as [N, d]: a 1×1 conv head reads [N, 1, 1, d]. */
function asRows(tf: Tf, features: Tensor, d: number): Tensor2D {
  if (features.rank === 2 || features.size !== features.shape[0] * d) return features as Tensor2D;
  const rows = tf.reshape(features, [features.shape[0], d]) as Tensor2D;
  features.dispose();
  return rows;
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
    let searched = model;
    try {
      let names;
      if (hasNestedModels(model)) ({ model: searched, names } = flattenNested(tf, model, jsonPath));
      head = findLayersHead(searched, jsonPath, { featureLayer: options.featureLayer, output: options.output, names });
    } catch (error) {
      model.dispose();
      throw error;
    }
    const sub = tf.model({ inputs: searched.inputs, outputs: [head.featureTensor, head.outputTensor] });
    const input = model.inputs[0];
    const d = head.dim;
    return {
      format: 'layers-model',
      jsonPath,
      head,
      inputName: savedInputName(loaded.files.json, model.inputLayers[0]?.name),
      inputShape: input.shape.slice(1),
      warnings,
      async run(x) {
        let out: Tensor[];
        try {
          out = sub.predict(x) as Tensor[];
        } catch (error) {
          throw fileFault(jsonPath, `the model failed to run (${describeError(error)})`);
        }
        return { features: asRows(tf, out[0], d), output: out[1] };
      },
      dispose: () => model.dispose(),
    };
  }

  const model: tfjs.GraphModel = loaded.model;
  let head;
  try {
    head = findGraphHead(model, loaded.files.json, jsonPath, options.featureLayer, options.output);
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
            return { features: asRows(tf, out[0], head.dim), output: out[1] };
          } catch (error) {
            // Graphs with control flow (Switch/Merge, loops) only run with executeAsync.
            if (!/executeAsync|dynamic op/i.test(describeError(error))) throw error;
            dynamic = true;
          }
        }
        out = (await model.executeAsync(x, names)) as Tensor[];
      } catch (error) {
        throw fileFault(jsonPath, `the graph failed to run (${tfjsMessage(error)})`);
      }
      return { features: asRows(tf, out[0], head.dim), output: out[1] };
    },
    dispose: () => model.dispose(),
  };
}
