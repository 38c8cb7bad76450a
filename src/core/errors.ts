// The one error hierarchy. Every error a user can fix by changing what they gave is an InputError:
// its message names the file, array or option at fault and what is wrong, and the CLI prints it as
// one line with exit code 2 (runCli, and the engine process's reply), never a stack trace. Anything
// else is a bug and keeps its stack.
//
//   InputError                bad input: file contents, shapes, labels, values
//   ├─ UsageError             bad command-line arguments (option values, missing options)
//   ├─ LpmArgumentError       a bad argument to an LPM function (counts, budgets, weights, minority)
//   ├─ LpmUncertifiedError    an LPM solve that could not be certified, so its geometry is not shown
//   └─ BackendError           a tfjs backend that was asked for but could not start
import { statSync } from 'node:fs';

export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/** Bad command-line arguments; runCli prints `collapse-lens <command>: <message>`. */
export class UsageError extends InputError {
  override readonly name: string = 'UsageError';
}

/** A bad argument to an LPM function: the message says which argument and what is wrong. */
export class LpmArgumentError extends InputError {
  override readonly name: string = 'LpmArgumentError';
}

/** The LPM solve stopped without the certified duality gap a report needs. */
export class LpmUncertifiedError extends InputError {
  override readonly name: string = 'LpmUncertifiedError';
}

/** A backend requested by name (`--backend wasm`) that could not be started. */
export class BackendError extends InputError {
  override readonly name: string = 'BackendError';
}

/** Exit code of the CLI (and of the engine's error replies) for an error: 2 for bad input, else 1. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return error instanceof InputError ? 2 : 1;
}

/** `check(cond, () => message)`: the message is built only when the check fails. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new InputError(message());
}

/** An InputError whose message starts with the file at fault, then what is wrong with it. */
export function fileFault(file: string, fault: string, details: readonly string[] = []): InputError {
  return new InputError(`${file}: ${fault}${details.map((d) => `\n  ${d}`).join('')}`);
}

/** A tfjs error's first line without its boilerplate ("File an issue at https://github.com/… so we can add it, …"). */
export function tfjsMessage(error: unknown): string {
  const message = describeError(error).replace(/\s*File an issue at \S+.*$/, '').replace(/\.$/, '');
  return /^Unknown op /.test(message) ? `${message}: tfjs has no kernel for it; re-export the model without it, or register it with tf.registerOp` : message;
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
