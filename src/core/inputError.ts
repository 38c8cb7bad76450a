// Faults in files the user gave: an InputError (src/core/errors.ts, exit code 2 in the CLI) whose
// message starts with the file at fault, then what is wrong with it.
import { InputError } from './errors';

export function fileFault(file: string, fault: string): InputError {
  return new InputError(`${file}: ${fault}`);
}

/** The first line of an error's message, for wrapping library errors into a fileFault. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
