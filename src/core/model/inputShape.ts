// Matches the shape of one data sample to the model's input shape. Only shapes that leave no doubt
// about the order of the values are accepted (a reshape with the same number of values can silently
// scramble images: (3, 32, 32) or (96, 32, 1) into [32, 32, 3]):
//   - the model's exact per-sample shape, or it without a trailing channel of 1 ([28, 28] into [28, 28, 1]);
//   - a flat vector of the same size (a CSV row of 784 into [28, 28, 1]);
//   - with --layout nchw, channels-first [C, H, W] into [H, W, C], transposed explicitly.
import { fileFault } from '../errors';

export type Layout = 'nhwc' | 'nchw';

export interface SampleShape {
  /** Shape of one sample as stored (the tensor is built with it). */
  shape: number[];
  /** Transpose [N, C, H, W] → [N, H, W, C] before the forward pass. */
  channelsFirst: boolean;
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const show = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
const fits = (model: readonly (number | null)[], shape: readonly number[]) => model.length === shape.length && model.every((d, i) => d === null || d === shape[i]);

/** `the model's input "x"`, or without a name when the name was generated at load time. */
export const inputLabel = (inputName: string) => (inputName ? `the model's input "${inputName}"` : "the model's input");

export function sampleInputShape(modelShape: readonly (number | null)[], sampleShape: readonly number[], dataName: string, inputName: string, layout: Layout = 'nhwc'): SampleShape {
  const known = modelShape.every((d): d is number => d !== null);
  if (layout === 'nchw') {
    const [c, h, w] = sampleShape;
    if (sampleShape.length === 3 && modelShape.length === 3 && fits(modelShape, [h, w, c])) return { shape: [...sampleShape], channelsFirst: true };
    throw fileFault(dataName, `--layout nchw needs samples [C, H, W] for ${inputLabel(inputName)} ${show(modelShape)}, but each sample has shape ${show(sampleShape)}`);
  }
  if (fits(modelShape, sampleShape)) return { shape: [...sampleShape], channelsFirst: false };
  if (modelShape.length === sampleShape.length + 1 && modelShape.at(-1) === 1 && fits(modelShape, [...sampleShape, 1])) {
    return { shape: [...sampleShape, 1], channelsFirst: false };
  }
  if (known && sampleShape.length === 1 && sampleShape[0] === count(modelShape)) return { shape: [...modelShape], channelsFirst: false };
  const channelsFirst = sampleShape.length === 3 && modelShape.length === 3 && fits(modelShape, [sampleShape[1], sampleShape[2], sampleShape[0]]);
  const next = channelsFirst
    ? 'the samples look channels-first: pass --layout nchw to transpose them'
    : `give samples of shape ${show(modelShape)}${known ? ` or flat rows of ${count(modelShape)} values` : ''}`;
  throw fileFault(dataName, `each sample has shape ${show(sampleShape)} (${count(sampleShape)} values) but ${inputLabel(inputName)} takes ${show(modelShape)}; ${next}`);
}
