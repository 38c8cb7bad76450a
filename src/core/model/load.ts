// Loads a checked model.json (modelReader.ts) into a tfjs LayersModel or GraphModel, and turns
// tfjs's own load errors into InputErrors that name the file and the fault.
import type * as tfjs from '@tensorflow/tfjs';
import { describeError, fileFault } from '../errors';
import type { Tf } from '../tf';
import { modelIoHandler, readModelFiles, type ModelFiles } from './modelReader';

export type LoadedModel =
  | { format: 'layers-model'; files: ModelFiles; model: tfjs.LayersModel }
  | { format: 'graph-model'; files: ModelFiles; model: tfjs.GraphModel };

/** Explains the tfjs errors users actually hit; anything else is passed on with the file name. */
function explain(format: string, error: unknown): string {
  const message = describeError(error);
  const unknownLayer = /Unknown layer: (\S+?)\.?\s/.exec(message + ' ');
  if (unknownLayer) {
    return `unknown layer class "${unknownLayer[1]}": tfjs has no built-in layer of that name (a custom layer must be registered with tf.serialization.registerClass before loading)`;
  }
  const unknownOp = /(?:Op is not supported|op is not supported|not supported):?\s*(\S+)/i.exec(message);
  if (format === 'graph-model' && unknownOp) return `graph uses an op tfjs cannot run: ${unknownOp[1]} (${message})`;
  if (/Shape mismatch|Based on the provided shape|should have \d+ values/.test(message)) {
    return `the weights in weightsManifest do not fit the layers in modelTopology (${message})`;
  }
  if (/weights? .*(not found|missing)|Provided weight data has no target variable|expected \d+ weights? but got/i.test(message)) {
    return `weightsManifest does not match the layers' weights (${message})`;
  }
  return `tfjs could not load this ${format} (${message})`;
}

export async function loadModel(tf: Tf, path: string): Promise<LoadedModel> {
  const files = readModelFiles(path);
  const handler = modelIoHandler(tf, files);
  try {
    if (files.format === 'layers-model') {
      return { format: 'layers-model', files, model: await tf.loadLayersModel(handler) };
    }
    return { format: 'graph-model', files, model: await tf.loadGraphModel(handler) };
  } catch (error) {
    throw fileFault(files.jsonPath, explain(files.format, error));
  }
}
