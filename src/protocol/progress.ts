// Progress of a long run, streamed from core → engine → extension/CLI.
export interface Progress {
  /** What is running: "pass 1/2: class means", "extracting features", "fitting LPM", … */
  stage: string;
  /** Work done and, when known, total, in `unit`s. */
  done: number;
  total?: number;
  unit: 'batches' | 'samples' | 'iterations' | 'checkpoints' | 'points';
  /** Samples processed so far (for samples/s), when the stage processes samples. */
  samples?: number;
  /** LPM fits: the relative certified duality gap (f − lower bound)/f at the last certificate check. */
  gap?: number;
}
