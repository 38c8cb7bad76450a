// Faults in files the user gave: an InputError (src/core/errors.ts, exit code 2 in the CLI) whose
// message starts with the file at fault, then what is wrong with it.
import { statSync } from 'node:fs';
import { InputError } from './errors';

/**
 * `file: fault`, the first line (keep it short: the file, the fault, the next step); `details`
 * (candidates, what was considered) follow on indented lines.
 */
export function fileFault(file: string, fault: string, details: readonly string[] = []): InputError {
  return new InputError(`${file}: ${fault}${details.map((d) => `\n  ${d}`).join('')}`);
}

/** The first line of an error's message, for wrapping library errors into a fileFault. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}

/** The size of a regular, non-empty file the user gave; a fileFault when it is missing, a folder or empty. */
export function nonEmptyFileSize(path: string): number {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw fileFault(path, 'is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileFault(path, 'does not exist');
  }
  if (size === 0) throw fileFault(path, 'is empty (0 bytes)');
  return size;
}
