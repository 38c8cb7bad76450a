// A one-line progress bar on stderr for terminals: stage, bar, done/total, samples/s, time left.
// Redrawn in place (\r + erase line) at most every `intervalMs`; `finish` clears it so that the
// result on stdout (or the next message) starts on a clean line. Any command can use it.
import type { Progress } from '../../protocol/progress';

export interface ProgressBar {
  update(progress: Progress): void;
  /** Erases the bar. */
  finish(): void;
}

export interface ProgressBarOptions {
  /** Terminal width (default 80). */
  columns?: number;
  intervalMs?: number;
  now?: () => number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The text of one bar line (no control characters), given the time since the stage started. */
export function formatProgress(p: Progress, elapsedMs: number, columns = 80): string {
  const parts: string[] = [];
  const count = p.total !== undefined ? `${p.done}/${p.total} ${p.unit}` : `${p.done} ${p.unit}`;
  const seconds = elapsedMs / 1000;
  if (p.samples !== undefined && seconds > 0) parts.push(`${Math.round(p.samples / seconds)} samples/s`);
  if (p.gap !== undefined) parts.push(`gap ${p.gap.toExponential(1)}`);
  // An LPM fit's total is an iteration cap, not the work left: it shows its gap instead of a time left.
  if (p.gap === undefined && p.total !== undefined && p.done > 0 && p.done < p.total) parts.push(`${duration((seconds / p.done) * (p.total - p.done))} left`);
  const tail = [count, ...parts].join(' · ');
  // The numbers matter most: shorten the stage name, never the tail.
  const room = Math.max(8, columns - 1 - tail.length - 1);
  const barWidth = p.total ? Math.min(30, room - p.stage.length - 3) : 0;
  let bar = '';
  if (barWidth >= 5 && p.total) {
    const filled = Math.round((Math.min(p.done, p.total) / p.total) * barWidth);
    bar = ` [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  }
  const stage = p.stage.length > room ? p.stage.slice(0, room - 1) + '…' : p.stage;
  return `${stage}${bar} ${tail}`;
}

export function createProgressBar(write: (text: string) => void, options: ProgressBarOptions = {}): ProgressBar {
  const now = options.now ?? (() => Date.now());
  const interval = options.intervalMs ?? 100;
  let stage: string | undefined;
  let stageStart = 0;
  let lastDraw = -Infinity;
  let shown = false;
  let gapShown = false;
  return {
    update(p) {
      const t = now();
      if (p.stage !== stage) {
        stage = p.stage;
        stageStart = t;
        lastDraw = -Infinity;
        gapShown = false;
      }
      const last = p.total !== undefined && p.done >= p.total;
      // A stage's first gap is drawn whatever the interval: the start event before it carries none.
      const firstGap = p.gap !== undefined && !gapShown;
      if (t - lastDraw < interval && !last && !firstGap) return;
      lastDraw = t;
      if (p.gap !== undefined) gapShown = true;
      write(`\r${formatProgress(p, t - stageStart, options.columns)}\x1b[K`);
      shown = true;
    },
    finish() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/**
 * Progress for a CLI run: forwarded as structured events (the engine process) and drawn as a bar on
 * stderr when it is a terminal and `--quiet` was not given. Call `finish()` when the run ends.
 */
export function cliProgress(io: { stderr: (text: string) => void; interactive: boolean; progress?: (p: Progress) => void }, quiet: boolean): { onProgress: (p: Progress) => void; finish: () => void } {
  const bar = io.interactive && !quiet ? createProgressBar(io.stderr, { columns: process.stderr.columns || 80 }) : undefined;
  return {
    onProgress: (p) => {
      io.progress?.(p);
      bar?.update(p);
    },
    finish: () => bar?.finish(),
  };
}
