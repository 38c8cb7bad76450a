// The user's settings, read fresh for every run, turned into CLI options for the engine.
import * as vscode from 'vscode';

export interface Settings {
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  batchSize: number;
  globalMean: 'unweighted' | 'weighted';
  ddof: 0 | 1;
  minority: string;
  imageNormalization: 'scale' | 'meanstd';
  imageMean: number;
  imageStd: number;
  maxSamples: number;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('collapseLens', scope);
  return {
    backend: c.get('backend', 'auto'),
    batchSize: c.get('batchSize', 256),
    globalMean: c.get('globalMean', 'unweighted'),
    ddof: c.get<number>('ddof', 0) === 1 ? 1 : 0,
    minority: c.get('minority', 'auto').trim() || 'auto',
    imageNormalization: c.get('imageNormalization', 'scale'),
    imageMean: c.get('imageMean', 0.286),
    imageStd: c.get('imageStd', 0.353),
    maxSamples: c.get('maxSamples', 0),
  };
}

/** CLI options shared by every analysis command. `workspace` is where tfjs-node(-gpu) may be installed. */
export function analysisArgs(s: Settings, trusted: boolean, workspace?: string): string[] {
  const args = ['--backend', s.backend, '--global-mean', s.globalMean, '--ddof', String(s.ddof), '--minority', s.minority];
  args.push('--batch-size', String(s.batchSize));
  if (s.maxSamples > 0) args.push('--max-samples', String(s.maxSamples));
  if (s.imageNormalization === 'meanstd') args.push('--normalize', `meanstd:${s.imageMean},${s.imageStd}`);
  // Loading tfjs-node from the workspace runs workspace code: only in trusted workspaces.
  if (!trusted) args.push('--no-workspace-backend');
  else if (workspace) args.push('--workspace', workspace);
  return args;
}
