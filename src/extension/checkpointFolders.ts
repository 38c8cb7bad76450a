// Which folders hold checkpoints, from the list of model.json files (no `vscode`: unit-tested).
import * as path from 'node:path';

/**
 * Folders of checkpoints among `modelFiles` (paths of tfjs model.json files): a folder without a
 * model.json of its own whose sub-folders hold at least two of them (a comparison needs two).
 */
export function checkpointFolders(modelFiles: Iterable<string>): string[] {
  const files = new Set(modelFiles);
  const children = new Map<string, number>();
  for (const file of files) {
    const folder = path.dirname(path.dirname(file));
    children.set(folder, (children.get(folder) ?? 0) + 1);
  }
  return [...children].filter(([folder, n]) => n >= 2 && !files.has(path.join(folder, 'model.json'))).map(([folder]) => folder).sort();
}
