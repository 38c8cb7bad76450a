// Small real tfjs models and data for the layers tests, built deterministically in the test run
// (seeded initialisers and data), saved with model.save through a save handler like the fixtures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../../../../src/core/io/npy';
import { seededUniform } from '../../../../src/core/random';
import type { Tf } from '../../../../src/core/tf';
import type * as tfjs from '@tensorflow/tfjs';

export async function saveLayersModel(tf: Tf, model: tfjs.LayersModel, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData as ArrayBuffer));
      writeFileSync(join(dir, 'weights.bin'), bytes);
      const json = { modelTopology: artifacts.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return join(dir, 'model.json');
}

/**
 * Conv net on 24×24×1 images: conv 32 filters 3×3 same (24·24·32 = 18 432 values per sample) →
 * max-pool 2 → conv 8 → flatten → dense 16 relu → dense K softmax.
 */
export function convNet(tf: Tf, K: number): tfjs.LayersModel {
  const init = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });
  const m = tf.sequential({ name: 'bigconv' });
  m.add(tf.layers.conv2d({ inputShape: [24, 24, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1', ...init(1) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv2', ...init(2) }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ units: 16, activation: 'relu', name: 'hidden', ...init(3) }));
  m.add(tf.layers.dense({ units: K, activation: 'softmax', name: 'classifier', ...init(4) }));
  return m;
}

/** N images of K noisy bar patterns (class k: a bright row band at 4k+2), labels in .npy files. */
export function barImages(dir: string, N: number, K: number, seed: number): { images: string; labels: string; x: Float32Array; y: Int32Array } {
  const rand = seededUniform(seed);
  const x = new Float32Array(N * 24 * 24);
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const k = i % K;
    y[i] = k;
    for (let r = 0; r < 24; r++) for (let c = 0; c < 24; c++) x[i * 576 + r * 24 + c] = (Math.abs(r - (4 * k + 2)) <= 1 ? 0.8 : 0.1) + 0.2 * rand();
  }
  mkdirSync(dir, { recursive: true });
  const images = join(dir, 'images.npy');
  const labels = join(dir, 'labels.npy');
  writeFileSync(images, encodeNpy(x, [N, 24, 24, 1]));
  writeFileSync(labels, encodeNpy(y, [N]));
  return { images, labels, x, y };
}
