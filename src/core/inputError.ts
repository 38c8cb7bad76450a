// Bad input from a file or folder the user gave. Core throws it with the path and the fault; the
// CLI turns it into exit code 2 and the engine into an error message, never a stack trace.
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    /** The file or folder at fault, as the user gave it (or as derived from what they gave). */
    readonly file: string,
    /** What is wrong with it, in one sentence. */
    readonly fault: string,
  ) {
    super(`${file}: ${fault}`);
  }
}

/** The first line of an error's message, for wrapping library errors into an InputError. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
