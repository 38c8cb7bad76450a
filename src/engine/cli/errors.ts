/** Bad input from the user (arguments, files): exit code 2 and a one-line message, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}
