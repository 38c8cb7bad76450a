// The bundled Fashion-MNIST samples (media/samples/, see its README): model and training data per ratio.
import * as vscode from 'vscode';
import type { DatasetChoice } from './datasets';

export const SAMPLE_NAMES = ['fashion-r1', 'fashion-r10', 'fashion-r100', 'fashion-r1000'] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

export function isSampleName(value: unknown): value is SampleName {
  return (SAMPLE_NAMES as readonly unknown[]).includes(value);
}

export interface Sample {
  name: SampleName;
  model: vscode.Uri;
  dataset: DatasetChoice;
  /** Folder of checkpoints (epoch-XXX/model.json), when the sample has one. */
  checkpoints?: vscode.Uri;
}

export function sample(extensionUri: vscode.Uri, name: SampleName): Sample {
  const root = vscode.Uri.joinPath(extensionUri, 'media', 'samples');
  const ratio = name.replace('fashion-r', '');
  const data = (f: string) => vscode.Uri.joinPath(root, 'data', f).fsPath;
  return {
    name,
    model: vscode.Uri.joinPath(root, name, 'model.json'),
    dataset: {
      data: data(`train-r${ratio}-images.npy`),
      labels: data(`train-r${ratio}-labels.npy`),
      testData: data('test-images.npy'),
      testLabels: data('test-labels.npy'),
    },
    checkpoints: name === 'fashion-r100' ? vscode.Uri.joinPath(root, name, 'checkpoints') : undefined,
  };
}

/** The bundled sample whose model.json this is, if any. */
export function sampleOf(extensionUri: vscode.Uri, model: vscode.Uri): SampleName | undefined {
  return SAMPLE_NAMES.find((name) => sample(extensionUri, name).model.fsPath === model.fsPath);
}

/** Title, class names and minority classes of a sample, from media/samples/samples.json. */
export async function sampleArgs(extensionUri: vscode.Uri, name: SampleName): Promise<string[]> {
  const file = vscode.Uri.joinPath(extensionUri, 'media', 'samples', 'samples.json');
  const meta = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as { classNames: string[]; minorityClasses: number[] };
  const ratio = name.replace('fashion-r', '');
  return ['--title', `Fashion-MNIST MLP, R = ${ratio}`, '--class-names', meta.classNames.join(','), '--minority', ratio === '1' ? 'none' : meta.minorityClasses.join(',')];
}
