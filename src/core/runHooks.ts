// Hooks every long-running core function takes: cancellation and progress.
import type { Progress } from '../protocol/progress';

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Throws the standard AbortError when the run was cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Cancelled', 'AbortError');
}
