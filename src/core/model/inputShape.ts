// Matches the shape of one data sample to the model's input shape.
import { fileFault } from '../errors';

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const show = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/**
 * The shape each sample is reshaped to before the forward pass. Samples are stored flat, so any
 * shape with the same number of values works when the model's shape is fully known (a CSV row of
 * 784 into [28, 28, 1]); with unknown dimensions the sample shape must fit them, with a trailing
 * channel of 1 added when the model wants one (IDX [28, 28] into [?, ?, 1]).
 */
export function sampleInputShape(modelShape: readonly (number | null)[], sampleShape: readonly number[], dataName: string, inputName: string): number[] {
  const fault = () =>
    fileFault(
      dataName,
      `each sample has ${count(sampleShape)} values (shape ${show(sampleShape)}) but the model's input "${inputName}" takes shape ${show(modelShape)}${modelShape.every((d) => d !== null) ? ` (${count(modelShape as number[])} values)` : ''}`,
    );
  if (modelShape.every((d): d is number => d !== null)) {
    if (count(modelShape) !== count(sampleShape)) throw fault();
    return [...modelShape];
  }
  let shape = [...sampleShape];
  if (modelShape.length === shape.length + 1 && modelShape[modelShape.length - 1] === 1) shape = [...shape, 1];
  if (shape.length !== modelShape.length || modelShape.some((d, i) => d !== null && d !== shape[i])) throw fault();
  return shape;
}
