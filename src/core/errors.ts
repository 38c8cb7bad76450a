// Errors core code raises for bad input data (file contents, shapes, labels, values). The message
// names the file or array and what is wrong; the CLI prints it as a one-line error with exit code 2.
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** `assert(cond, () => message)`: the message is built only when the check fails. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new InputError(message());
}
